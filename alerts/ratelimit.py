"""A fixed-window limit on how often one client may submit a form, kept in the default cache."""

from django.core.cache import cache


def client_address(request):
    # Behind the production proxy REMOTE_ADDR is set from X-Forwarded-For by the server.
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request, scope, limit, window_seconds):
    """Count this request against `scope` for its client; True once `limit` is passed."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit
