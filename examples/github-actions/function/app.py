from smoke_greeting import greeting


def handler(event, context):
    return {"message": greeting(event["name"])}
