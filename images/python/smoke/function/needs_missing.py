import lsim_not_installed  # noqa: F401


def handler(event, context):
    return "unreachable"
