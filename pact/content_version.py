"""The site-wide content version: what an ETag is built from, instead of the answer's body.

Every answer the public may share is a function of the site's content, its address and the day
(statuses and "upcoming" change with the date). So one token that changes whenever anything the
public sees may have changed stands for "the content": an ETag built from it, the address and
the day is known before the view runs, and a matching If-None-Match is answered with a 304
without rendering anything (pact/caching.py). Before, the whole page was rendered and hashed to
answer a 304.

The token is one database row (ContentVersion, pk 1), so every server process sees the same one
with or without Redis; with a shared cache (Redis) it is also kept there, so reading it costs no
query. It changes on every publish, unpublish, move, slug change and delete of a page, and on
every save or delete of a model whose rows the public sees (snippets, settings, images,
documents, view restrictions, the Pact's possible actions...): see `changes_public_content`.
A change that is not public (a draft) changes it too: that costs a cache miss, never a stale
answer. Writes made without signals (bulk imports) call `bump()` once when they are done.
"""

import uuid

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.request_memo import remembered
from pact.models import ContentVersion

CACHE_KEY = "pact:content-version"
ROW = 1
# Apps whose every model is public content (pages, their data, the toolkit, the monitoring's
# possible actions and settings, images, documents, tags).
PUBLIC_APPS = {"pact", "home", "monitoring", "toolkit", "wagtailimages", "wagtaildocs", "taggit"}
# Wagtail's own models that decide what the public sees, where, and how it is addressed.
PUBLIC_MODELS = {
    "wagtailcore.page",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.site",
    "wagtailcore.locale",
    # The editors' promoted results of site search; not its hit counts, written by every search.
    "wagtailsearchpromotions.searchpromotion",
}


def _new_token():
    return uuid.uuid4().hex


def cache_is_shared():
    """Whether the cache is the same for every process (Redis): a process's own memory would
    keep a token another process has since changed."""
    return not isinstance(caches["default"], (LocMemCache, DummyCache))


def current():
    """The current token, read once per request (core.request_memo): from the shared cache if
    any, else one query by primary key."""
    return remembered(CACHE_KEY, _read)


def _read():
    shared = cache_is_shared()
    if shared:
        token = cache.get(CACHE_KEY)
        if token:
            return token
    token = ContentVersion.objects.filter(pk=ROW).values_list("token", flat=True).first()
    if token is None:
        token = ContentVersion.objects.get_or_create(pk=ROW, defaults={"token": _new_token()})[
            0
        ].token
    if shared:
        # add, not set: a bump that happened since this read has set the newer token already.
        cache.add(CACHE_KEY, token, timeout=None)
    return token


def bump():
    """A new token: in the database now (inside the caller's transaction, so others see it when
    they see the change), in the shared cache once that transaction is committed."""
    token = _new_token()
    if not ContentVersion.objects.filter(pk=ROW).update(token=token, changed_at=timezone.now()):
        ContentVersion.objects.update_or_create(pk=ROW, defaults={"token": token})
    if cache_is_shared():
        transaction.on_commit(lambda: cache.set(CACHE_KEY, token, timeout=None))
    return token


def changes_public_content(model):
    """Whether saving or deleting a row of `model` may change what the public sees."""
    meta = model._meta
    if model.__module__ == "__fake__":
        return False  # a migration's historical model: the table may not exist yet
    if model is ContentVersion or meta.model_name.endswith("rendition"):
        return False  # renditions are made while pages are viewed: they change no content
    return (
        issubclass(model, Page)
        or meta.app_label in PUBLIC_APPS
        or meta.label_lower in PUBLIC_MODELS
        or issubclass(model, (BaseGenericSetting, BaseSiteSetting))
    )


def bump_after_save_or_delete(sender, created=False, **kwargs):
    """post_save/post_delete receiver, for every model: bumps for those the public sees. A
    settings row being created is the one exception: Wagtail creates it, with its defaults, the
    first time a page reads it, so what the public saw was made from those same values (and a
    read must never change the version)."""
    if created and issubclass(sender, (BaseGenericSetting, BaseSiteSetting)):
        return
    if changes_public_content(sender):
        bump()


def bump_after_page_change(**kwargs):
    """Receiver of Wagtail's page signals: published, unpublished, moved, slug changed."""
    bump()


def connect_signals():
    """Called from pact.caching.connect_signals (PactConfig.ready())."""
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(bump_after_page_change, dispatch_uid=f"pact-version-{id(signal)}")
    post_save.connect(bump_after_save_or_delete, dispatch_uid="pact-version-saved")
    post_delete.connect(bump_after_save_or_delete, dispatch_uid="pact-version-deleted")
