"""Every public page type costs at most QUERY_BUDGET SQL queries, and the same number with 5
signatories as with 50 (the directory, a signatory page and the map data), or with the demo as
with 45 more signatories, each with an initiative, an event and a news item (every page type):
no query per signatory, initiative, event, news item or logo."""

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pact.models import CalendarPage, SignatoryIndexPage
from tests.built_once import built_once
from tests.conftest import make_home_page
from tests.demo_database import put_demo_in_database
from tests.factories import (
    SAMPLE_COUNTRIES,
    EventPageFactory,
    InitiativePageFactory,
    NewsPageFactory,
    SignatoryPageFactory,
    add_signatories,
)
from tests.joining import make_directory


def queries_to_render(client, url):
    """Queries of a second request: the first one makes the logos' renditions, once."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


DIRECTORY_URLS = [
    "/participants/",
    "/participants/?country=FR&p=prevention&q=town",
    "/participants/?page=2",
    "/participants/map.geojson",
]


@pytest.fixture(scope="module")
def directory_queries(django_db_setup, django_db_blocker):
    """Each directory URL's queries with 5, then with 50 signatories; the directory is built
    once for the module's tests and rolled back after them (tests/built_once.py)."""
    with built_once(django_db_blocker):
        cache.clear()
        directory = make_directory(make_home_page())
        client = Client()
        add_signatories(directory, 5)
        with_5 = {url: queries_to_render(client, url) for url in DIRECTORY_URLS}
        add_signatories(directory, 45, start=5)
        yield {url: (with_5[url], queries_to_render(client, url)) for url in DIRECTORY_URLS}


@pytest.mark.parametrize("url", DIRECTORY_URLS)
def test_directory_and_map_data_cost_the_same_queries_for_5_or_50_signatories(
    db, directory_queries, url
):
    with_5, with_50 = directory_queries[url]
    print(f"{url}: {with_5} queries with 5 signatories, {with_50} with 50")
    assert with_5 == with_50


def test_signatory_page_costs_the_same_queries_for_2_or_12_initiatives(client, directory):
    add_signatories(directory, 5)
    signatory = SignatoryPageFactory(
        parent=directory,
        title="Busy town",
        logo=wagtail_factories.ImageFactory(title="Busy logo"),
    )
    for _ in range(2):
        InitiativePageFactory(parent=signatory, ps=["prevention", "participation"])
    url = "/participants/busy-town/"
    with_2 = queries_to_render(client, url)
    for _ in range(10):
        InitiativePageFactory(parent=signatory, ps=["protection", "prosecution"])
    add_signatories(directory, 45, start=5)
    with_12 = queries_to_render(client, url)
    print(f"{url}: {with_2} queries with 2 initiatives, {with_12} with 12")
    assert with_2 == with_12


# Every public page type, on the demo site (tests/browser/public_pages.py names the same ones).
QUERY_BUDGET = 20
PAGE_TYPE_URLS = {
    "home": "/",
    "campaign": "/one-in-five/",
    "news index": "/news/",
    "news item": "/news/sample-awareness-programme/",
    "pact": "/pact/",
    "a P": "/pact/prevention/",
    "directory": "/participants/",
    "signatory": "/participants/city-of-strasbourg/",
    "initiative": "/participants/city-of-strasbourg/training-for-everyone-who-works-with-children/",
    "event": "/calendar/training-for-school-staff-lyon/",
    "calendar": "/calendar/",
    "good practices": "/good-practices/",
    "good practices searched": "/good-practices/?q=training&p=prevention&country=FR",
    "search": "/search/?q=children",
    "toolkit": "/toolkit/",
    "progress": "/progress/",
    "country": "/participants/country/fr/",
    "join": "/join/",
}


def add_to_the_demo(count):
    """`count` more signatories in the demo's directory, each with an initiative (prevention,
    words the searches above find), an event in the calendar's month and a news item."""
    directory = SignatoryIndexPage.objects.get()
    news = directory.get_parent().get_children().get(slug="news")
    calendar = CalendarPage.objects.get()
    for number in range(count):
        signatory = SignatoryPageFactory(
            parent=directory,
            title=f"Sample town {number:03d}",
            country=SAMPLE_COUNTRIES[number % len(SAMPLE_COUNTRIES)],
            logo=wagtail_factories.ImageFactory(title=f"Sample logo {number}"),
        )
        InitiativePageFactory(
            parent=signatory, title=f"Training for children {number}", ps=["prevention"]
        )
        EventPageFactory(parent=signatory if number % 2 else calendar, ps=["prevention"])
        NewsPageFactory(parent=news, ps=["prevention"])


@pytest.fixture(scope="module")
def page_type_queries(django_db_setup, django_db_blocker):
    """Each page type's queries on the demo, then with 45 more signatories (and as many
    initiatives, events and news items), with the search index up to date."""
    with built_once(django_db_blocker):
        put_demo_in_database()
        client = Client()
        with_demo = {name: queries_to_render(client, url) for name, url in PAGE_TYPE_URLS.items()}
        add_to_the_demo(45)
        cache.clear()
        yield {
            name: (with_demo[name], queries_to_render(client, url))
            for name, url in PAGE_TYPE_URLS.items()
        }


# Every public page pays 7 queries before its own content: Wagtail's site and route (4), its
# view-restriction check (2), who the public may see (1), the content version (1, none with
# Redis); the main menu and the footer's campaign links come from the cache (pact.public_cache)
# after the first request.
# A listing whose first page mixes page types costs a query per type on it, not per page: its
# count may drop when newer pages of fewer types push the others off its first page.
MIXED_TYPES = {"a P"}


@pytest.mark.parametrize("name", PAGE_TYPE_URLS)
def test_every_public_page_type_stays_within_the_query_budget_whatever_the_size(
    db, page_type_queries, name
):
    with_demo, with_more = page_type_queries[name]
    print(f"{name}: {with_demo} queries on the demo, {with_more} with 45 more signatories")
    if name in MIXED_TYPES:
        assert with_more <= with_demo
    else:
        assert with_more == with_demo
    assert with_demo <= QUERY_BUDGET
