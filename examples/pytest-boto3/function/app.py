from farewell import farewell


def handler(event, context):
    print("saying goodbye to", event["name"])
    return {"message": farewell(event["name"])}
