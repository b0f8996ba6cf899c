"""lsim Python runtime (/var/runtime/bootstrap.py), standard library only.

Behaves like the managed python3.9-3.13 runtimes: builds sys.path from the runtime id (not from the
interpreter, which is the nearest one where lsim has no build of the exact minor), loads _HANDLER from LAMBDA_TASK_ROOT and serves invocations from the
Runtime API at AWS_LAMBDA_RUNTIME_API. Everything the runtime needs is imported before user paths are added.
"""

import decimal
import http.client
import importlib
import json
import logging
import os
import site
import sys
import time
import traceback

TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", "/var/task")
RUNTIME_DIR = os.environ.get("LAMBDA_RUNTIME_DIR", "/var/runtime")


def runtime_version():
    """X.Y from AWS_EXECUTION_ENV=AWS_Lambda_pythonX.Y, else the interpreter's own."""
    execution_env = os.environ.get("AWS_EXECUTION_ENV", "")
    prefix = "AWS_Lambda_python"
    if execution_env.startswith(prefix):
        parts = execution_env[len(prefix):].split(".")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            return "{}.{}".format(*parts)
    return "{}.{}".format(*sys.version_info[:2])


PYTHON_VERSION = runtime_version()
OPT_SITE_PACKAGES = "/opt/python/lib/python{}/site-packages".format(PYTHON_VERSION)
OPT_PYTHON = "/opt/python"
VAR_LANG_SITE_PACKAGES = "/var/lang/lib/python{}/site-packages".format(PYTHON_VERSION)

# ---------------------------------------------------------------------------------------------------------
# sys.path and PYTHONPATH, in Lambda's order. A user-set PYTHONPATH (even empty) turns the /opt entries off.


def user_set_pythonpath():
    return "PYTHONPATH" in os.environ


def set_default_sys_path():
    if not user_set_pythonpath():
        if PYTHON_VERSION in ("3.10", "3.11"):
            sys.path.insert(0, VAR_LANG_SITE_PACKAGES)
        sys.path.insert(0, OPT_PYTHON)
        sys.path.insert(0, OPT_SITE_PACKAGES)
    sys.path.insert(0, TASK_ROOT)
    # The interpreter's own site-packages, last as in Lambda: boto3's home from python3.10 on (up to 3.9
    # it is /var/runtime, this script's folder). Debian's interpreter would not add it by itself.
    if VAR_LANG_SITE_PACKAGES not in sys.path:
        sys.path.append(VAR_LANG_SITE_PACKAGES)


def add_default_site_directories():
    # Site directories so .pth files are honoured: the task root always, the layer folders by default.
    site.addsitedir(TASK_ROOT)
    if not user_set_pythonpath():
        site.addsitedir(OPT_SITE_PACKAGES)
        site.addsitedir(OPT_PYTHON)


def set_default_pythonpath():
    if not user_set_pythonpath():
        os.environ["PYTHONPATH"] = RUNTIME_DIR


# ---------------------------------------------------------------------------------------------------------
# Errors


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


def error_payload(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


def user_frames(tb):
    """Traceback entries from the first frame outside this file on."""
    frames = traceback.extract_tb(tb)
    for index, frame in enumerate(frames):
        if not frame.filename.endswith("/bootstrap.py"):
            return traceback.format_list(frames[index:])
    return traceback.format_list(frames)


def payload_from_exception(exc_info, request_id=None):
    etype, value, tb = exc_info
    return error_payload(str(value), etype.__name__, user_frames(tb), request_id)


NO_BREAK_SPACE = "\u00a0"


def log_error(payload):
    """One record: "[ERROR] Type: message" and the traceback, lines joined by carriage returns."""
    head = "[ERROR]"
    if payload.get("errorType"):
        head += " " + payload["errorType"]
    if payload.get("errorMessage"):
        if payload.get("errorType"):
            head += ":"
        head += " " + payload["errorMessage"]
    lines = [head]
    trace = payload.get("stackTrace")
    if trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in trace:
            if element == "":
                lines.append("")
                continue
            for line in element.splitlines():
                stripped = line.lstrip(" ")
                lines.append(NO_BREAK_SPACE * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------------------
# Handler loading


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, e))

    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(module_name),
            )
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(module_name, e)
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(module_name, e), trace
        )

    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND,
            "Handler '{}' missing on module '{}'".format(function_name, module_name),
        )


# ---------------------------------------------------------------------------------------------------------
# JSON


class ResponseEncoder(json.JSONEncoder):
    def default(self, obj):
        if isinstance(obj, decimal.Decimal):
            if obj.is_nan():
                return float("nan")
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        return super().default(obj)


def escapes_non_ascii():
    """Up to python3.11 the runtime escapes non-ASCII characters as \\uXXXX; from python3.12 on it writes them
    as they are (docs/lambda-facts.md#runtime-api)."""
    major, minor = (int(part) for part in PYTHON_VERSION.split("."))
    return (major, minor) < (3, 12)


def to_json(value):
    return ResponseEncoder(ensure_ascii=escapes_non_ascii()).encode(value)


def marshal_response(response):
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return to_json(response).encode("utf-8"), "application/json"
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(e))


def unmarshal_event(body, content_type):
    if content_type != "application/json":
        return body
    try:
        return json.loads(body)
    except Exception as e:
        raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(e))


# ---------------------------------------------------------------------------------------------------------
# Context


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]


def object_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field))
    return obj


class LambdaContext(object):
    def __init__(self, request_id, client_context, cognito_identity, deadline_ms, invoked_function_arn, tenant_id):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = object_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = object_from_dict(Client, self.client_context.client)
        self.identity = object_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (
            "LambdaContext([aws_request_id={},log_group_name={},log_stream_name={},function_name={},"
            "memory_limit_in_mb={},function_version={},invoked_function_arn={},client_context={},identity={},"
            "tenant_id={}])".format(
                self.aws_request_id,
                self.log_group_name,
                self.log_stream_name,
                self.function_name,
                self.memory_limit_in_mb,
                self.function_version,
                self.invoked_function_arn,
                self.client_context,
                self.identity,
                self.tenant_id,
            )
        )


def parse_json_header(value, name):
    try:
        return json.loads(value)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, e)
        )


# ---------------------------------------------------------------------------------------------------------
# Runtime API client


class RuntimeApiClient(object):
    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.host, self.port = host, int(port)
        self.connection = None

    def _request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port)  # no timeout: /next blocks
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                return response, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise

    def next(self):
        response, body = self._request("GET", "/2018-06-01/runtime/invocation/next")
        if response.status != 200:
            raise RuntimeError("Runtime API /next answered {}: {!r}".format(response.status, body))
        return response.headers, body

    def post_response(self, request_id, body, content_type):
        self._request(
            "POST",
            "/2018-06-01/runtime/invocation/{}/response".format(request_id),
            body,
            {"Content-Type": content_type},
        )

    def post_error(self, request_id, payload):
        self._post_error("/2018-06-01/runtime/invocation/{}/error".format(request_id), payload)

    def post_init_error(self, payload):
        self._post_error("/2018-06-01/runtime/init/error", payload)

    def _post_error(self, path, payload):
        error_type = "".join(c for c in str(payload.get("errorType", "")) if " " <= c <= "~")
        self._request(
            "POST",
            path,
            to_json(payload).encode("utf-8"),
            {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error_type},
        )


# ---------------------------------------------------------------------------------------------------------
# Logging and the invoke loop

CURRENT_REQUEST_ID = None


class Unbuffered(object):
    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def write(self, data):
        self.stream.write(data)
        self.stream.flush()

    def writelines(self, lines):
        self.stream.writelines(lines)
        self.stream.flush()


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = CURRENT_REQUEST_ID or ""
        return True


class StdoutHandler(logging.Handler):
    def emit(self, record):
        try:
            sys.stdout.write(self.format(record))
        except Exception:
            self.handleError(record)


def setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = StdoutHandler()
    handler.setFormatter(
        logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"
        )
    )
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


def handle_invocation(client, handler, headers, body):
    request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
    try:
        client_context = headers.get("Lambda-Runtime-Client-Context")
        cognito_identity = headers.get("Lambda-Runtime-Cognito-Identity")
        context = LambdaContext(
            request_id,
            parse_json_header(client_context, "Client Context") if client_context else None,
            parse_json_header(cognito_identity, "Cognito Identity") if cognito_identity else None,
            int(headers.get("Lambda-Runtime-Deadline-Ms") or 0),
            headers.get("Lambda-Runtime-Invoked-Function-Arn"),
            headers.get("Lambda-Runtime-Aws-Tenant-Id"),
        )
        content_type = headers.get("Content-Type") or "application/json"
        event = unmarshal_event(body, content_type.split(";")[0].strip())
        result, result_type = marshal_response(handler(event, context))
    except FaultException as e:
        payload = error_payload(e.msg, e.exception_type, e.trace, request_id)
    except Exception:
        payload = payload_from_exception(sys.exc_info(), request_id)
    else:
        client.post_response(request_id, result, result_type)
        return
    log_error(payload)
    client.post_error(request_id, payload)


def run(handler_name, runtime_api):
    global CURRENT_REQUEST_ID
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    client = RuntimeApiClient(runtime_api)
    try:
        setup_logging()
        handler = load_handler(handler_name)
    except FaultException as e:
        payload = error_payload(e.msg, e.exception_type, e.trace)
        log_error(payload)
        client.post_init_error(payload)
        sys.exit(1)
    except Exception:
        payload = payload_from_exception(sys.exc_info())
        log_error(payload)
        client.post_init_error(payload)
        sys.exit(1)

    while True:
        headers, body = client.next()
        CURRENT_REQUEST_ID = headers.get("Lambda-Runtime-Aws-Request-Id")
        trace_id = headers.get("Lambda-Runtime-Trace-Id")
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        handle_invocation(client, handler, headers, body)


def check_sdk():
    """Image build check (images/python/Dockerfile): boto3 imports from where Lambda keeps it."""
    import boto3
    import botocore

    print("lsim: boto3 {} at {}, botocore {}".format(boto3.__version__, os.path.dirname(boto3.__file__), botocore.__version__))


def keep_exec_errors_under_emulation():
    """arm64 runs under QEMU user emulation here (docs/deviations.md#arm64-under-qemu). glibc's posix_spawn
    reports a failed exec from a CLONE_VM | CLONE_VFORK child, which QEMU runs as a fork: the error is lost
    and the child exits 127, where Graviton raises OSError (ENOEXEC for a program of the other
    architecture). CPython's subprocess uses posix_spawn when it can (3.13 and later even with
    close_fds); its fork-and-exec path reports the error through a pipe, which emulation keeps."""
    if os.uname().machine != "aarch64":
        return
    import subprocess

    subprocess._USE_POSIX_SPAWN = False


def main():
    if sys.argv[1:] == ["--lsim-check-sdk"]:
        set_default_sys_path()
        check_sdk()
        return
    set_default_sys_path()
    add_default_site_directories()
    set_default_pythonpath()
    keep_exec_errors_under_emulation()
    run(os.environ.get("_HANDLER", ""), os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"))


if __name__ == "__main__":
    main()
