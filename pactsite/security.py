"""Security headers that Django 5.2 does not set by itself: Content-Security-Policy and
Permissions-Policy, on every response (static files included: the middleware sits before
WhiteNoise in MIDDLEWARE)."""

from django.conf import settings


def _serialise(policy):
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def _allowlist(source):
    """A Permissions-Policy allowlist member: `self` as a token, an origin as a quoted string."""
    return source if source in ("self", "*") else f'"{source}"'


def serialise_permissions_policy(policy):
    """`{"camera": [], "fullscreen": ["self", "https://player.example"]}` as the header writes
    it: `camera=(), fullscreen=(self "https://player.example")`."""
    return ", ".join(
        f"{feature}=({' '.join(_allowlist(source) for source in sources)})"
        for feature, sources in policy.items()
    )


class SecurityHeadersMiddleware:
    """Sends a Content-Security-Policy and a Permissions-Policy header on every response.

    The public site gets a strict policy (no inline script or style, no third-party origin), so an
    injected <script> or on* attribute cannot run even if escaping failed somewhere. The Wagtail
    admin relies on inline script and style of its own and gets the looser CSP_ADMIN policy.
    Permissions-Policy (settings.PERMISSIONS_POLICY) turns off the browser features no page uses,
    for the site and whatever it frames; it is the same everywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _serialise(settings.CSP_PUBLIC)
        self.admin_policy = _serialise(settings.CSP_ADMIN)
        self.permissions_policy = serialise_permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(settings.CSP_ADMIN_PATH_PREFIXES)
            response["Content-Security-Policy"] = self.admin_policy if admin else self.public_policy
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        return response
