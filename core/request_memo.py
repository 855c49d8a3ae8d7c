"""Values computed once per request instead of once per use.

A page asks the same question of the database several times while it is built: which sections
of the tree the public may not see (core.visibility.hidden_sections) is asked by the page, the
menu, each listing and block that lists pages, up to eight times for the home page. Within one
GET or HEAD request nothing is written, so the answer cannot change: the first use computes it,
the others reuse it. A memo lives in a context variable for the duration of one request (the
middleware that opens it: pact.caching.SharedCachingMiddleware), so threads and concurrent
requests never share one; outside a request every use computes afresh.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_memo = ContextVar("core_request_memo", default=None)


@contextmanager
def request_scope():
    """Keep what is remembered for as long as this block runs (one safe request)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key, compute):
    """compute(), once per request scope under `key`; every time outside one."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
