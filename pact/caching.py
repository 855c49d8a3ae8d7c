"""HTTP caching of the public data: the API, the open-data exports and the map data.

Responses carry `Cache-Control: public, max-age=API_CACHE_SECONDS` and an ETag, so consumers and
proxies keep them and revalidate cheaply: a request whose If-None-Match still matches gets a 304
before any view runs. The ETag is computed from the site's "content version", which changes
whenever anything public may have changed:

- a token in the shared cache, renewed by publishing, unpublishing, moving or deleting a page,
  by changes to view restrictions, images and documents (signals below);
- a fingerprint of the page tree read from the database (latest publication, number of live
  pages), so a process whose own in-memory cache missed a change still sees it.
"""

import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils.cache import get_conditional_response, patch_vary_headers
from wagtail.models import Page, PageViewRestriction

CONTENT_VERSION_KEY = "pact:content-version"


def renew_content_version(**kwargs):
    """Signal receiver: whatever the public sees may have changed."""
    cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, None)


def content_version():
    """A string that changes whenever public content may have changed (two cheap reads)."""
    token = cache.get(CONTENT_VERSION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(CONTENT_VERSION_KEY, token, None)
        token = cache.get(CONTENT_VERSION_KEY, token)
    tree = Page.objects.aggregate(
        latest=Max("last_published_at"), live=Count("pk", filter=Q(live=True))
    )
    return f"{token}:{tree['latest']}:{tree['live']}"


def connect_signals():
    """Called from PactConfig.ready()."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(renew_content_version, dispatch_uid=f"pact-content-version-{id(signal)}")
    for model in (Page, PageViewRestriction, get_image_model(), get_document_model()):
        for signal in (post_save, post_delete):
            if model is Page and signal is post_save:
                continue  # saving a draft changes nothing public; publishing is signalled
            signal.connect(
                renew_content_version,
                sender=model,
                dispatch_uid=f"pact-content-version-{model._meta.label}-{id(signal)}",
            )
    # Deleting a page of a specific type sends post_delete with that type as sender.
    post_delete.connect(_page_deleted, dispatch_uid="pact-content-version-page-deleted")


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        renew_content_version()


def personalised(request):
    """True when the answer may differ for this visitor (a logged-in user, or one who gave a
    page's password): then it must not be shared by proxies nor revalidated against others."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session and session.get(PageViewRestriction.passed_view_restrictions_session_key))


class PublicDataCachingMiddleware:
    """Adds Cache-Control and ETag to public data responses (settings.PUBLIC_DATA_URLS_REGEX)
    and answers 304 when the consumer's copy is current."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = re.compile(settings.PUBLIC_DATA_URLS_REGEX)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not self.paths.match(request.path_info):
            return self.get_response(request)
        if personalised(request):
            response = self.get_response(request)
            response["Cache-Control"] = "private, no-cache"
            return response
        etag = self.etag_for(request)
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return self.add_headers(not_modified, etag)
        response = self.get_response(request)
        if response.status_code == 200:
            self.add_headers(response, etag)
        return response

    def etag_for(self, request):
        # The same content version gives each address (and format asked for) its own ETag.
        key = "|".join(
            (content_version(), request.get_full_path(), request.headers.get("Accept", ""))
        )
        return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'

    def add_headers(self, response, etag):
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
        patch_vary_headers(response, ["Accept"])
        return response
