"""The site's public address: one setting, PUBLIC_BASE_URL, for every absolute address.

Sitemaps, canonical links, Open Graph tags, feeds, the API, the exports, calendar files, e-mails,
the poster's QR code, the badge snippets and robots.txt all build their absolute addresses
here, never from the request's Host header (which a client chooses) nor from anything else.
Wagtail's own page URLs come from the Site record, which `manage.py sync_site` sets from the
same setting, so the two always agree.
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_base_url():
    """The scheme, host and port the public reaches the site at, without a trailing slash:
    e.g. https://pact.example.org."""
    return settings.PUBLIC_BASE_URL.rstrip("/")


def absolute_url(path):
    """`path` (e.g. /participants/) as an absolute address on the public site. Addresses that
    are already absolute, and empty values, are returned as they are."""
    if not path or urlsplit(path).scheme:
        return path
    return public_base_url() + ("" if path.startswith("/") else "/") + path


def public_host():
    """The host name of the public site alone, e.g. for the UIDs of calendar events."""
    return urlsplit(public_base_url()).hostname or "localhost"
