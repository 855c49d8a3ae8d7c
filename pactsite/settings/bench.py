"""`make bench` only (bench/load.py): production's settings, plus a count of the SQL queries of
each request in an `X-Bench-Queries` header, so the bench reports queries per request from the
same server it times. Never used to serve the public site.

Production refuses to start without SECRET_KEY and ALLOWED_HOSTS: the bench gives throwaway
ones for its loopback server. The demo app is installed so that `load_demo` can lay the sample
site the bench grows; it has no models, URLs, hooks or signals, so it changes nothing served.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-to-serve-the-public-site")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from .production import *  # noqa: E402, F403
from .production import INSTALLED_APPS, MIDDLEWARE  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
# Outermost, so that the queries of every other middleware (ETags, 304s, sessions) count too.
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]
