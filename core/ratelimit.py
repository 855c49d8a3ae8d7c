"""The one rate limiter: how often one client (and, for forms that name an account, one e-mail
address) may submit a form, counted in the cache by django-ratelimit.

Rates live in settings.RATE_LIMITS, one entry per scope. The client is the address django-
ratelimit's "ip" key gives, so RATELIMIT_IP_META_KEY (the proxy's header, e.g. X-Real-IP) is
honoured and two people behind one proxy are counted apart. A blocked request gets HTTP 429 and
a message in plain words from the view, never a 500.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import is_ratelimited

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
