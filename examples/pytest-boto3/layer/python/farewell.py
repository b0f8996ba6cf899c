"""A helper shared through a layer: Lambda puts it at /opt/python, on sys.path."""


def farewell(name):
    return "Goodbye, " + name + "."
