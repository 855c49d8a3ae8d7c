"""RSS and Atom feeds of initiatives, news and events."""

from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import (
    CalendarPageFactory,
    EventPageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SignatoryPageFactory,
)


def published(days_ago):
    return {"first_published_at": timezone.now() - timedelta(days=days_ago)}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def french_town(directory):
    return SignatoryPageFactory(parent=directory, title="Strasbourg", country="FR")


@pytest.fixture
def italian_town(directory):
    return SignatoryPageFactory(parent=directory, title="Torino", country="IT", town="Torino")


def test_initiatives_feed_lists_live_initiatives_with_absolute_links_and_ps(client, french_town):
    InitiativePageFactory(
        parent=french_town, title="Safe schools", ps=["prevention", "participation"], **published(1)
    )
    response, feed = parse(client, "/feeds/initiatives/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    [entry] = feed.entries
    assert entry.title == "Safe schools"
    assert entry.link.startswith("http://") and entry.link.endswith("/safe-schools/")
    assert [tag.term for tag in entry.tags] == ["Prevention", "Participation"]
    assert "By Strasbourg (France)." in entry.summary
    assert entry.id.startswith("tag:pact-platform,2013:page-")


def test_atom_feed_is_valid_atom_with_the_same_items(client, french_town):
    InitiativePageFactory(parent=french_town, title="Child house", **published(1))
    response, feed = parse(client, "/feeds/initiatives/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Child house"]
    assert feed.entries[0].published_parsed is not None


def test_feeds_leave_out_drafts_private_pages_and_initiatives_of_unpublished_signatories(
    client, directory, french_town
):
    InitiativePageFactory(parent=french_town, title="Public one", **published(1))
    InitiativePageFactory(parent=french_town, title="Draft one", live=False, **published(1))
    private = InitiativePageFactory(parent=french_town, title="Private one", **published(1))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    hidden_signatory = SignatoryPageFactory(parent=directory, title="Pending town", live=False)
    InitiativePageFactory(parent=hidden_signatory, title="Of a pending town", **published(1))

    _, feed = parse(client, "/feeds/initiatives/")
    assert [entry.title for entry in feed.entries] == ["Public one"]


def test_initiatives_feed_filters_by_p_and_by_signatory_country(client, french_town, italian_town):
    InitiativePageFactory(
        parent=french_town, title="FR prevention", ps=["prevention"], **published(1)
    )
    InitiativePageFactory(
        parent=french_town, title="FR protection", ps=["protection"], **published(1)
    )
    InitiativePageFactory(
        parent=italian_town, title="IT prevention", ps=["prevention"], **published(1)
    )

    _, feed = parse(client, "/feeds/initiatives/?p=prevention&country=FR")
    assert [entry.title for entry in feed.entries] == ["FR prevention"]
    assert "Prevention" in feed.feed.title and "France" in feed.feed.title
    _, feed = parse(client, "/feeds/initiatives/?country=it")
    assert [entry.title for entry in feed.entries] == ["IT prevention"]


def test_news_feed_is_newest_first_and_filters_by_p(client, news_index):
    NewsPageFactory(parent=news_index, title="Older", ps=["Prevention"], **published(5))
    NewsPageFactory(parent=news_index, title="Newer", ps=["Protection"], **published(1))
    _, feed = parse(client, "/feeds/news/")
    assert [entry.title for entry in feed.entries] == ["Newer", "Older"]
    _, feed = parse(client, "/feeds/news/atom/?p=prevention")
    assert [entry.title for entry in feed.entries] == ["Older"]


def test_events_feed_puts_the_event_date_in_the_description_and_filters_by_country(
    client, home_page
):
    calendar = CalendarPageFactory(parent=home_page)
    EventPageFactory(parent=calendar, title="Strasbourg conference", country="FR", **published(1))
    EventPageFactory(
        parent=calendar, title="Rome webinar", country="IT", town="Rome", **published(1)
    )
    _, feed = parse(client, "/feeds/events/?country=FR")
    [entry] = feed.entries
    assert entry.title == "Strasbourg conference"
    assert "Strasbourg, France" in entry.summary


def test_feed_descriptions_are_escaped_plain_text(client, french_town):
    InitiativePageFactory(
        parent=french_town,
        title="Escaping",
        summary="<script>alert(1)</script> & more",
        **published(1),
    )
    response = client.get("/feeds/initiatives/")
    assert b"<script>" not in response.content
    assert b"&lt;script&gt;" in response.content


@pytest.mark.parametrize(
    "url, message",
    [
        ("/feeds/initiatives/?p=preventing", "p must be one of prevention, protection"),
        ("/feeds/events/atom/?country=XX", "country must be a two-letter country code"),
        ("/feeds/news/?country=FR", "country cannot be used here: news belong to no country"),
    ],
)
def test_bad_filters_get_a_400_with_a_plain_message(client, home_page, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content.decode()


def test_feed_queries_do_not_grow_with_the_number_of_items(client, french_town):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/feeds/initiatives/").status_code == 200
        return len(queries)

    for _ in range(5):
        InitiativePageFactory(parent=french_town, ps=["prevention"], **published(1))
    count_queries()  # fills the cache of site root paths
    five = count_queries()
    for _ in range(15):
        InitiativePageFactory(parent=french_town, ps=["protection"], **published(1))
    twenty = count_queries()
    assert twenty == five


def test_pages_announce_their_feeds_in_the_head(client, home_page, news_index, french_town):
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in home
    assert 'href="/feeds/news/"' in home and 'href="/feeds/initiatives/"' in home
    signatory = client.get(french_town.url).content.decode()
    assert 'href="/feeds/initiatives/?country=FR"' in signatory
    directory = client.get("/participants/?country=IT").content.decode()
    assert 'href="/feeds/initiatives/?country=IT"' in directory
    assert 'href="/feeds/news/"' in client.get("/news/").content.decode()
    calendar = CalendarPageFactory(parent=home_page)
    assert 'href="/feeds/events/atom/"' in client.get(calendar.url).content.decode()
