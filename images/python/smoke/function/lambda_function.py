"""Smoke handlers for lsim's python image: layer lookups, errors, context and logging."""
import json
import logging
import os
import sys

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def find(module_name):
    try:
        module = __import__(module_name)
        return getattr(module, "SOURCE", module.__file__)
    except ImportError as e:
        return "missing: {}".format(e)


def handler(event, context):
    print("print passes through")
    logger.info("event %s", json.dumps(event))
    return {
        "layer": find("lsim_smoke_layer"),
        "pth": find("pth_target_module"),
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "memoryLimitInMB": context.memory_limit_in_mb,
        "remainingPositive": context.get_remaining_time_in_millis() > 0,
        "traceId": os.environ.get("_X_AMZN_TRACE_ID"),
        "pythonpath": os.environ.get("PYTHONPATH"),
        "sysPathHead": sys.path[:4],
    }


def boom(event, context):
    raise ValueError("boom")


def unserialisable(event, context):
    return {"a_set": {1, 2}}
