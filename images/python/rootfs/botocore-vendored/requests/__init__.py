# The exception classes upstream botocore vendors as botocore.vendored.requests, which Lambda's botocore
# carries and Debian's replaces with a dependency on the real requests (which Lambda does not ship).
# images/python/rootfs/customize-hook.sh points Debian's botocore/exceptions.py back here.
from . import exceptions  # noqa: F401
