"""Rate limits on sign-up, login and password reset, per client IP address and per e-mail
address (django-ratelimit, counted in the cache).

Rates live in settings.ACCOUNTS_RATE_LIMITS. A blocked request gets HTTP 429 and a message in
plain words, never a 500.
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

BLOCKED_MESSAGE = (
    "Too many attempts in a short time. For your security, please wait a while (up to an hour) "
    "and try again."
)


def _address_key(field):
    def key(group, request):
        return (request.POST.get(field) or "").strip().lower() or "(empty)"

    return key


def limit_reached(request, scope, address_field="email"):
    """Count this POST against `scope` and say whether either of its limits is exceeded.

    Both counters always advance, so an attacker cannot rotate addresses from one IP or IPs
    against one address without being stopped by the other limit.
    """
    per_ip, per_address = settings.ACCOUNTS_RATE_LIMITS[scope]
    by_ip = is_ratelimited(
        request, group=f"accounts.{scope}.ip", key="ip", rate=per_ip, method="POST", increment=True
    )
    by_address = is_ratelimited(
        request,
        group=f"accounts.{scope}.address",
        key=_address_key(address_field),
        rate=per_address,
        method="POST",
        increment=True,
    )
    return by_ip or by_address
