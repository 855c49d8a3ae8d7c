"""An HTTP server in a thread of the test that stands in for an outside service (the cache in
front, which is sent PURGE requests; a self-hosted Sentry, which is sent error reports) and
keeps what it was sent, on `server.received`."""

import http.server
import threading
from contextlib import contextmanager


@contextmanager
def recording_server(handler_class):
    """A ThreadingHTTPServer on a free port of 127.0.0.1 serving `handler_class`, whose
    handlers append what they were sent to `self.server.received`; shut down afterwards."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
