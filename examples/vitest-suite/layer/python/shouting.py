"""A helper shared through a layer: Lambda puts it at /opt/python, on sys.path."""


def shout(text):
    return text.upper() + "!"
