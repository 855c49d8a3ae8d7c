"""`/healthz/` and `/readyz/`, for the proxy's and the orchestrator's probes.

- `/healthz/`: the process answers (200 `{"status": "ok"}`), and nothing else is tried, so a
  database outage does not make an orchestrator restart every web process.
- `/readyz/`: 200 when the database, every cache and every storage (the `default` and
  `private` file storages; the static files are in the image) answer, else 503; the JSON lists
  each check (`{"status": "unavailable", "checks": {"database": {"status": "ok", ...},
  "cache": {"status": "failed", "error": "ConnectionError", ...}}}`). A check that has not
  answered within READINESS_TIMEOUT seconds counts as failed ("timeout"): checks run in their
  own threads, side by side, and the probe answers at the deadline. A check still hanging from
  an earlier probe is not started again (so a hung backend cannot pile up threads) and fails
  at once. Only the exception's class is shown (its message may name a host or a password);
  the full error is logged.

HealthCheckMiddleware answers both before the host is validated, HTTPS is required, or a
session or cookie is looked at (it comes right after the request log in MIDDLEWARE): a probe
comes from the orchestrator by IP address over plain HTTP, which ALLOWED_HOSTS and
SECURE_SSL_REDIRECT would refuse. The answers are never cached (`Cache-Control: no-store`),
are not pages (so in no sitemap or search), and say nothing but up or down.
"""

import logging
import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("observability.health")

LIVENESS_PATH = "/healthz/"
READINESS_PATH = "/readyz/"
# Storages that hold what requests need from outside the image; STATICFILES are built into it.
NOT_CHECKED_STORAGES = {"staticfiles"}
# A name no upload has (uploads are below images/, documents/, original_images/...).
STORAGE_PROBE_NAME = "readyz-probe"


def check_database(alias):
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # Each check runs in a thread of its own, whose connection would otherwise stay open.
        connection.close()


def check_cache(alias):
    """A value written can be read back (a cache that drops writes is not ready either)."""
    cache = caches[alias]
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not keep a value")
    finally:
        cache.delete(key)


def check_storage(alias):
    """Local disk: a file could be saved there now (the folder, or the nearest folder above it
    when it is made at the first upload, is a folder we may write to). Object storage: the
    bucket answers a question about a file (no file is written by a probe)."""
    storage = storages[alias]
    if isinstance(storage, FileSystemStorage):
        folder = Path(storage.location)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise NotADirectoryError(f"{folder} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(f"{folder} is not writable")
    else:
        storage.exists(STORAGE_PROBE_NAME)


def readiness_checks():
    """(name, function) of every check: the database(s), the cache(s), the storages."""
    checks = []
    for kind, aliases, function in (
        ("database", settings.DATABASES, check_database),
        ("cache", settings.CACHES, check_cache),
        ("storage", settings.STORAGES, check_storage),
    ):
        for alias in aliases:
            if kind == "storage" and alias in NOT_CHECKED_STORAGES:
                continue
            name = kind if alias == "default" else f"{kind}:{alias}"
            checks.append((name, lambda function=function, alias=alias: function(alias)))
    return checks


class _Check(threading.Thread):
    """One check in a thread of its own, so that the probe can answer at its deadline."""

    def __init__(self, name, function):
        super().__init__(name=f"readyz {name}", daemon=True)
        self.check_name, self.function = name, function
        self.started, self.error, self.duration_ms = time.monotonic(), None, None

    def run(self):
        try:
            self.function()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            self.error = error
        self.duration_ms = round((time.monotonic() - self.started) * 1000, 1)


# The last check started under each name, in this process: one still alive is hanging.
_last_checks = {}
_last_checks_lock = threading.Lock()


def run_readiness_checks(timeout):
    """{name: result} of every check, each given at most `timeout` seconds."""
    started = {}
    results = {}
    with _last_checks_lock:
        for name, function in readiness_checks():
            earlier = _last_checks.get(name)
            if earlier is not None and earlier.is_alive():
                results[name] = {"status": "failed", "error": "timeout (still running)"}
                continue
            check = _last_checks[name] = _Check(name, function)
            check.start()
            started[name] = check
    deadline = time.monotonic() + timeout
    for name, check in started.items():
        check.join(max(0.0, deadline - time.monotonic()))
        if check.is_alive():
            results[name] = {"status": "failed", "error": "timeout"}
            logger.warning("Readiness check %s: no answer within %s s", name, timeout)
        elif check.error is not None:
            results[name] = {
                "status": "failed",
                "error": type(check.error).__name__,
                "duration_ms": check.duration_ms,
            }
            logger.warning("Readiness check %s failed", name, exc_info=check.error)
        else:
            results[name] = {"status": "ok", "duration_ms": check.duration_ms}
    return dict(sorted(results.items()))


def liveness():
    return JsonResponse({"status": "ok"})


def readiness():
    checks = run_readiness_checks(settings.READINESS_TIMEOUT)
    ready = all(result["status"] == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


class HealthCheckMiddleware:
    """Answers /healthz/ and /readyz/ before any other middleware looks at the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        answer = {LIVENESS_PATH: liveness, READINESS_PATH: readiness}.get(request.path_info)
        if answer is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
        else:
            response = answer()
        # max-age=0, no-cache, no-store, must-revalidate, private
        add_never_cache_headers(response)
        return response
