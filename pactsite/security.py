"""Security headers that Django 5.2 does not set by itself."""

from django.conf import settings


def _serialise(policy):
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Sends a Content-Security-Policy header on every response.

    The public site gets a strict policy (no inline script or style, no third-party origin), so an
    injected <script> or on* attribute cannot run even if escaping failed somewhere. The Wagtail
    admin relies on inline script and style of its own and gets the looser CSP_ADMIN policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _serialise(settings.CSP_PUBLIC)
        self.admin_policy = _serialise(settings.CSP_ADMIN)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(settings.CSP_ADMIN_PATH_PREFIXES)
            response["Content-Security-Policy"] = self.admin_policy if admin else self.public_policy
        return response
