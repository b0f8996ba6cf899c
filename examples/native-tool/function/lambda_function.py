import subprocess


def lambda_handler(event, context):
    out = subprocess.run(["greet", event.get("name", "world")], capture_output=True, text=True, check=True)
    return {"message": out.stdout.strip()}
