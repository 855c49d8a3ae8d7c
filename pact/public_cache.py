"""What many public answers share and few writes change, computed once and kept in the cache
until something public changes: the live figures (pact.figures), the main menu
(home.templatetags.navigation), the unfiltered map data (pact.map_data); and each signatory's
stored map feature, rewritten when its page is saved.

Every entry's key carries one generation token; `invalidate()` replaces the token, so one write
drops every entry at once, on every server sharing the cache (Redis in production), without
knowing their keys. It runs on every save or deletion of a page (publishing, unpublishing,
moving and deleting all save or delete), on a view restriction or a site changing, and on a
monitoring record, a checklist answer, a possible action or the monitoring settings changing
(they make the statuses and the exports' checklists). It runs
at once and again when the transaction commits, so that a request reading between the two
cannot keep the old data in the cache.

The token also gives the streamed exports their ETag (pact.open_data), a body they cannot hash.

These receivers are connected in one place, `connect_signals()`, from PactConfig.ready().
"""

import uuid

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "pact:public:generation"
FIGURES_KEY = "pact:public:figures"
MENU_KEY = "pact:public:menu"
MAP_KEY = "pact:public:map"
# Entries of an old generation are never read again: they only wait to expire.
TIMEOUT = 24 * 60 * 60


def generation():
    """The current generation token: it changes whenever something public may have changed."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(GENERATION_KEY, token, timeout=None)
        token = cache.get(GENERATION_KEY, token)
    return token


def cached(key, compute):
    """The value under `key` in the current generation, computed and stored when missing."""
    full_key = f"{key}:{generation()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=TIMEOUT)
    return value


def _new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate(**kwargs):
    """Signal receiver: something public may have changed; every entry is dropped."""
    _new_generation()
    transaction.on_commit(_new_generation)


def signatory_saved(instance, update_fields=None, raw=False, **kwargs):
    """post_save of a signatory page: rewrite its map feature when the whole page was saved
    (creating, publishing, unpublishing, a save in code). A draft's save in the admin saves a
    few bookkeeping fields only (update_fields), and its instance then holds the draft, which
    must not reach the map. Rows loaded from a fixture (raw) get theirs when the map is read."""
    # pact.map_data imports the page models, which exist once the app registry is ready.
    from pact.map_data import store_feature

    if update_fields is None and not raw:
        store_feature(instance)
    invalidate()


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    # Models exist only once the app registry is ready (this runs from PactConfig.ready()).
    from monitoring.models import (
        MonitoringSettings,
        PossibleAction,
        SignatoryAction,
        SignatoryMonitoring,
    )

    # The same: the page models are imported when this runs.
    from pact.models import SignatoryPage

    uid = "pact.public_cache"
    post_save.connect(signatory_saved, sender=SignatoryPage, dispatch_uid=f"{uid}.signatory")
    for model in get_page_models():
        if model is not SignatoryPage:
            post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{model._meta.label}")
    # Deleting a page of any type deletes its Page row (and, by cascade, its map feature).
    post_delete.connect(invalidate, sender=Page, dispatch_uid=f"{uid}.deleted")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"{uid}.{id(signal)}")
    for model in (
        PageViewRestriction,
        Site,
        SignatoryMonitoring,
        SignatoryAction,
        PossibleAction,
        MonitoringSettings,
    ):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{model.__name__}.save")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{model.__name__}.del")
