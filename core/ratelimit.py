"""The one rate limiter: how often one client (and, for forms that name an account, one e-mail
address) may submit a form, counted in the cache by django-ratelimit; and the login policy
(`login_refused` and below), which counts failed logins per client and address so that an
attacker is slowed down without locking the owner out.

Rates live in settings.RATE_LIMITS, one entry per scope. The client is the address django-
ratelimit's "ip" key gives, so RATELIMIT_IP_META_KEY (the proxy's header, e.g. X-Real-IP) is
honoured and two people behind one proxy are counted apart. A blocked request gets HTTP 429 and
a message in plain words from the view, never a 500.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac
from django_ratelimit.core import _SIMPLE_KEYS, _split_rate, is_ratelimited

logger = logging.getLogger(__name__)

BLOCKED_MESSAGE = (
    "Too many attempts in a short time. For your security, please wait a while (up to an hour) "
    "and try again."
)


def _address_key(field):
    """A django-ratelimit key: the e-mail address submitted in `field`, as the form reads it."""

    def key(group, request):
        return (request.POST.get(field) or "").strip().lower() or "(empty)"

    return key


def _own_address(group, request):
    """A django-ratelimit key: the address the connection comes from, for a request that lacks
    the proxy's header (or carries no address in it)."""
    return request.META.get("REMOTE_ADDR") or "(unknown)"


def _count(request, group, key, rate):
    """Count this POST in `group` under `key`; True once `rate` is exceeded."""
    return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)


def _client_limited(request, scope, rate):
    """Count this POST for its client; a request that did not come through the proxy (no or no
    valid address in RATELIMIT_IP_META_KEY) is counted by its own address instead of failing."""
    group = f"{scope}.client"
    try:
        return _count(request, group, "ip", rate)
    except (ImproperlyConfigured, ValueError):
        logger.warning(
            "No valid client address in %s; counting by the connection's address.",
            settings.RATELIMIT_IP_META_KEY,
        )
        return _count(request, group, _own_address, rate)


def limit_reached(request, scope, address_field=None):
    """Count this POST against `scope` and say whether one of its limits is exceeded.

    settings.RATE_LIMITS[scope] is (per client, per e-mail address). With `address_field`, the
    address typed in that field is counted too; both counters always advance, so an attacker
    can neither rotate addresses from one client nor clients against one address.
    """
    per_client, per_address = settings.RATE_LIMITS[scope]
    by_client = _client_limited(request, scope, per_client)
    if address_field is None:
        return by_client
    by_address = _count(request, f"{scope}.address", _address_key(address_field), per_address)
    return by_client or by_address


# Logins: slow an attacker down without locking the owner out (issue 16, item 9).
#
# A login form names an account, but counting every attempt per address (as above) let anyone
# lock an account out from anywhere: eight wrong passwords for B's address, and B's own correct
# login was refused for ten minutes. So failed logins are counted
#
# - per client and address: that client may try that address only so often;
# - per address, across all clients: past this, only the clients the account has logged in
#   from before (a signed "known device" cookie, set at every successful login and password
#   reset) may still try it, so an attack spread over many clients stalls while the owner's
#   own browser gets in;
#
# and every login POST still counts per client (settings.RATE_LIMITS["login"][0]), against one
# client trying many addresses. A successful login counts no failure. The password-reset link
# always works (it is no login), and using it clears the failures of that client for that
# address and makes the client a known device: the way in for the owner on a new device.

KNOWN_DEVICE_COOKIE = "pact_known_device"
KNOWN_DEVICE_SALT = "core.ratelimit.known-device"
KNOWN_DEVICE_MAX_AGE = 365 * 24 * 60 * 60
KNOWN_DEVICE_ACCOUNTS = 5  # the most accounts one browser is remembered for

LOGIN_BLOCKED_MESSAGE = (
    "Too many attempts to log in to this account from here. Please wait a while (up to "
    "an hour) and try again. If this is your account, you can get in at once by resetting your "
    "password: the link we e-mail you works at any time."
)


def _client_id(request):
    """The client's address as django-ratelimit's "ip" key reads it (RATELIMIT_IP_META_KEY
    honoured), or the connection's address when the proxy's header is missing."""
    try:
        return _SIMPLE_KEYS["ip"](request)
    except (ImproperlyConfigured, ValueError):
        return _own_address(None, request)


def _normalised(address):
    return (address or "").strip().lower() or "(empty)"


def _fingerprint(*parts):
    return salted_hmac(KNOWN_DEVICE_SALT, "\n".join(parts)).hexdigest()[:24]


def _failure_keys(request, address):
    """(pair key, address key) of the failure counters in the cache."""
    address = _normalised(address)
    return (
        "login-failures:pair:" + _fingerprint(_client_id(request), address),
        "login-failures:address:" + _fingerprint(address),
    )


def _rate(text):
    """(count, seconds) of a rate such as "8/10m", as django-ratelimit reads it."""
    return _split_rate(text)


def _known_devices(request):
    """The marks of the addresses this browser is a known device of (a forged or expired cookie
    gives none)."""
    value = request.get_signed_cookie(
        KNOWN_DEVICE_COOKIE, default="", salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE
    )
    return [part for part in value.split(",") if part]


def is_known_device(request, address):
    """Whether this browser has logged in to (or reset the password of) this address before."""
    return _fingerprint(_normalised(address)) in _known_devices(request)


def remember_device(request, response, address):
    """Mark the browser as a known device of `address` (after a successful login or reset)."""
    mark = _fingerprint(_normalised(address))
    marks = [mark] + [other for other in _known_devices(request) if other != mark]
    response.set_signed_cookie(
        KNOWN_DEVICE_COOKIE,
        ",".join(marks[:KNOWN_DEVICE_ACCOUNTS]),
        salt=KNOWN_DEVICE_SALT,
        max_age=KNOWN_DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def login_refused(request, address):
    """Count this login POST for its client, and say whether it must be refused (429) before
    any password is checked: the client is over its limit, or has failed too often for this
    address, or the address has failed too often overall and this client is not a known device.
    """
    per_client, per_pair, per_address = settings.RATE_LIMITS["login"]
    by_client = _client_limited(request, "login", per_client)
    pair_key, address_key = _failure_keys(request, address)
    if by_client or (cache.get(pair_key) or 0) >= _rate(per_pair)[0]:
        return True
    return (cache.get(address_key) or 0) >= _rate(per_address)[0] and not is_known_device(
        request, address
    )


def count_login_failure(request, address):
    """A wrong password (or unknown address): one more failure for this client and address, and
    for the address. Each counter lives for its rate's period from its first failure."""
    _per_client, per_pair, per_address = settings.RATE_LIMITS["login"]
    for key, rate in zip(_failure_keys(request, address), (per_pair, per_address), strict=True):
        seconds = _rate(rate)[1]
        if not cache.add(key, 1, seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, seconds)


def forget_login_failures(request, address):
    """The owner proved it holds the mailbox (password reset): this client may try again."""
    cache.delete(_failure_keys(request, address)[0])
