import sys

from greetings import greet


def lambda_handler(event, context):
    print(f"request {context.aws_request_id}: greeting {event.get('name')}")
    return {"message": greet(event.get("name", "world")), "sys_path_head": sys.path[:3]}
