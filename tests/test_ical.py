"""The iCalendar feeds: /calendar/feed.ics (whole, per P, per country, per signatory) and one
.ics per event, valid RFC 5545 read back with the icalendar package."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from tests.factories import CalendarPageFactory, EventPageFactory, signatory_with_events_parent

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def calendar(home_page):
    return CalendarPageFactory(parent=home_page)


def parse(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    cal.validate()  # PRODID, VERSION and at least one component
    return cal


def events_by_summary(cal):
    return {str(event["SUMMARY"]): event for event in cal.walk("VEVENT")}


def test_feed_has_one_event_per_live_public_event_and_none_for_drafts_or_private(client, calendar):
    home = calendar.get_parent()
    signatory = signatory_with_events_parent(home)
    EventPageFactory(parent=calendar, title="Upcoming")
    EventPageFactory(parent=calendar, title="Past", start=timezone.now() - timedelta(days=90))
    EventPageFactory(parent=signatory, title="A signatory's")
    EventPageFactory(parent=calendar, title="Draft", live=False)
    private = EventPageFactory(parent=calendar, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/calendar/feed.ics")

    cal = parse(response)
    assert sorted(events_by_summary(cal)) == ["A signatory's", "Past", "Upcoming"]
    assert len(cal.walk("VEVENT")) == 3
    assert response["Content-Disposition"] == 'attachment; filename="pact-calendar.ics"'
    assert cal["VERSION"] == "2.0" and cal["METHOD"] == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Pact of Towns and Regions: events"
    assert cal["PRODID"]


def test_feed_without_events_is_still_a_valid_calendar(client, home_page, calendar):
    graz = signatory_with_events_parent(home_page, slug="graz")

    for url in (
        "/calendar/feed.ics",
        "/calendar/signatories/graz.ics",
        f"/calendar/feed.ics?signatory={graz.pk}",
    ):
        cal = parse(client.get(url))
        assert cal.walk("VEVENT") == []
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_event_at_ten_strasbourg_time_in_summer_is_eight_utc(client, calendar):
    EventPageFactory(
        parent=calendar,
        title="Summer",
        start=datetime(2030, 7, 10, 10, 0, tzinfo=PARIS),
        end=datetime(2030, 7, 10, 12, 0, tzinfo=PARIS),
    )
    EventPageFactory(
        parent=calendar, title="Winter", start=datetime(2030, 1, 10, 10, 0, tzinfo=PARIS)
    )

    response = client.get("/calendar/feed.ics")

    cal = parse(response)
    summer = events_by_summary(cal)["Summer"]
    assert summer["DTSTART"].params["TZID"] == "Europe/Paris"
    assert summer.start.astimezone(UTC) == datetime(2030, 7, 10, 8, 0, tzinfo=UTC)
    assert summer.end.astimezone(UTC) == datetime(2030, 7, 10, 10, 0, tzinfo=UTC)
    winter = events_by_summary(cal)["Winter"]
    assert winter.start.astimezone(UTC) == datetime(2030, 1, 10, 9, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=Europe/Paris:20300710T100000" in response.content
    # The zone is described in the file itself, as RFC 5545 requires for a TZID.
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert cal.get_missing_tzids() == set()


def test_all_day_events_are_fed_as_dates_with_the_day_after_as_end(client, calendar):
    EventPageFactory(
        parent=calendar,
        title="Three days",
        all_day=True,
        start=datetime(2030, 12, 5, tzinfo=PARIS),
        end=datetime(2030, 12, 7, tzinfo=PARIS),
    )
    EventPageFactory(
        parent=calendar, title="One day", all_day=True, start=datetime(2030, 12, 9, tzinfo=PARIS)
    )

    response = client.get("/calendar/feed.ics")

    events = events_by_summary(parse(response))
    three = events["Three days"]
    assert three["DTSTART"].params["VALUE"] == "DATE"
    assert three.start == date(2030, 12, 5)
    assert three.end == date(2030, 12, 8)  # DTEND is exclusive
    assert events["One day"].start == date(2030, 12, 9)
    assert events["One day"].end == date(2030, 12, 10)
    assert b"DTSTART;VALUE=DATE:20301205" in response.content
    assert b"DTEND;VALUE=DATE:20301208" in response.content


def test_events_keep_their_uid_and_carry_a_utc_dtstamp(client, calendar):
    event = EventPageFactory(parent=calendar, title="Stable")
    event.save_revision().publish()

    first = events_by_summary(parse(client.get("/calendar/feed.ics")))["Stable"]
    event.title = "Stable"
    event.save_revision().publish()
    second = events_by_summary(parse(client.get("/calendar/feed.ics")))["Stable"]

    assert str(first["UID"]) == str(second["UID"]) == f"event-{event.pk}@testserver"
    assert second.DTSTAMP.tzinfo is not None and second.DTSTAMP.utcoffset() == timedelta(0)
    event.refresh_from_db()
    # When the event last changed is LAST-MODIFIED; DTSTAMP is when the file was made.
    assert second["LAST-MODIFIED"].dt == event.last_published_at.replace(microsecond=0)


def test_dtstamp_is_when_the_file_was_made_not_when_the_event_was_published(client, calendar):
    """RFC 5545 3.8.7.2: in a calendar with a METHOD, DTSTAMP is the time the iCalendar object
    was created. A calendar app compares DTSTAMPs to keep the newest copy of an event."""
    event = EventPageFactory(parent=calendar, title="Published long ago")
    long_ago = timezone.now() - timedelta(days=400)
    type(event).objects.filter(pk=event.pk).update(
        first_published_at=long_ago, last_published_at=long_ago
    )

    for url in ("/calendar/feed.ics", f"/calendar/{event.pk}.ics"):
        before = timezone.now().replace(microsecond=0)
        cal = parse(client.get(url))
        after = timezone.now()
        [vevent] = cal.walk("VEVENT")
        assert before <= vevent.DTSTAMP <= after, url
        assert vevent["LAST-MODIFIED"].dt == long_ago.replace(microsecond=0), url


def test_calendar_name_and_description_escape_commas_and_semicolons(client, home_page, calendar):
    """X-WR-CALNAME and X-WR-CALDESC are TEXT: an unescaped comma splits the value in two for
    the apps that read it as a list."""
    signatory_with_events_parent(home_page, title="Town of Foo, Bar; Baz", slug="foo")

    response = client.get("/calendar/signatories/foo.ics")
    parse(response)
    unfolded = response.content.decode().replace("\r\n ", "")
    assert "X-WR-CALNAME:Town of Foo\\, Bar\\; Baz: events\r\n" in unfolded
    assert "X-WR-CALDESC:Events of Town of Foo\\, Bar\\; Baz\\, signatory of" in unfolded


def test_feed_event_has_summary_plain_description_location_url_and_categories(client, calendar):
    EventPageFactory(
        parent=calendar,
        title="Training",
        venue="Town hall",
        town="Ghent",
        country="BE",
        organiser="City of Ghent",
        registration_url="https://example.org/register",
        description=[
            ("heading", {"text": "Programme", "level": "h2", "anchor": ""}),
            (
                "paragraph",
                '<p>Talks &amp; <b>workshops</b> with <a href="https://x.org">partners</a>.</p>',
            ),
        ],
        ps=["protection", "prevention"],
    )

    vevent = events_by_summary(parse(client.get("/calendar/feed.ics")))["Training"]

    description = str(vevent["DESCRIPTION"])
    assert description.startswith("Programme\n\nTalks & workshops with partners.")
    assert "<" not in description
    assert "Organised by City of Ghent." in description
    assert "Registration: https://example.org/register" in description
    assert str(vevent["LOCATION"]) == "Town hall, Ghent, Belgium"
    assert str(vevent["URL"]) == "http://testserver/calendar/training/"  # the public address
    assert vevent.categories == ["Prevention", "Protection"]


def test_online_event_gives_its_link_as_location(client, calendar):
    EventPageFactory(
        parent=calendar,
        title="Webinar",
        town="",
        country="",
        online_url="https://meet.example.org/w",
    )
    vevent = events_by_summary(parse(client.get("/calendar/feed.ics")))["Webinar"]
    assert str(vevent["LOCATION"]) == "https://meet.example.org/w"


def test_feed_per_p_and_per_country(client, calendar):
    EventPageFactory(parent=calendar, title="Prevention in France", ps=["prevention"])
    EventPageFactory(
        parent=calendar,
        title="Protection in Portugal",
        town="Porto",
        country="PT",
        ps=["protection"],
    )

    by_p = client.get("/calendar/feed.ics?p=prevention")
    by_country = client.get("/calendar/feed.ics?country=pt")

    assert list(events_by_summary(parse(by_p))) == ["Prevention in France"]
    assert by_p["Content-Disposition"] == 'attachment; filename="pact-calendar-prevention.ics"'
    assert "Prevention" in str(parse(by_p)["X-WR-CALNAME"])
    assert list(events_by_summary(parse(by_country))) == ["Protection in Portugal"]


def test_feed_per_signatory_by_id_and_by_its_own_address(client, home_page, calendar):
    graz = signatory_with_events_parent(home_page, title="City of Graz", slug="graz")
    EventPageFactory(parent=graz, title="Graz open day")
    EventPageFactory(parent=calendar, title="Secretariat meeting")

    by_id = parse(client.get(f"/calendar/feed.ics?signatory={graz.pk}"))
    by_route = client.get("/calendar/signatories/graz.ics")

    assert list(events_by_summary(by_id)) == ["Graz open day"]
    assert list(events_by_summary(parse(by_route))) == ["Graz open day"]
    assert str(parse(by_route)["X-WR-CALNAME"]) == "City of Graz: events"
    assert by_route["Content-Disposition"] == 'attachment; filename="graz-events.ics"'


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("p=prosperity", 400, b"p must be one of prevention"),
        ("country=Atlantis", 400, b"country must be a two-letter country code"),
        ("signatory=graz", 400, b"signatory must be the page id of a signatory"),
        ("signatory=999999", 404, b""),
    ],
)
def test_feed_answers_bad_filters_with_a_reason(client, calendar, query, status, message):
    response = client.get(f"/calendar/feed.ics?{query}")
    assert response.status_code == status
    assert message in response.content


def test_one_event_as_an_ics_file_at_each_of_its_addresses(client, home_page, calendar):
    event = EventPageFactory(parent=calendar, title="Open day", slug="open-day")
    EventPageFactory(parent=calendar, title="Other")
    graz = signatory_with_events_parent(home_page, slug="graz")
    graz_event = EventPageFactory(parent=graz, title="Graz only", slug="graz-only")

    for url in ("/calendar/open-day/ics/", f"/calendar/{event.pk}.ics", "/calendar/open-day.ics"):
        response = client.get(url)
        assert [str(e["SUMMARY"]) for e in parse(response).walk("VEVENT")] == ["Open day"], url
        assert response["Content-Disposition"] == 'attachment; filename="open-day.ics"'
    # A signatory's event too, by id, by slug or at its own address.
    for url in (
        f"/calendar/{graz_event.pk}.ics",
        "/calendar/graz-only.ics",
        graz_event.url + "ics/",
    ):
        assert [str(e["SUMMARY"]) for e in parse(client.get(url)).walk("VEVENT")] == ["Graz only"]


def test_draft_or_private_event_has_no_ics(client, calendar):
    draft = EventPageFactory(parent=calendar, slug="draft", live=False)
    private = EventPageFactory(parent=calendar, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert client.get(f"/calendar/{draft.pk}.ics").status_code == 404
    assert client.get("/calendar/draft.ics").status_code == 404
    assert client.get(f"/calendar/{private.pk}.ics").status_code == 404
    response = client.get("/calendar/private/ics/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_ics_address_is_a_404(client, calendar):
    assert client.get("/calendar/nothing-here.ics").status_code == 404
    assert client.get("/no-such-page/feed.ics").status_code == 404


def test_feed_costs_the_same_queries_for_many_events(client, home_page, calendar):
    signatory = signatory_with_events_parent(home_page)
    EventPageFactory(parent=calendar, ps=["prevention"])
    client.get("/calendar/feed.ics")
    with CaptureQueriesContext(connection) as one:
        client.get("/calendar/feed.ics")
    for n in range(8):
        EventPageFactory(parent=signatory if n % 2 else calendar, ps=["protection", "prosecution"])
    with CaptureQueriesContext(connection) as nine:
        response = client.get("/calendar/feed.ics")

    assert len(parse(response).walk("VEVENT")) == 9
    assert len(nine) == len(one)


def test_feeds_hold_the_last_90_days_and_what_comes_unless_asked_for_more(
    client, home_page, calendar
):
    graz = signatory_with_events_parent(home_page, slug="graz")
    now = timezone.now()
    EventPageFactory(parent=calendar, title="Next week", start=now + timedelta(days=7))
    EventPageFactory(parent=calendar, title="Last month", start=now - timedelta(days=30))
    EventPageFactory(
        parent=calendar,
        title="Long, still running then",
        start=now - timedelta(days=120),
        end=now - timedelta(days=60),
    )
    EventPageFactory(parent=calendar, title="Last year", start=now - timedelta(days=365))
    EventPageFactory(parent=graz, title="Graz, long ago", start=now - timedelta(days=400))
    EventPageFactory(parent=graz, title="Graz, soon", start=now + timedelta(days=3))

    recent = ["Graz, soon", "Last month", "Long, still running then", "Next week"]
    assert sorted(events_by_summary(parse(client.get("/calendar/feed.ics")))) == recent
    every = sorted(recent + ["Graz, long ago", "Last year"])
    since = (now - timedelta(days=500)).date().isoformat()
    assert sorted(events_by_summary(parse(client.get(f"/calendar/feed.ics?since={since}")))) == (
        every
    )
    # Narrower, too: only what finishes from that day on.
    week = (now + timedelta(days=5)).date().isoformat()
    assert sorted(events_by_summary(parse(client.get(f"/calendar/feed.ics?since={week}")))) == [
        "Next week"
    ]
    graz_feed = "/calendar/signatories/graz.ics"
    assert sorted(events_by_summary(parse(client.get(graz_feed)))) == ["Graz, soon"]
    assert sorted(events_by_summary(parse(client.get(f"{graz_feed}?since={since}")))) == [
        "Graz, long ago",
        "Graz, soon",
    ]


@pytest.mark.parametrize("url", ["/calendar/feed.ics", "/calendar/signatories/graz.ics"])
@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "2026-02-30"])
def test_a_bad_since_is_refused_with_a_reason(client, home_page, calendar, url, since):
    signatory_with_events_parent(home_page, slug="graz")
    response = client.get(url, {"since": since})
    assert response.status_code == 400
    assert response.content.startswith(b"since must be an ISO date such as 2026-07-14")
