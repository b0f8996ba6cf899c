import os

import greeting
import formatting


def handler(event, context):
    name = event.get("name", "world")
    return {
        "message": formatting.shout(greeting.hello(name)),
        "stage": os.environ["STAGE"],
        "region": os.environ["REGION"],
    }
