from . import urllib3  # noqa: F401
