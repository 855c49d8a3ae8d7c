"""HTTP caching and compression of what is the same for everyone: public pages and public data.

One middleware (`SharedCachingMiddleware`) looks at every GET/HEAD answer once it is made and
decides whether it is *shared*, i.e. the same for every visitor:

- it is a 200 from a public address (not the admin, not an account or alert page whose address
  holds a personal token: settings.NEVER_SHARED_URLS_REGEX), the view set no Cache-Control of
  its own, and the answer is not streamed;
- nobody is logged in, no page password was given in this session, it is not a preview;
- it carries no CSRF token (the view asked for none) and sets no cookie.

A shared answer gets `Cache-Control: public` (the public data: `max-age=API_CACHE_SECONDS`; pages:
`max-age=0, s-maxage=PAGE_CACHE_SECONDS`, so browsers revalidate every time and a shared cache
keeps the page until publishing purges it), an ETag, and a 304 when the client's If-None-Match
still matches. It is gzip-compressed when the client accepts it: since it holds no secret and
nothing personal, compression cannot leak one (BREACH needs a secret and attacker-chosen text in
the same compressed answer). Anything else is never compressed, and the public data and pages
that are not shared get `Cache-Control: private, no-cache`.

The ETag costs the same whatever the page: it is a keyed hash of the site-wide content version
(pact/content_version.py: a token that changes on every publish, unpublish, move, delete and
save of public content, the same in every server process), the host name, the path and query, the
Accept header of the public data, and the day (statuses and "upcoming" change with the date).
So it is known before the view runs: a request that carries no session cookie (nobody logged
in, no page password given, no preview) and whose If-None-Match matches is answered 304 at once,
with the headers a shared answer has, and nothing is rendered. Only answers that were shared
ever get such an ETag (it is keyed with SECRET_KEY, so it cannot be made up), so the early 304
goes only where the answer was the same for everyone. A request with a session cookie runs the
view, and gets its 304 after it when the answer turns out to be shared, as before.

The shared cache in front (see README.md, "Deploying to production") is told what changed:
publishing, unpublishing, moving, renaming (a new slug) or deleting a page purges its addresses,
those of the pages above it, the sections that list pages, the feeds, the sitemap, the API
answers and the search page, and the addresses elsewhere that show it: its signatory's country
page and calendar feed, an event's month and `.ics` files (`purge_after_change`), through
Wagtail's frontend cache invalidation (settings.WAGTAILFRONTENDCACHE: its HTTP backend for
Varnish or nginx, its CloudFront and Cloudflare backends for a CDN, set from environment
variables; see docs/deploy.md).
"""

import copy
import re

from django.conf import settings
from django.http import HttpResponseNotModified
from django.http.request import split_domain_port
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.cache import get_conditional_response, parse_etags, patch_vary_headers
from django.utils.crypto import salted_hmac
from wagtail.models import Page, PageViewRestriction

from core.four_ps import P_SLUGS
from core.public_urls import absolute_url
from core.request_memo import request_scope
from pact import content_version

# Answers of these types are worth compressing; images, PDFs and archives already are.
COMPRESSIBLE_TYPES = re.compile(
    r"^(text/|application/(json|geo\+json|ld\+json|xml|atom\+xml|rss\+xml|javascript|"
    r"openapi\+json|vnd\.oai\.openapi\+json)|image/svg\+xml)"
)


def personalised(request):
    """True when the answer may differ for this visitor (a logged-in user, or one who gave a
    page's password): then it must not be shared by proxies nor revalidated against others."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session and session.get(PageViewRestriction.passed_view_restrictions_session_key))


def carries_a_secret(request, response):
    """True when the answer holds something that must stay with this visitor: a CSRF token
    (the view called get_token(), e.g. a form), a cookie, or a preview of unpublished work."""
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.cookies
        or getattr(request, "is_preview", False)
    )


def version_etag(request, is_data):
    """The ETag of what this address answers everyone today, at the current content version:
    the same in every process, computed without the answer (see the module docstring)."""
    parts = [
        content_version.current(),
        # The site (Wagtail finds it by host name); not the port, which differs between the
        # server processes behind one address.
        split_domain_port(request.META.get("HTTP_HOST", ""))[0],
        request.path,
        request.META.get("QUERY_STRING", ""),
        request.META.get("HTTP_ACCEPT", "") if is_data else "",
        timezone.localdate().isoformat(),
    ]
    digest = salted_hmac("pact.caching.etag", "\n".join(parts), algorithm="sha256")
    return '"' + digest.hexdigest()[:32] + '"'


def accepts_gzip(request):
    return bool(re.search(r"\bgzip\b", request.META.get("HTTP_ACCEPT_ENCODING", "")))


class SharedCachingMiddleware:
    """Cache-Control, a content ETag, 304s and compression for answers that are the same for
    everyone (see the module docstring). Placed outside the session, CSRF, authentication and
    messages middleware, so that it sees every cookie they set."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_data = re.compile(settings.PUBLIC_DATA_URLS_REGEX)
        self.never_shared = re.compile(settings.NEVER_SHARED_URLS_REGEX)
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.META.get("HTTP_IF_NONE_MATCH"):
            not_modified = self.answer_before_the_view(request)
            if not_modified is not None:
                return not_modified
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # A safe request writes nothing: what it asks of the database more than once (who the
        # public may see, the content version) is computed once (core/request_memo.py).
        with request_scope():
            return self.answer(request)

    def answer(self, request):
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming:
            return response
        is_data = bool(self.public_data.match(request.path_info))
        if response.has_header("Cache-Control") and not is_data:
            return response  # the view decided (e.g. never_cache, no-store)
        if (
            self.never_shared.match(request.path_info)
            or personalised(request)
            or carries_a_secret(request, response)
        ):
            response["Cache-Control"] = "private, no-cache"
            return response
        return self.share(request, response, is_data)

    def answer_before_the_view(self, request):
        """A 304 when the client holds what this address answers everyone now, else None.
        Only without a session cookie: with one, the visitor may be logged in or have given a
        page's password, and only the view's answer tells whether it is shared."""
        if settings.SESSION_COOKIE_NAME in request.COOKIES or self.never_shared.match(
            request.path_info
        ):
            return None
        is_data = bool(self.public_data.match(request.path_info))
        etag = version_etag(request, is_data)
        held = parse_etags(request.META["HTTP_IF_NONE_MATCH"])
        if etag not in held and "W/" + etag not in held:
            return None
        response = HttpResponseNotModified()
        self.mark_shared(response, is_data)
        # The compressed answer's ETag is the weak form (Django's GZipMiddleware weakens it).
        response["ETag"] = "W/" + etag if accepts_gzip(request) else etag
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    def mark_shared(self, response, is_data):
        if is_data:
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
            patch_vary_headers(response, ["Accept"])
        else:
            response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SECONDS}"
        # The same address gives a logged-in user another answer: keep them apart.
        patch_vary_headers(response, ["Cookie"])

    def share(self, request, response, is_data):
        response["ETag"] = version_etag(request, is_data)
        self.mark_shared(response, is_data)
        if COMPRESSIBLE_TYPES.match(response.get("Content-Type", "")):
            # Compressed before the 304 check, so a 304 carries the ETag of what the client
            # holds (Django weakens the ETag of a compressed body: W/"...").
            response = self.gzip.process_response(request, response)
        not_modified = get_conditional_response(request, etag=response["ETag"], response=response)
        return not_modified if not_modified is not None else response


# Telling the shared cache what changed.

# Sub-addresses of listing pages, by page type (label), that a change anywhere may alter.
LISTING_SUBPATHS = {
    "pact.pactpage": [f"{slug}/" for slug in P_SLUGS],
    "pact.signatoryindexpage": ["map.geojson", "export.csv", "export.json"],
    "pact.calendarpage": ["feed.ics"],
    # The progress dashboard's downloads (monitoring.dashboard.SLUGS): any change may alter them.
    "monitoring.progresspage": [
        f"{slug}.{extension}"
        for slug in ("signatories-over-time", "statuses", "actions-by-p", "actions", "countries")
        for extension in ("csv", "json")
    ],
}
# Addresses outside the page tree that list pages.
SITE_WIDE_PATHS = [
    *(
        f"/feeds/{kind}/{end}"
        for kind in ("initiatives", "news", "events")
        for end in ("", "atom/")
    ),
    "/sitemap.xml",
    "/sitemap-pages.xml",
    # Every API listing may hold any page (?type=, ?search=, ordering), and /search/ finds them.
    "/api/v2/pages/",
    "/search/",
]


def _page_urls(page, cache_object):
    url = page.get_full_url(cache_object)
    if url is None:
        return []
    subpaths = [path.lstrip("/") for path in page.specific_deferred.get_cached_paths()]
    subpaths += LISTING_SUBPATHS.get(page.specific_class._meta.label_lower, [])
    return [url + path for path in subpaths]


def _showing_elsewhere(page, cache_object):
    """Addresses outside the page tree's own that show `page`: its API detail; for a signatory
    (or a page under one) the signatory's country page and calendar feed; for an event, the
    calendar's `.ics` addresses of it and the month pages it falls in. Works for a page being
    deleted too (its specific row may be gone: what is read of it is read as a plain Page)."""
    # This module is loaded as middleware too: the page models are imported when this runs.
    from pact.models import CalendarPage, EventPage, SignatoryIndexPage, SignatoryPage

    urls = [absolute_url(f"/api/v2/pages/{page.pk}/")]
    calendar = CalendarPage.objects.live().first()
    signatory = next(
        (p for p in [page, *page.get_ancestors()] if p.specific_class is SignatoryPage), None
    )
    if signatory is not None:
        directory = SignatoryIndexPage.objects.live().first()
        country = _field_of(signatory, SignatoryPage, "country")
        if directory is not None and country:
            urls.append(_full(directory, f"country/{str(country).lower()}/", cache_object))
        if calendar is not None:
            route = calendar.reverse_subpage("signatory_feed_route", args=[signatory.slug])
            urls.append(_full(calendar, route.rstrip("/"), cache_object))
    if calendar is not None and page.specific_class is EventPage:
        routes = [
            calendar.reverse_subpage("event_ics_by_id_route", args=[page.pk]).rstrip("/"),
            calendar.reverse_subpage("event_ics_by_slug_route", args=[page.slug]).rstrip("/"),
        ]
        start = _field_of(page, EventPage, "start")
        if start is not None:
            end = _field_of(page, EventPage, "end") or start
            routes += [
                calendar.reverse_subpage("month_route", args=month) for month in _months(start, end)
            ]
        urls += [_full(calendar, route, cache_object) for route in routes]
    return [url for url in urls if url]


def _field_of(page, model, field):
    """A field of the specific page, from the instance when it is one, else from the database
    (None when its row is gone: the page is being deleted)."""
    if isinstance(page, model):
        return getattr(page, field)
    return model.objects.filter(pk=page.pk).values_list(field, flat=True).first()


def _full(page, subpath, cache_object):
    """The full URL of one of `page`'s routes (`subpath` as reverse_subpage gives it)."""
    url = page.get_full_url(cache_object)
    return None if url is None else url + subpath


def _months(start, end):
    """(year, month) of every month from `start` to `end`, in the site's time zone; a year at
    most (an event longer than that is listed on its first months' pages)."""
    first, last = timezone.localtime(start), timezone.localtime(max(start, end))
    year, month = first.year, first.month
    months = []
    while (year, month) <= (last.year, last.month) and len(months) < 12:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def urls_to_purge(page, old_url_path=None):
    """Every address whose answer a change to `page` may alter: the page (and, after a move or
    a new slug, where it and the pages below it were and are), the pages above it (which list
    their children), the home page's sections (the listings: the Pact and its Ps, the directory
    and its map and exports, the good practices, the calendar, the news), the feeds, the
    sitemap, the API's listing and the search page, and what shows the page elsewhere (its API
    detail, its signatory's country page and calendar feed, an event's `.ics` and months).
    Query-string variants (filters, page numbers) are left to the cache's lifetime
    (PAGE_CACHE_SECONDS, API_CACHE_SECONDS) where the cache in front cannot drop every variant
    of a path at once (docs/deploy.md)."""
    cache_object = Page()
    pages = {page.pk: page}
    ancestors = page.get_ancestors().filter(depth__gt=1)
    sections = Page.objects.live().filter(depth__lte=3, depth__gt=1)
    pages.update((p.pk, p) for p in [*ancestors, *sections])
    urls = [url for p in pages.values() for url in _page_urls(p, cache_object)]
    if old_url_path:
        # The page and every page below it answered at their old addresses, and now at new ones.
        for moved in [page, *page.get_descendants().live()]:
            before = copy.copy(moved)
            before.url_path = old_url_path + moved.url_path[len(page.url_path) :]
            urls += _page_urls(moved, cache_object) + _page_urls(before, cache_object)
    urls += _showing_elsewhere(page, cache_object)
    urls += [absolute_url(path) for path in SITE_WIDE_PATHS]
    return list(dict.fromkeys(urls))


def purge_after_change(instance, **kwargs):
    """Signal receiver: a page was published, unpublished, moved, renamed (its slug) or deleted.
    After a move or a new slug, the old addresses are purged too."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    before = kwargs.get("instance_before")
    old_url_path = kwargs.get("url_path_before") or (before.url_path if before else None)
    if old_url_path == instance.url_path:
        old_url_path = None
    purge_urls_from_cache(urls_to_purge(instance, old_url_path))


def purge_after_action_change(instance, **kwargs):
    """Signal receiver: a possible action of the Pact was saved. The Pact page and its
    /pact/<p>/ listings show the actions (and the signatories' pages name them): purge what
    lists them, and index the Pact page again so site search finds the action's words."""
    from wagtail.search.index import insert_or_update_object

    # This module is loaded as middleware too: the page models are imported when this runs.
    from pact.models import PactPage

    for pact in PactPage.objects.live():
        insert_or_update_object(pact)
        purge_after_change(pact)


def connect_signals():
    """Called from PactConfig.ready(). Wagtail's own frontend_cache app is not installed: its
    receivers purge only the page itself, and this one purges that and what lists it. The
    content version's receivers are connected here too."""
    content_version.connect_signals()
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(purge_after_change, dispatch_uid=f"pact-purge-{id(signal)}")
    # Deleting any page, of any type, deletes its Page row: one signal per page.
    post_delete.connect(purge_after_change, sender=Page, dispatch_uid="pact-purge-page-deleted")
    # The Pact's possible actions are data shown on the Pact page (monitoring.PossibleAction).
    from django.db.models.signals import post_save

    # Models exist only once the app registry is ready (this runs from PactConfig.ready()).
    from monitoring.models import PossibleAction

    post_save.connect(
        purge_after_action_change, sender=PossibleAction, dispatch_uid="pact-purge-action-saved"
    )
