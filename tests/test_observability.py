"""What an operator relies on (observability/): the health endpoints the proxy and the
orchestrator probe, the request id, the one JSON log line per request, and error reports that
reach a Sentry-compatible server without personal data.
"""

import gzip
import http.server
import io
import json
import logging
import re
import socket
import threading
import time
import wsgiref.util

import pytest
import sentry_sdk
from django.core import signals
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, close_old_connections, connections
from django.test import Client
from django.urls import URLResolver, get_resolver, path
from django.utils.module_loading import import_string

from observability import health
from observability.errors import start_error_reporting
from observability.redaction import SECRET_URL_ARGUMENTS
from pactsite.urls import urlpatterns as site_urlpatterns
from tests.factories import UserFactory
from tests.production import production_module
from tests.recording_server import recording_server
from tests.sitemaps import sitemap_text

# --- Health endpoints -------------------------------------------------------------------------

PRODUCTION_HOST = {"ALLOWED_HOSTS": ["pact.example.org"], "SECURE_SSL_REDIRECT": True}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def probe(settings):
    """A client probing by IP address over plain HTTP, as an orchestrator does, with
    production's host list and HTTPS redirect in force."""
    for name, value in PRODUCTION_HOST.items():
        setattr(settings, name, value)
    # Generous: a loaded machine must not turn a check into a timeout.
    settings.READINESS_TIMEOUT = 10
    yield Client(HTTP_HOST="10.0.0.7:8000")
    # No check of this test may still be running when the next one probes.
    for check in list(health._last_checks.values()):
        check.join(10)


def test_healthz_answers_a_probe_by_ip_over_http(probe):
    response = probe.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    # Anywhere else the host check and the HTTPS redirect still hold.
    assert probe.get("/search/").status_code == 400
    visitor = Client(HTTP_HOST="pact.example.org")
    assert visitor.get("/search/").status_code == 301
    assert visitor.get("/healthz/").status_code == 200


def test_health_endpoints_answer_only_get_and_head(probe):
    assert probe.head("/healthz/").status_code == 200
    assert probe.post("/healthz/").status_code == 405
    assert probe.post("/readyz/").status_code == 405


@pytest.mark.django_db
def test_readyz_is_ready_when_database_cache_and_storages_answer(probe, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private-not-made-yet")},
        },
    }
    response = probe.get("/readyz/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "storage:private"}
    assert {check["status"] for check in body["checks"].values()} == {"ok"}
    assert "no-store" in response["Cache-Control"]


def refuse_connections(*args, **kwargs):
    raise OperationalError("connection to server at 10.0.0.9, port 5432 failed: refused")


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_database_is_down(probe, monkeypatch):
    # Connections already open (the test's own) stay; every new one is refused, as when the
    # database server has gone away.
    monkeypatch.setattr(type(connections["default"]), "get_new_connection", refuse_connections)

    response = probe.get("/readyz/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "status": "failed",
        "error": "OperationalError",
        "duration_ms": body["checks"]["database"]["duration_ms"],
    }
    assert body["checks"]["cache"]["status"] == "ok"
    assert "10.0.0.9" not in response.content.decode()


@pytest.fixture
def hung_database(monkeypatch):
    """A database that never answers a new connection until the test ends."""
    released = threading.Event()

    def hang(*args, **kwargs):
        released.wait(30)
        raise OperationalError("gave up")

    monkeypatch.setattr(type(connections["default"]), "get_new_connection", hang)
    yield
    released.set()
    hung = health._last_checks.get("database")
    if hung is not None:
        hung.join(10)


@pytest.mark.django_db
def test_readyz_answers_at_its_deadline_when_the_database_hangs(probe, hung_database, settings):
    settings.READINESS_TIMEOUT = 0.5
    first = probe.get("/readyz/")

    assert first.status_code == 503
    assert first.json()["checks"]["database"] == {"status": "failed", "error": "timeout"}
    assert first.json()["checks"]["cache"]["status"] == "ok"
    threads = threading.active_count()
    # The next probe does not start a second hanging check.
    second = probe.get("/readyz/")
    assert second.json()["checks"]["database"]["error"] == "timeout (still running)"
    assert threading.active_count() <= threads


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_cache_is_down(probe, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    response = probe.get("/readyz/")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"]["status"] == "failed"
    assert checks["database"]["status"] == checks["storage"]["status"] == "ok"


@pytest.mark.django_db
def test_readyz_is_unavailable_when_a_storage_cannot_take_files(probe, settings, tmp_path):
    not_a_folder = tmp_path / "mount-point"
    not_a_folder.write_text("the share is not mounted")
    settings.MEDIA_ROOT = str(not_a_folder / "media")

    response = probe.get("/readyz/")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage"] == {
        "status": "failed",
        "error": "NotADirectoryError",
        "duration_ms": checks["storage"]["duration_ms"],
    }
    assert checks["database"]["status"] == checks["cache"]["status"] == "ok"


@pytest.mark.django_db
def test_health_endpoints_are_not_pages_of_the_site(client, home_page):
    sitemap = sitemap_text(client)
    assert "<loc>" in sitemap
    assert "healthz" not in sitemap and "readyz" not in sitemap


# --- Request id and the JSON log line -----------------------------------------------------------


@pytest.fixture
def json_log():
    """The lines production's LOGGING writes (its JSON formatter and request-id filter, on
    the root logger), as dicts."""
    config = production_module().LOGGING
    options = dict(config["formatters"]["json"])
    formatter = import_string(options.pop("()"))(**options)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(import_string(config["filters"]["request_id"]["()"])())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "observability.requests"]


@pytest.mark.django_db
def test_one_json_line_per_request_without_tokens_or_query_values(client, json_log):
    response = client.get(
        "/alerts/manage/SECRET-TOKEN-123/?q=alice%40example.org&page=2", HTTP_X_REQUEST_ID="a" * 32
    )

    assert response.status_code == 404
    lines = json_log()
    [line] = request_lines(lines)
    assert line == {
        "time": line["time"],
        "level": "INFO",
        "logger": "observability.requests",
        "message": "GET /alerts/manage/<token>/ 404",
        "request_id": "a" * 32,
        "method": "GET",
        "path": "/alerts/manage/<token>/",
        "query_params": ["q", "page"],
        "status": 404,
        "duration_ms": line["duration_ms"],
        "user_id": None,
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", line["time"])
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    # Django's own "Not Found" line carries the request id too, and no token either.
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["request_id"] == "a" * 32
    assert not_found["message"] == "Not Found: /alerts/manage/<token>/"
    everything = json.dumps(lines)
    assert "SECRET-TOKEN-123" not in everything
    assert "alice" not in everything


@pytest.mark.django_db
def test_the_log_line_names_the_logged_in_user_by_id_only(client, json_log):
    user = UserFactory(email="carol@example.org", display_name="Carol Example")
    client.force_login(user)

    client.get("/account/")

    [line] = request_lines(json_log())
    assert line["user_id"] == user.pk
    assert line["path"] == "/account/"
    assert "carol" not in json.dumps(json_log()).lower()


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_echoed(client, json_log):
    response = client.get("/healthz/", HTTP_X_REQUEST_ID="7f3c2a1e-proxy-id.1:2")

    assert response["X-Request-ID"] == "7f3c2a1e-proxy-id.1:2"


def test_a_request_without_an_id_is_given_one(client):
    first = client.get("/healthz/")["X-Request-ID"]
    second = client.get("/healthz/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


@pytest.mark.parametrize(
    "offered",
    ["", "short", "has space in it", 'quote"d-id-1', "x" * 129, "-starts-with-dash", "é" * 12],
)
def test_a_malformed_request_id_is_replaced(client, offered):
    answered = client.get("/healthz/", HTTP_X_REQUEST_ID=offered)["X-Request-ID"]

    assert answered != offered
    assert re.fullmatch(r"[0-9a-f]{32}", answered)


@pytest.mark.django_db
def test_a_forged_log_line_in_the_request_id_is_refused(client, json_log):
    forged = 'abc12345\n{"level": "INFO", "message": "forged"}'
    response = client.get("/healthz/", HTTP_X_REQUEST_ID=forged)

    assert response["X-Request-ID"] != forged
    assert "forged" not in json.dumps(json_log())


def test_health_probes_are_not_logged_at_info_while_they_succeed(client, json_log):
    client.get("/healthz/")

    assert request_lines(json_log()) == []


def test_every_secret_looking_url_argument_is_redacted():
    """A new link with a token in its path must join SECRET_URL_ARGUMENTS, or its tokens
    would be written to the logs and error reports."""
    looks_secret = re.compile(r"token|uid|key|secret|signature|hash|password", re.IGNORECASE)
    arguments = set()

    def walk(patterns):
        for pattern in patterns:
            arguments.update(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)
    secret_looking = {name for name in arguments if looks_secret.search(name)}
    assert {"token", "uidb64"} <= secret_looking
    assert secret_looking <= SECRET_URL_ARGUMENTS


# --- Error reports to a Sentry-compatible server -----------------------------------------------


class EnvelopeRecorder(http.server.BaseHTTPRequestHandler):
    """A stand-in for a self-hosted Sentry: accepts every envelope and keeps its items."""

    def do_POST(self):  # noqa: N802 - the method name http.server looks for
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            # sentry-sdk compresses with Brotli when the brotli package is installed (locust,
            # of make bench, brings it), as a real Sentry accepts.
            import brotli

            body = brotli.decompress(body)
        self.server.received.append((self.path, parse_envelope(body)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def parse_envelope(body):
    """[(item header, item payload)] of a Sentry envelope: a header line, then for each item a
    header line and a payload of `length` bytes (or up to the end of the line)."""
    header_line, _, rest = body.partition(b"\n")
    json.loads(header_line)
    items = []
    while rest.strip():
        item_line, _, rest = rest.partition(b"\n")
        item_header = json.loads(item_line)
        if "length" in item_header:
            payload, rest = rest[: item_header["length"]], rest[item_header["length"] + 1 :]
        else:
            payload, _, rest = rest.partition(b"\n")
        items.append((item_header, payload))
    return items


@pytest.fixture
def sentry_server():
    with recording_server(EnvelopeRecorder) as server:
        yield server
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


def failing_view(request, token):
    raise RuntimeError("No mail server answered for alice@example.org")


def suspicious_view(request, token):
    """Django answers 400 and logs the error at ERROR with the request attached."""
    raise SuspiciousOperation(f"Link {token} was tampered with")


urlpatterns = [
    path("failing/<str:token>/", failing_view),
    path("suspicious/<str:token>/", suspicious_view),
    *site_urlpatterns,
]


def received_events(server, deadline_seconds=10):
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        sentry_sdk.flush(timeout=1)
        events = [
            json.loads(payload)
            for _path, items in server.received
            for header, payload in items
            if header.get("type") == "event"
        ]
        if events:
            return events
    pytest.fail("no event reached the Sentry stand-in within the deadline")


PERSONAL_HEADERS = {
    "HTTP_X_REQUEST_ID": "req-12345678",
    "HTTP_COOKIE": "sessionid=cookie-value-never-sent; csrftoken=csrf-value-never-sent",
    "HTTP_REFERER": "https://mail.example.org/?from=alice@example.org",
    "HTTP_AUTHORIZATION": "Bearer auth-value-never-sent",
    "HTTP_USER_AGENT": "Browser of alice@example.org",
    "REMOTE_ADDR": "203.0.113.9",
}


def wsgi_get(path, query_string, headers):
    """One GET through Django's WSGI handler, as gunicorn calls it (sentry-sdk hooks in there:
    the test client would skip the part that reads the address and the headers). As in the
    test client, the database connections are left alone (no close_old_connections), and the
    answer is not closed (no request_finished): the test's transaction stays open."""
    environ = dict(headers)
    wsgiref.util.setup_testing_defaults(environ)
    environ.update({"PATH_INFO": path, "QUERY_STRING": query_string, "HTTP_HOST": "testserver"})
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=dict(response_headers))

    signals.request_started.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
    return started["status"], started["headers"], body


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_reaches_sentry_with_its_request_id_and_no_personal_data(sentry_server):
    port = sentry_server.server_address[1]
    start_error_reporting(
        dsn=f"http://publickey@127.0.0.1:{port}/7", environment="staging", release="pact@1.2.3"
    )

    status, headers, _body = wsgi_get(
        "/failing/TOKEN-IN-PATH/",
        "to=alice%40example.org&token=s3cret",
        PERSONAL_HEADERS,
    )

    assert status == 500
    assert headers["X-Request-ID"] == "req-12345678"
    events = [event for event in received_events(sentry_server) if "exception" in event]
    [event] = events
    assert sentry_server.received[0][0] == "/api/7/envelope/"
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "No mail server answered for [email]"
    assert event["tags"]["request_id"] == "req-12345678"
    assert event["environment"] == "staging"
    assert event["release"] == "pact@1.2.3"
    assert event["request"] == {
        "method": "GET",
        "url": "http://testserver/failing/<token>/",
        "query_string": "to&token",
        "headers": {"Host": "testserver", "X-Request-Id": "req-12345678"},
    }
    assert "user" not in event
    assert_nothing_personal(event)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_logged_with_the_request_reaches_sentry_without_it(sentry_server):
    port = sentry_server.server_address[1]
    start_error_reporting(dsn=f"http://publickey@127.0.0.1:{port}/7", environment="", release="")

    status, _headers, _body = wsgi_get(
        "/suspicious/TOKEN-IN-PATH/", "to=alice%40example.org&token=s3cret", PERSONAL_HEADERS
    )

    assert status == 400
    [event] = received_events(sentry_server)
    assert event["logger"] == "django.security.SuspiciousOperation"
    assert event["tags"]["request_id"] == "req-12345678"
    assert "Link <token> was tampered with" in json.dumps(event)
    assert "request" not in event.get("extra", {})
    assert_nothing_personal(event)


def assert_nothing_personal(event):
    sent = json.dumps(event)
    for secret in (
        "cookie-value-never-sent",
        "csrf-value-never-sent",
        "auth-value-never-sent",
        "alice@example.org",
        "alice%40example.org",
        "TOKEN-IN-PATH",
        "s3cret",
        "mail.example.org",
        "203.0.113.9",
    ):
        assert secret not in sent, secret
