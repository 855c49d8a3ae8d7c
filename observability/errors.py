"""Error reports to a Sentry-compatible service (Sentry, self-hosted or not, GlitchTip...) when
SENTRY_DSN is set, through sentry-sdk and its Django integration.

Nothing personal leaves the site. sentry-sdk's data_collection option (which supersedes
send_default_pii, left off) collects no user, cookie, request body, local variable, query
value or header value but a few harmless ones; then every event goes through
`scrubbed_event` before it leaves: the address's secret segments are replaced and the query
string keeps only the names of its parameters (observability/redaction.py), only a few
harmless headers are kept (no Cookie, Authorization, Referer or User-Agent), the request
object Django's loggers attach is dropped (its text holds the query string), and in every
text of the event or of a breadcrumb (an exception's message, a log line) the current path's
tokens become `<token>` and every e-mail address `[email]`. Each event is tagged with the
request id of the JSON log lines, so a report leads to the request's log lines and back.
"""

from urllib.parse import urlsplit, urlunsplit

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger

from observability.redaction import (
    path_secrets,
    query_parameter_names,
    redacted_path,
    without_email_addresses,
    without_secrets,
)
from observability.request_log import REQUEST_ID_HEADER, current_request

KEPT_HEADERS = {"accept", "content-length", "content-type", "host", REQUEST_ID_HEADER.lower()}
# What sentry-sdk collects by itself: nothing that identifies a person or holds a secret.
DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "allowlist", "terms": sorted(KEPT_HEADERS)}},
    "http_bodies": [],
    # Values become "[Filtered]"; scrubbed_event keeps the names.
    "url_query_params": {"mode": "allowlist", "terms": []},
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
}


def start_error_reporting(dsn, environment, release):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        data_collection=DATA_COLLECTION,
        before_send=scrubbed_event,
        before_breadcrumb=scrubbed_breadcrumb,
        # Errors only: no performance tracing, no profiling.
        traces_sample_rate=0,
    )
    # Requests for a host name not in ALLOWED_HOSTS (scanners trying the IP address) are
    # answered 400 and logged; they are not errors of the site.
    ignore_logger("django.security.DisallowedHost")


def scrubbed_event(event, hint):
    request = current_request.get()
    if request is not None:
        event.setdefault("tags", {})["request_id"] = request.request_id
    if event.get("request"):
        event["request"] = scrubbed_request(event["request"])
    event.pop("user", None)
    # Django's loggers attach the request object, whose text holds the query string.
    event.get("extra", {}).pop("request", None)
    return without_personal_data(event)


def scrubbed_breadcrumb(breadcrumb, hint):
    """A log line kept for the next report (a "Not Found" warning...), scrubbed likewise."""
    breadcrumb.get("data", {}).pop("request", None)
    return without_personal_data(breadcrumb)


def scrubbed_request(request):
    kept = {"method": request.get("method")}
    if request.get("url"):
        parts = urlsplit(request["url"])
        kept["url"] = urlunsplit(parts._replace(path=redacted_path(parts.path), query=""))
    if request.get("query_string"):
        kept["query_string"] = "&".join(query_parameter_names(request["query_string"]))
    headers = request.get("headers") or {}
    kept["headers"] = {
        name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS
    }
    return {key: value for key, value in kept.items() if value}


def without_personal_data(value, secrets=None):
    """`value` (an event, or any part of one) with every e-mail address in its texts replaced,
    and the secret segments of the current request's path (a token quoted in a log message)."""
    if secrets is None:
        request = current_request.get()
        secrets = {} if request is None else path_secrets(request.path, request.resolver_match)
    if isinstance(value, str):
        return without_email_addresses(without_secrets(value, secrets))
    if isinstance(value, dict):
        return {key: without_personal_data(item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_personal_data(item, secrets) for item in value]
    return value
