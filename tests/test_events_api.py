"""Events in the Wagtail API v2 (/api/v2/pages/?type=pact.EventPage): their fields and the
upcoming / date-range filters."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.api.v2.filters import SearchFilter
from wagtail.models import PageViewRestriction

from pact.api import PactPagesAPIViewSet
from tests.factories import CalendarPageFactory, EventPageFactory, signatory_with_events_parent

PARIS = ZoneInfo("Europe/Paris")
EVENTS = "/api/v2/pages/?type=pact.EventPage"


@pytest.fixture
def calendar(home_page):
    return CalendarPageFactory(parent=home_page)


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_event_detail_gives_every_event_field(client, home_page, calendar):
    graz = signatory_with_events_parent(home_page, title="City of Graz", slug="graz")
    event = EventPageFactory(
        parent=graz,
        title="Open day",
        start=datetime(2030, 7, 10, 10, tzinfo=PARIS),
        end=datetime(2030, 7, 10, 12, tzinfo=PARIS),
        venue="Rathaus",
        town="Graz",
        country="AT",
        online_url="https://meet.example.org/graz",
        organiser="",
        registration_url="https://example.org/register",
        description=[("paragraph", "<p>Come and see.</p>")],
        ps=["participation", "prevention"],
    )

    data = client.get(f"/api/v2/pages/{event.pk}/").json()

    assert data["start"] == "2030-07-10T10:00:00+02:00"
    assert data["end"] == "2030-07-10T12:00:00+02:00"
    assert data["all_day"] is False
    assert (data["venue"], data["town"], data["country"]) == ("Rathaus", "Graz", "AT")
    assert data["online_url"] == "https://meet.example.org/graz"
    assert data["organiser"] == "City of Graz"  # a signatory's event defaults to its name
    assert data["ps"] == [
        {"slug": "prevention", "name": "Prevention"},
        {"slug": "participation", "name": "Participation"},
    ]
    assert data["description"][0]["type"] == "paragraph"
    assert data["registration_url"] == "https://example.org/register"


def test_online_only_event_has_an_empty_country(client, calendar):
    event = EventPageFactory(
        parent=calendar, town="", country="", online_url="https://meet.example.org/w"
    )

    detail = client.get(f"/api/v2/pages/{event.pk}/")
    listing = client.get(f"{EVENTS}&fields=*")

    assert detail.status_code == 200 and detail.json()["country"] == ""
    assert listing.status_code == 200 and listing.json()["items"][0]["country"] == ""


def test_upcoming_true_lists_events_not_over_yet_soonest_first(client, calendar):
    now = timezone.now()
    EventPageFactory(parent=calendar, title="Next month", start=now + timedelta(days=30))
    EventPageFactory(parent=calendar, title="Tomorrow", start=now + timedelta(days=1))
    EventPageFactory(parent=calendar, title="Yesterday", start=now - timedelta(days=1))
    EventPageFactory(parent=calendar, title="Last year", start=now - timedelta(days=365))

    upcoming = client.get(f"{EVENTS}&upcoming=true")
    past = client.get(f"{EVENTS}&upcoming=false")

    assert titles(upcoming) == ["Tomorrow", "Next month"]
    assert titles(past) == ["Yesterday", "Last year"]


def test_explicit_order_wins_over_the_date_order(client, calendar):
    now = timezone.now()
    EventPageFactory(parent=calendar, title="B", start=now + timedelta(days=1))
    EventPageFactory(parent=calendar, title="A", start=now + timedelta(days=2))
    assert titles(client.get(f"{EVENTS}&upcoming=true&order=title")) == ["A", "B"]


def test_start_after_and_start_before_give_a_date_range(client, calendar):
    for day in (1, 10, 20, 30):
        EventPageFactory(
            parent=calendar, title=f"June {day}", start=datetime(2030, 6, day, 9, tzinfo=PARIS)
        )

    in_range = client.get(f"{EVENTS}&start_after=2030-06-10&start_before=2030-06-30")
    from_a_time = client.get(f"{EVENTS}&start_after=2030-06-10T10:00:00%2B02:00")

    assert titles(in_range) == ["June 10", "June 20"]  # start_after includes its day
    assert titles(from_a_time) == ["June 20", "June 30"]


def test_date_range_combines_with_upcoming(client, calendar):
    now = timezone.now()
    EventPageFactory(parent=calendar, title="Yesterday", start=now - timedelta(days=1))
    EventPageFactory(parent=calendar, title="Tomorrow", start=now + timedelta(days=1))
    start_after = (now - timedelta(days=5)).date().isoformat()
    assert titles(client.get(f"{EVENTS}&upcoming=true&start_after={start_after}")) == ["Tomorrow"]


def test_search_combines_with_the_event_filters(client, calendar):
    now = timezone.now()
    EventPageFactory(parent=calendar, title="Training next week", start=now + timedelta(days=7))
    EventPageFactory(parent=calendar, title="Training last week", start=now - timedelta(days=7))
    EventPageFactory(parent=calendar, title="Conference next week", start=now + timedelta(days=7))

    response = client.get(f"{EVENTS}&search=training&upcoming=true&town=Strasbourg")

    assert titles(response) == ["Training next week"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("upcoming=soon", "upcoming must be true or false, not 'soon'."),
        ("start_after=next-week", "start_after must be an ISO date such as 2026-07-14"),
        ("start_before=31/12/2030", "start_before must be an ISO date such as 2026-07-14"),
        ("start=tomorrow", "field filter error"),
    ],
)
def test_bad_event_filter_values_are_a_400_with_the_reason(client, calendar, query, message):
    EventPageFactory(parent=calendar)
    response = client.get(f"{EVENTS}&{query}")
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_event_filters_without_the_event_type_list_events_and_nothing_else(client, calendar):
    """Every combination the OpenAPI description allows is answered: an event filter without
    type= lists the events it matches; with another page type, nothing matches."""
    EventPageFactory(parent=calendar, title="Soon", start=timezone.now() + timedelta(days=3))
    EventPageFactory(parent=calendar, title="Gone", start=timezone.now() - timedelta(days=30))

    response = client.get("/api/v2/pages/?upcoming=true")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Soon"]
    other_type = client.get("/api/v2/pages/?type=home.HomePage&start_after=2030-01-01")
    assert other_type.status_code == 200 and other_type.json()["items"] == []
    empty_window = client.get(f"{EVENTS}&start_after=2030-06-10&start_before=2030-06-01")
    assert empty_window.status_code == 200 and empty_window.json()["items"] == []


def test_api_lists_no_draft_and_no_private_event(client, calendar):
    EventPageFactory(parent=calendar, title="Public")
    EventPageFactory(parent=calendar, title="Draft", live=False)
    private = EventPageFactory(parent=calendar, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert titles(client.get(f"{EVENTS}&upcoming=true")) == ["Public"]


def test_event_listing_costs_the_same_queries_for_many_events(client, home_page, calendar):
    signatory = signatory_with_events_parent(home_page)
    url = f"{EVENTS}&upcoming=true&fields=*"
    EventPageFactory(parent=signatory, organiser="", ps=["prevention"])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(6):
        EventPageFactory(parent=signatory if n % 2 else calendar, organiser="", ps=["protection"])
    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)

    assert len(titles(response)) == 7
    assert len(seven) == len(one)


def test_the_pages_endpoint_knows_the_event_filters_and_keeps_wagtails_own():
    known = PactPagesAPIViewSet.known_query_parameters
    assert {"upcoming", "start_after", "start_before"} <= known
    assert {"type", "child_of", "descendant_of", "search", "fields"} <= known
    # Search must stay the last filter: search results cannot be filtered further.
    assert issubclass(PactPagesAPIViewSet.filter_backends[-1], SearchFilter)
