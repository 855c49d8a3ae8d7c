"""The site under load: gunicorn with the bench settings (production's, plus a query count) on
a free loopback port, and single requests to it that read what locust does not report (status,
queries, size, ETag)."""

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.query_count import HEADER as QUERIES_HEADER

# What a browser behind the production proxy sends: the proxy says the request came over HTTPS
# (production redirects plain HTTP), and the client accepts compressed answers.
REQUEST_HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
REPO = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`with Gunicorn(env, workers, log_path) as server:` serves the site at server.host and
    server.port until the block ends."""

    def __init__(self, env, workers, log_path):
        self.env = env
        self.workers = workers
        self.log_path = log_path
        self.host = "127.0.0.1"
        self.port = free_port()
        self.process = None

    def __enter__(self):
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "pactsite.wsgi",
                "--bind",
                f"{self.host}:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "120",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()
        return self

    def __exit__(self, *exc_info):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    @property
    def base_url(self):
        return f"http://{self.host}:{self.port}"

    def _wait_until_ready(self, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start: see {self.log_path}")
            try:
                if probe(self.host, self.port, "/healthz/")["status"] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer /healthz/ in {seconds} s: see {self.log_path}")


def probe(host, port, path, etag=None):
    """One GET with the load's headers: its status, SQL queries (from the bench settings'
    header), bytes on the wire, ETag and milliseconds."""
    headers = dict(REQUEST_HEADERS)
    if etag:
        headers["If-None-Match"] = etag
    connection = http.client.HTTPConnection(host, port, timeout=300)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        connection.close()
    queries = response.getheader(QUERIES_HEADER)
    return {
        "status": response.status,
        "queries": int(queries) if queries is not None else None,
        "bytes": len(body),
        "etag": response.getheader("ETag"),
        "ms": elapsed,
    }
