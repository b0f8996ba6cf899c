"""A package shipped in a layer: Lambda puts /opt/python on sys.path."""


def greet(name):
    return f"Hello, {name}! (from the greetings layer)"
