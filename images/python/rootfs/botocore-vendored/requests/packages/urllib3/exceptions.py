"""The class tree of urllib3.exceptions that botocore's ReadTimeoutError derives from."""


class HTTPError(Exception):
    pass


class PoolError(HTTPError):
    def __init__(self, pool, message):
        self.pool = pool
        super().__init__("%s: %s" % (pool, message))


class RequestError(PoolError):
    def __init__(self, pool, url, message):
        self.url = url
        super().__init__(pool, message)


class TimeoutError(HTTPError):
    pass


class ReadTimeoutError(TimeoutError, RequestError):
    pass
