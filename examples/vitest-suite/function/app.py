from shouting import shout


def handler(event, context):
    if "name" not in event:
        raise ValueError("no name in the event")
    print("greeting", event["name"])
    return {"greeting": shout("hello " + event["name"])}
