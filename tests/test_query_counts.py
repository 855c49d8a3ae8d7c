"""The directory, a signatory page and the map data cost the same number of SQL queries with
5 signatories as with 50: no query per signatory, initiative or logo."""

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.built_once import built_once
from tests.conftest import make_home_page
from tests.factories import InitiativePageFactory, SignatoryPageFactory
from tests.joining import make_directory

COUNTRIES = ["FR", "DE", "IT", "ES", "PL", "SE", "GR"]


def add_signatories(directory, count, start=0):
    for number in range(start, start + count):
        placed = number % 3 != 0  # the others sit at their country's centre
        signatory = SignatoryPageFactory(
            parent=directory,
            title=f"Town {number:03d}",
            country=COUNTRIES[number % len(COUNTRIES)],
            latitude=45.0 + number % 10 if placed else None,
            longitude=5.0 + number % 10 if placed else None,
            logo=wagtail_factories.ImageFactory(title=f"Logo {number}"),
        )
        InitiativePageFactory(parent=signatory, ps=[("prevention", "protection")[number % 2]])


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
