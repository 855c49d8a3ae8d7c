"""The request id and the one log line per request.

Every request gets an id: the proxy's `X-Request-ID` when it is well-formed (so the proxy's
access log, the application's lines and an error report name the same request), otherwise a
new random one. It is echoed on the response's `X-Request-ID` header, set on `request.request_id`,
and added as `request_id` to every log record written while the request runs (RequestIdFilter,
on the handlers of production's LOGGING), whichever logger writes it.

When the answer is ready, one record goes to the `observability.requests` logger: method, path
(secret segments replaced, observability/redaction.py), the names of the query parameters
(never their values), status, duration in milliseconds, and the user's id when the request
looked at who was logged in (reading the session only to log it would cost a query). No
address, e-mail address, user agent or cookie: nothing that identifies a visitor.
"""

import contextvars
import logging
import re
import time
import uuid

from django.utils.functional import SimpleLazyObject, empty

from observability.redaction import query_parameter_names, redacted_path

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id looks like: nginx's $request_id (32 hex digits), a UUID, or another
# token of letters, digits and - _ . : ; anything else (spaces, quotes, line breaks that
# would forge a log line, a kilobyte of text) is replaced by an id of our own.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
# Health probes come every few seconds: logged at DEBUG while they succeed.
PROBE_PATHS = ("/healthz/", "/readyz/")

# The request being answered in this thread (or task): its id for the log records, its path's
# secrets for the error reports written meanwhile.
current_request = contextvars.ContextVar("current_request", default=None)
logger = logging.getLogger("observability.requests")


def request_id_for(request):
    """The proxy's X-Request-ID when it is well-formed, else a new one."""
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    if WELL_FORMED_REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (None outside a request) to every record a handler writes, and
    writes the path Django's own request loggers name (`Not Found: /join/verify/...`) with
    its secret segments replaced; drops the request object they attach, whose text holds the
    query string. Django writes "Not Found" once the middleware has answered: the id is then
    the one the request object holds."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(current_request.get() or request, "request_id", None)
        if request is not None:
            if isinstance(record.args, tuple) and request.path in record.args:
                path = redacted_path(request.path, request.resolver_match)
                record.args = tuple(path if arg == request.path else arg for arg in record.args)
            del record.request
        return True


def known_user_id(request):
    """The logged-in user's id, if the request already looked at its user; else None."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    if user is not None and user.is_authenticated:
        return user.pk
    return None


class RequestLogMiddleware:
    """The first middleware: gives the request its id and writes its log line, so even the
    answers of the middleware after it (413, health probes, a refused host) are logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = current_request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            self.log(request, response.status_code, started)
            return response
        finally:
            current_request.reset(token)

    def log(self, request, status, started):
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        path = redacted_path(request.path, getattr(request, "resolver_match", None) or None)
        level = logging.INFO
        if request.path in PROBE_PATHS and status < 500:
            level = logging.DEBUG
        logger.log(
            level,
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "method": request.method,
                "path": path,
                "query_params": query_parameter_names(request.META.get("QUERY_STRING", "")),
                "status": status,
                "duration_ms": duration_ms,
                "user_id": known_user_id(request),
            },
        )
