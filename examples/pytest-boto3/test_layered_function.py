import json
import time

import pytest

from conftest import zip_folder


@pytest.fixture(scope="module")
def function_name(lambda_client):
    layer = lambda_client.publish_layer_version(
        LayerName="farewell", Content={"ZipFile": zip_folder("layer")}, CompatibleRuntimes=["python3.12"]
    )
    lambda_client.create_function(
        FunctionName="farewell-fn",
        Runtime="python3.12",
        Handler="app.handler",
        Role="arn:aws:iam::123456789012:role/pytest",
        Code={"ZipFile": zip_folder("function")},
        Layers=[layer["LayerVersionArn"]],
    )
    lambda_client.get_waiter("function_active_v2").wait(FunctionName="farewell-fn")
    yield "farewell-fn"
    lambda_client.delete_function(FunctionName="farewell-fn")
    lambda_client.delete_layer_version(LayerName="farewell", VersionNumber=layer["Version"])


def test_invoke_uses_the_layer(lambda_client, function_name):
    response = lambda_client.invoke(FunctionName=function_name, Payload=json.dumps({"name": "Grace"}))
    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    assert json.loads(response["Payload"].read()) == {"message": "Goodbye, Grace."}


def test_the_invoke_is_in_cloudwatch_logs(lambda_client, logs_client, function_name):
    lambda_client.invoke(FunctionName=function_name, Payload=json.dumps({"name": "Ada"}))
    group = "/aws/lambda/" + function_name
    # Logs arrive shortly after the invoke returns, in CloudWatch as in lsim: poll, as log readers do.
    deadline = time.monotonic() + 15
    while True:
        streams = logs_client.describe_log_streams(logGroupName=group, orderBy="LastEventTime", descending=True)
        newest = streams["logStreams"][0]["logStreamName"]
        events = logs_client.get_log_events(logGroupName=group, logStreamName=newest, startFromHead=True)["events"]
        messages = [event["message"] for event in events]
        if "saying goodbye to Ada\n" in messages or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert "saying goodbye to Ada\n" in messages
    assert messages[0].startswith("START RequestId: ")


def test_a_missing_function_is_lambdas_error(lambda_client):
    with pytest.raises(lambda_client.exceptions.ResourceNotFoundException):
        lambda_client.invoke(FunctionName="no-such-function")
