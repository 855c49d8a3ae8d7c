"""What many public answers share and few writes change, computed once and kept in the cache
until something public changes: the live figures (pact.figures), the main menu and the
footer's campaign links (home.templatetags.navigation), the unfiltered map data
(pact.map_data); and each signatory's stored map feature, rewritten when its page is saved.

Every entry's key carries the site-wide content version (pact.content_version, the one token
that also makes the ETags): it changes whenever anything the public sees may have changed, so
one write drops every entry at once, on every server sharing the cache (Redis in production),
without knowing their keys. The version changes in the writer's transaction and reaches the
shared cache when that transaction commits, so a request reading in between keeps the old data
under the old version only.

The map features' receiver is connected in `connect_signals()`, from PactConfig.ready().
"""

from django.core.cache import cache

from pact import content_version

FIGURES_KEY = "pact:public:figures"
MENU_KEY = "pact:public:menu"
FOOTER_KEY = "pact:public:footer"
MAP_KEY = "pact:public:map"
# Entries of an old version are never read again: they only wait to expire.
TIMEOUT = 24 * 60 * 60


def cached(key, compute):
    """The value under `key` at the current content version, computed and stored when
    missing."""
    full_key = f"{key}:{content_version.current()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=TIMEOUT)
    return value


def signatory_saved(instance, update_fields=None, raw=False, **kwargs):
    """post_save of a signatory page: rewrite its map feature when the whole page was saved
    (creating, publishing, unpublishing, a save in code). A draft's save in the admin saves a
    few bookkeeping fields only (update_fields), and its instance then holds the draft, which
    must not reach the map. Rows loaded from a fixture (raw) get theirs when the map is read."""
    # pact.map_data imports the page models, which exist once the app registry is ready.
    from pact.map_data import store_feature

    if update_fields is None and not raw:
        store_feature(instance)


def connect_signals():
    from django.db.models.signals import post_save

    # The page models are imported when this runs (from PactConfig.ready()).
    from pact.models import SignatoryPage

    post_save.connect(
        signatory_saved, sender=SignatoryPage, dispatch_uid="pact.public_cache.signatory"
    )
