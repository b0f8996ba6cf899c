def handler(event, context):
    return {"nested": True}
