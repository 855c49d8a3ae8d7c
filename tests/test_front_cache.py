"""The cache in front (pact/caching.py, docs/deploy.md "The cache in front"): a change to a page
purges every address a visitor or an API consumer would otherwise keep seeing it at, and the
operator chooses the cache (a proxy, CloudFront, Cloudflare) by environment variables alone."""

import datetime
import importlib
import os
import sys
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import CloudflareBackend, HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from tests.conftest import purged_paths
from tests.factories import (
    CalendarPageFactory,
    EventPageFactory,
    InitiativePageFactory,
    SignatoryIndexPageFactory,
    SignatoryPageFactory,
)


@pytest.fixture
def town(home_page):
    directory = SignatoryIndexPageFactory(parent=home_page)
    CalendarPageFactory(parent=home_page)
    return SignatoryPageFactory(parent=directory, title="Testville", slug="testville", country="BE")


def test_publishing_an_initiative_purges_the_api_search_and_its_signatorys_country_page(
    shared_cache, town
):
    initiative = InitiativePageFactory(parent=town, slug="safe-schools", live=False)
    shared_cache.clear()
    initiative.save_revision().publish()

    paths = purged_paths(shared_cache)
    assert {"/participants/testville/safe-schools/", "/participants/testville/"} <= paths
    assert {"/api/v2/pages/", f"/api/v2/pages/{initiative.pk}/", "/search/"} <= paths
    assert "/participants/country/be/" in paths
    assert "/calendar/signatories/testville.ics" in paths
    assert {"/participants/map.geojson", "/participants/export.json", "/feeds/initiatives/"} <= (
        paths
    )


def test_unpublishing_an_event_purges_its_ics_files_and_the_months_it_is_listed_in(
    shared_cache, town
):
    start = timezone.make_aware(datetime.datetime(2027, 1, 30, 10))
    event = EventPageFactory(
        parent=town,
        slug="winter-school",
        start=start,
        end=start + datetime.timedelta(days=3),
    )
    shared_cache.clear()
    event.unpublish()

    paths = purged_paths(shared_cache)
    assert {
        "/participants/testville/winter-school/",
        "/participants/testville/winter-school/ics/",
    } <= (paths)
    assert {f"/calendar/{event.pk}.ics", "/calendar/winter-school.ics"} <= paths
    assert {"/calendar/2027/1/", "/calendar/2027/2/", "/calendar/feed.ics"} <= paths
    assert {"/calendar/signatories/testville.ics", f"/api/v2/pages/{event.pk}/"} <= paths


def test_deleting_a_signatory_purges_its_country_page_and_feed(shared_cache, town):
    shared_cache.clear()
    town.delete()
    paths = purged_paths(shared_cache)
    assert {"/participants/testville/", "/participants/", "/api/v2/pages/"} <= paths
    assert "/calendar/signatories/testville.ics" in paths


def test_the_purged_addresses_answer_on_the_site(client, shared_cache, town):
    """Each address purged is one the site serves (a typo would purge nothing)."""
    EventPageFactory(parent=town, slug="winter-school")
    InitiativePageFactory(parent=town, slug="safe-schools")
    shared_cache.clear()
    town.save_revision().publish()
    for path in sorted(purged_paths(shared_cache)):
        assert client.get(path).status_code == 200, path


# Which cache: environment variables only.


def base_settings(**env):
    """pactsite.settings.base as a process with these environment variables loads it."""
    name = "pactsite.settings.base"
    saved = sys.modules.pop(name, None)
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FRONTEND_CACHE_", "CLOUDFRONT_", "CLOUDFLARE_"))
    }
    try:
        with mock.patch.dict(os.environ, {**kept, **env}, clear=True):
            return importlib.import_module(name)
    finally:
        sys.modules.pop(name, None)
        if saved is not None:
            sys.modules[name] = saved


def test_no_cache_in_front_by_default():
    assert not hasattr(base_settings(), "WAGTAILFRONTENDCACHE")


def test_a_proxy_and_cloudflare_are_purged_together_when_both_are_set():
    module = base_settings(
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
        CLOUDFLARE_ZONE_ID="0123456789abcdef",
        CLOUDFLARE_API_TOKEN="token-with-cache-purge",
    )
    backends = get_backends(module.WAGTAILFRONTENDCACHE)
    assert isinstance(backends["proxy"], HTTPBackend)
    assert isinstance(backends["cloudflare"], CloudflareBackend)
    assert backends["cloudflare"].cloudflare_zoneid == "0123456789abcdef"
    assert backends["cloudflare"].cloudflare_token == "token-with-cache-purge"


def test_cloudflare_without_its_token_refuses_to_start():
    with pytest.raises(ImproperlyConfigured, match="CLOUDFLARE_API_TOKEN"):
        base_settings(CLOUDFLARE_ZONE_ID="0123456789abcdef")


def test_cloudfront_invalidates_the_distribution_named():
    pytest.importorskip("boto3", reason="CloudFront invalidations need boto3 (requirements.txt)")
    module = base_settings(CLOUDFRONT_DISTRIBUTION_ID="E2EXAMPLE")
    with mock.patch.dict(os.environ, {"AWS_DEFAULT_REGION": "us-east-1"}):
        backend = get_backends(module.WAGTAILFRONTENDCACHE)["cloudfront"]
    assert backend.cloudfront_distribution_id == "E2EXAMPLE"
