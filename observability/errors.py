"""Error reports to a Sentry-compatible service (Sentry, self-hosted or not, GlitchTip...) when
SENTRY_DSN is set, through sentry-sdk and its Django integration.

Nothing personal leaves the site. sentry-sdk's data_collection option (which supersedes
send_default_pii, left off) collects no user, cookie, request body, local variable, query
value or header value but a few harmless ones; then every event goes through
`scrubbed_event` before it leaves: the address's secret segments are replaced and the query
string keeps only the names of its parameters (observability/redaction.py), only a few
harmless headers are kept (no Cookie, Authorization, Referer or User-Agent), and every
e-mail address in any text of the event (an exception's message, a log breadcrumb) becomes
`[email]`. Each event is tagged with the request id of the JSON log lines, so a report leads
to the request's log lines and back.
"""

from urllib.parse import urlsplit, urlunsplit

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger

from observability.redaction import query_parameter_names, redacted_path, without_email_addresses
from observability.request_log import REQUEST_ID_HEADER, current_request_id

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
        # Errors only: no performance tracing, no profiling.
        traces_sample_rate=0,
    )
    # Requests for a host name not in ALLOWED_HOSTS (scanners trying the IP address) are
    # answered 400 and logged; they are not errors of the site.
    ignore_logger("django.security.DisallowedHost")


def scrubbed_event(event, hint):
    request_id = current_request_id.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    request = event.get("request")
    if request:
        event["request"] = scrubbed_request(request)
    event.pop("user", None)
    return without_email_addresses_in(event)


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


def without_email_addresses_in(value):
    """`value` (an event, or any part of one) with every e-mail address in its texts replaced."""
    if isinstance(value, str):
        return without_email_addresses(value)
    if isinstance(value, dict):
        return {key: without_email_addresses_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_email_addresses_in(item) for item in value]
    return value
