"""The site's public address: one setting, PUBLIC_BASE_URL, for every absolute address.

Sitemaps, canonical links, Open Graph tags, feeds, the API, the exports, calendar files, e-mails,
the poster's QR code, the badge snippets and robots.txt all build their absolute addresses
here, never from the request's Host header (which a client chooses) nor from anything else.
Wagtail's own page URLs (`page.full_url`, the sitemap, the API's `html_url`) come from the Site
record, which `sync_site()` (`manage.py sync_site`, run on every deploy) sets from the same
setting, so the two always agree.

Wagtail's Site record holds a host name and a port, and its `root_url` reads port 80 as http,
443 as https and any other port as http. So PUBLIC_BASE_URL may be http on any port but 443, or
https on 443 only, and may have no path: anything else is refused (a system check, and the
command), rather than served under two different addresses.
"""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.utils.encoding import iri_to_uri
from wagtail.models import Page, Site

DEFAULT_PORTS = {"http": 80, "https": 443}


class SiteSyncError(Exception):
    """The default site cannot be set from PUBLIC_BASE_URL as things are (no home page to serve,
    or another site already holds the address); the message says what to do."""


@dataclass(frozen=True)
class PublicAddress:
    """PUBLIC_BASE_URL taken apart into what a Wagtail Site record holds."""

    scheme: str
    hostname: str
    port: int

    @property
    def base_url(self):
        """The address as Wagtail's Site.root_url writes it: no default port, no slash."""
        port = "" if DEFAULT_PORTS[self.scheme] == self.port else f":{self.port}"
        return f"{self.scheme}://{self.hostname}{port}"


@lru_cache(maxsize=16)
def parse_public_base_url(value):
    """PUBLIC_BASE_URL as a PublicAddress; ImproperlyConfigured, saying why and what to set,
    when a Wagtail Site record cannot express it."""
    parts = urlsplit(value.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL must be an http:// or https:// address with a host name, such as "
            f"https://pact.example.org, not {value!r}."
        )
    if parts.username is not None or parts.password is not None:
        raise ImproperlyConfigured("PUBLIC_BASE_URL must not hold a user name or password.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL cannot have a path, query or fragment ({value!r}): Wagtail's Site "
            "record holds only a host and a port, so the site must be served at the root of its "
            "host, e.g. https://pact.example.org."
        )
    if ":" in parts.hostname:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL cannot be an IPv6 address ({value!r}): Wagtail's Site record "
            "cannot write one in its addresses. Use a host name."
        )
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as error:
        raise ImproperlyConfigured(f"PUBLIC_BASE_URL has an invalid port: {value!r}.") from error
    if scheme == "https" and port != 443:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL cannot be https on port {port} ({value!r}): Wagtail's Site record "
            "gives https addresses on port 443 only (any other port means http). Serve https on "
            "port 443, or use http."
        )
    if scheme == "http" and port == 443:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL cannot be http on port 443 ({value!r}): Wagtail's Site record "
            "reads port 443 as https. Use https://, or another port."
        )
    return PublicAddress(scheme, parts.hostname, port)


def public_address():
    """The configured public address, taken apart (see parse_public_base_url)."""
    return parse_public_base_url(settings.PUBLIC_BASE_URL)


def public_base_url():
    """The scheme, host and port the public reaches the site at, without a trailing slash,
    written as the Site record writes it: e.g. https://pact.example.org."""
    return public_address().base_url


def absolute_url(path):
    """`path` (e.g. /participants/) as an absolute address on the public site. Addresses that
    are already absolute, and empty values, are returned as they are."""
    if not path or urlsplit(path).scheme:
        return path
    # Non-ASCII characters percent-encoded, as in Django's request.build_absolute_uri().
    return iri_to_uri(public_base_url() + ("" if path.startswith("/") else "/") + path)


def public_host():
    """The host name of the public site alone, e.g. for the UIDs of calendar events."""
    return public_address().hostname


def _sole_home_page():
    """The one page right under the tree's root, for a new default site to serve."""
    candidates = list(Page.get_first_root_node().get_children()[:2])
    if len(candidates) != 1:
        found = "no page" if not candidates else "several pages"
        raise SiteSyncError(
            f"There is no default site, and {found} under the root of the page tree to make "
            "one on. Create the home page (or run `manage.py load_demo`), or choose the default "
            "site in the admin (Settings > Sites), then run this again."
        )
    return candidates[0]


@transaction.atomic
def sync_site(root_page=None):
    """Make the default Wagtail Site serve PUBLIC_BASE_URL under WAGTAIL_SITE_NAME (and serve
    `root_page`, when given), creating it on the home page if there is none.

    Idempotent: returns what it changed, one sentence each; an empty list means all was right
    and nothing was written.
    """
    address = public_address()
    site = Site.objects.select_for_update().filter(is_default_site=True).first()
    taken = Site.objects.filter(hostname=address.hostname, port=address.port)
    if site is not None:
        taken = taken.exclude(pk=site.pk)
    if taken.exists():
        raise SiteSyncError(
            f"Another site already answers at {address.base_url}: change or delete it in the "
            "admin (Settings > Sites), then run this again."
        )
    if site is None:
        site = Site(
            is_default_site=True,
            root_page=root_page or _sole_home_page(),
            hostname=address.hostname,
            port=address.port,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
        site.save()
        return [
            f"Created the default site at {address.base_url}, serving the page "
            f"“{site.root_page.title}”."
        ]
    changes = []
    if root_page is not None and site.root_page_id != root_page.pk:
        site.root_page = root_page
        changes.append(f"The default site now serves the page “{root_page.title}”.")
    if (site.hostname, site.port) != (address.hostname, address.port):
        changes.append(f"The default site's address was {site.root_url}, now {address.base_url}.")
        site.hostname, site.port = address.hostname, address.port
    if site.site_name != settings.WAGTAIL_SITE_NAME:
        site.site_name = settings.WAGTAIL_SITE_NAME
        changes.append(f"The default site is now named “{site.site_name}”.")
    if changes:
        site.save()
    return changes


@checks.register()
def check_public_base_url(app_configs=None, **kwargs):
    """Refuse a PUBLIC_BASE_URL that the Site record cannot hold (runserver, migrate, check)."""
    try:
        public_address()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Set the PUBLIC_BASE_URL environment variable to the address the public uses.",
                id="core.E001",
            )
        ]
    return []


@checks.register(checks.Tags.database)
def check_site_is_synced(app_configs=None, databases=None, **kwargs):
    """Warn when the default site does not serve PUBLIC_BASE_URL (Wagtail's page addresses would
    then disagree with every other address): `migrate` and `check --database default` run this."""
    warnings = []
    for alias in databases or ():
        if Site._meta.db_table not in connections[alias].introspection.table_names():
            continue  # not migrated yet
        try:
            address = public_address()
        except ImproperlyConfigured:
            return []  # core.E001 says why
        site = Site.objects.using(alias).filter(is_default_site=True).first()
        if site is None or (site.hostname, site.port) != (address.hostname, address.port):
            served = site.root_url if site else "no default site"
            warnings.append(
                checks.Warning(
                    f"The default Wagtail site ({served}) does not serve PUBLIC_BASE_URL "
                    f"({address.base_url}): page addresses would disagree with the rest.",
                    hint="Run `python manage.py sync_site`.",
                    id="core.W001",
                )
            )
    return warnings
