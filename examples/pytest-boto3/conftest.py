"""boto3 clients on a running `lsim serve`, named by LSIM_ENDPOINT (its printed URL)."""
import io
import os
import pathlib
import zipfile

import boto3
import pytest

HERE = pathlib.Path(__file__).parent


def _client(service):
    return boto3.client(
        service,
        endpoint_url=os.environ["LSIM_ENDPOINT"],
        region_name="us-east-1",
        # lsim serve takes the account from a 12-digit access key id (src/server/identity.ts in lsim).
        aws_access_key_id="123456789012",
        aws_secret_access_key="unused",
    )


@pytest.fixture(scope="session")
def lambda_client():
    return _client("lambda")


@pytest.fixture(scope="session")
def logs_client():
    return _client("logs")


def zip_folder(name):
    """The folder's files at the zip root, as `cd folder && zip -r` makes it."""
    buffer = io.BytesIO()
    root = HERE / name
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()
