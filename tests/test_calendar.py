"""The calendar of events: /calendar/ lists, filters and month view, event pages, the
upcoming-events template tag and the demo events."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pact.models import CalendarPage, EventPage, SignatoryPage
from tests.factories import CalendarPageFactory, EventPageFactory, signatory_with_events_parent

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def calendar(home_page):
    return CalendarPageFactory(parent=home_page)


def titles_in(response):
    """Event titles in the order a response (or rendered HTML) lists them."""
    html = response if isinstance(response, str) else response.text
    found = re.findall(r'class="event-summary__title"><a href="[^"]*">([^<]+)</a>', html)
    return [unescape(title) for title in found]


def month_grid_titles(response):
    """Event titles in the month grid, day by day."""
    grid = response.text.split('<table class="month-grid', 1)[1].split("</table>", 1)[0]
    return re.findall(
        r'<a href="[^"]*">(?:<span class="month-grid__time">[^<]*</span> )?([^<]+)</a>', grid
    )


# The models


def test_event_needs_a_town_and_country_or_an_online_link(calendar):
    event = EventPage(title="Somewhere", slug="somewhere", start=timezone.now())
    with pytest.raises(ValidationError) as error:
        event.clean()
    messages = error.value.message_dict
    assert set(messages) == {"town", "country", "online_url"}
    assert "a town and a country, an online link, or both" in messages["online_url"][0]

    event.online_url = "https://meet.example.org/x"
    event.clean()  # online only is fine
    event.online_url, event.town, event.country = "", "Lyon", "FR"
    event.clean()  # a place is fine


def test_event_end_cannot_be_before_its_start(calendar):
    event = EventPage(
        title="Backwards",
        start=paris(2030, 5, 2, 10),
        end=paris(2030, 5, 2, 9),
        town="Lyon",
        country="FR",
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert error.value.message_dict["end"] == [
        "The end cannot be before the start. Check the dates and times (Strasbourg time)."
    ]


def test_all_day_event_keeps_only_its_dates_in_strasbourg_time(calendar):
    # 23:30 UTC on 4 May is already 5 May in Strasbourg.
    event = EventPageFactory(
        parent=calendar,
        all_day=True,
        start=datetime(2030, 5, 4, 23, 30, tzinfo=UTC),
        end=paris(2030, 5, 7, 16, 0),
    )
    event.refresh_from_db()
    assert event.start == paris(2030, 5, 5)
    assert event.end == paris(2030, 5, 7)
    assert [day.day for day in event.days()] == [5, 6, 7]
    assert event.when_label == "5–7 May 2030 (all day)"


@pytest.mark.parametrize(
    ("start", "end", "all_day", "label"),
    [
        (
            paris(2030, 7, 14, 10),
            paris(2030, 7, 14, 12, 30),
            False,
            "Sunday 14 July 2030, 10:00–12:30",
        ),
        (paris(2030, 7, 14, 10), None, False, "Sunday 14 July 2030, 10:00"),
        (
            paris(2030, 7, 14, 18),
            paris(2030, 7, 15, 2),
            False,
            "Sunday 14 July 2030, 18:00 – Monday 15 July 2030, 02:00",
        ),
        (paris(2030, 7, 14), None, True, "Sunday 14 July 2030 (all day)"),
        (paris(2030, 6, 29), paris(2030, 7, 2), True, "29 June – 2 July 2030 (all day)"),
        (
            paris(2030, 12, 30),
            paris(2031, 1, 2),
            True,
            "30 December 2030 – 2 January 2031 (all day)",
        ),
    ],
)
def test_event_dates_read_naturally(db, start, end, all_day, label):
    event = EventPage(start=start, end=end, all_day=all_day)
    assert event.when_label == label


def test_calendar_slug_stays_calendar_so_feed_addresses_never_change(home_page):
    page = CalendarPage(title="Events", slug="events")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "must be 'calendar'" in error.value.message_dict["slug"][0]


def test_events_go_under_the_calendar_or_a_signatory():
    assert set(EventPage.allowed_parent_page_models()) == {CalendarPage, SignatoryPage}
    assert EventPage in SignatoryPage.allowed_subpage_models()
    assert CalendarPage.max_count == 1


# /calendar/: upcoming, past, filters


def test_calendar_lists_upcoming_events_soonest_first(client, calendar):
    now = timezone.now()
    EventPageFactory(parent=calendar, title="Later", start=now + timedelta(days=10))
    EventPageFactory(parent=calendar, title="Sooner", start=now + timedelta(days=2))
    EventPageFactory(
        parent=calendar,
        title="Under way",
        start=now - timedelta(hours=1),
        end=now + timedelta(hours=1),
    )
    EventPageFactory(parent=calendar, title="Over", start=now - timedelta(days=3))

    response = client.get("/calendar/")

    assert response.status_code == 200
    assert titles_in(response) == ["Under way", "Sooner", "Later"]
    assert "3 events." in response.text


def test_all_day_event_stays_upcoming_until_its_last_day_is_over(client, calendar):
    today = timezone.now().astimezone(PARIS).date()
    EventPageFactory(
        parent=calendar, title="All day today", all_day=True, start=paris(*today.timetuple()[:3])
    )
    yesterday = today - timedelta(days=1)
    EventPageFactory(
        parent=calendar,
        title="All day yesterday",
        all_day=True,
        start=paris(*yesterday.timetuple()[:3]),
    )

    assert titles_in(client.get("/calendar/")) == ["All day today"]
    assert titles_in(client.get("/calendar/?when=past")) == ["All day yesterday"]


def test_past_events_are_listed_most_recent_first(client, calendar):
    now = timezone.now()
    EventPageFactory(parent=calendar, title="Long ago", start=now - timedelta(days=300))
    EventPageFactory(parent=calendar, title="Last week", start=now - timedelta(days=7))
    EventPageFactory(parent=calendar, title="Next week", start=now + timedelta(days=7))

    response = client.get("/calendar/?when=past")

    assert titles_in(response) == ["Last week", "Long ago"]
    assert '<h2 id="calendar-heading">Past events</h2>' in response.text


def test_calendar_filters_by_country_and_by_p_combined(client, calendar):
    soon = timezone.now() + timedelta(days=3)
    EventPageFactory(
        parent=calendar, title="Lyon prevention", start=soon, town="Lyon", ps=["prevention"]
    )
    EventPageFactory(
        parent=calendar, title="Lyon protection", start=soon, town="Lyon", ps=["protection"]
    )
    EventPageFactory(
        parent=calendar,
        title="Porto prevention",
        start=soon,
        town="Porto",
        country="PT",
        ps=["prevention"],
    )

    assert titles_in(client.get("/calendar/?country=FR")) == ["Lyon prevention", "Lyon protection"]
    assert titles_in(client.get("/calendar/?p=prevention")) == [
        "Lyon prevention",
        "Porto prevention",
    ]
    both = client.get("/calendar/?country=fr&p=prevention")
    assert titles_in(both) == ["Lyon prevention"]
    assert "Upcoming events in France: Prevention" in both.text
    # The subscribe links keep the filters, so people subscribe to what they see.
    assert "/calendar/feed.ics?country=FR&amp;p=prevention" in both.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("when=tomorrow", "when must be one of upcoming, past, not &#x27;tomorrow&#x27;."),
        ("month=2026-13", "month must be a year and month such as 2026-12"),
        ("month=december", "month must be a year and month such as 2026-12"),
        ("country=Atlantis", "country must be a two-letter country code such as FR"),
        ("p=prosperity", "p must be one of prevention, protection, prosecution, participation"),
        ("page=last", "There is no page &#x27;last&#x27;; this is page 1."),
        ("country=%3Cscript%3Ealert(1)%3C/script%3E", "country must be a two-letter country code"),
    ],
)
def test_bad_filter_values_are_named_and_ignored(client, calendar, query, message):
    EventPageFactory(parent=calendar, title="Still listed")

    response = client.get(f"/calendar/?{query}")

    assert response.status_code == 200
    assert message in response.text
    assert titles_in(response) == ["Still listed"]
    assert "<script>alert" not in response.text


def test_impossible_month_in_the_address_is_reported_not_an_error(client, calendar):
    EventPageFactory(parent=calendar, title="Still listed")

    response = client.get("/calendar/2026/13/")

    assert response.status_code == 200
    assert (
        "month must be a year and month such as 2026-12, from 1950 to 2200, "
        "not &#x27;2026-13&#x27;. It was ignored." in response.text
    )
    assert titles_in(response) == ["Still listed"]


def test_calendar_paginates_long_lists(client, calendar):
    start = timezone.now() + timedelta(days=1)
    for n in range(21):
        EventPageFactory(parent=calendar, title=f"Event {n:02d}", start=start + timedelta(hours=n))

    first = client.get("/calendar/?p=")
    second = client.get("/calendar/?page=2")
    too_far = client.get("/calendar/?page=9")

    assert len(titles_in(first)) == 20
    assert titles_in(second) == ["Event 20"]
    assert 'href="?page=2"' in first.text
    assert titles_in(too_far) == ["Event 20"]
    assert "There is no page 9; this is the last page, page 2." in too_far.text
    before_first = client.get("/calendar/?page=0")
    assert titles_in(before_first)[0] == "Event 00"
    assert "There is no page 0; this is page 1." in before_first.text


def test_drafts_and_private_events_are_not_listed(client, calendar):
    EventPageFactory(parent=calendar, title="Public")
    EventPageFactory(parent=calendar, title="Draft", live=False)
    private = EventPageFactory(parent=calendar, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert titles_in(client.get("/calendar/")) == ["Public"]


def test_calendar_states_its_time_zone_and_shows_strasbourg_times(client, calendar):
    EventPageFactory(
        parent=calendar, title="Summer morning", start=datetime(2030, 7, 10, 8, 0, tzinfo=UTC)
    )

    response = client.get("/calendar/?month=2030-07")

    assert "Times are Strasbourg time (Central European Time, CET/CEST)." in response.text
    assert '<span class="month-grid__time">10:00</span> Summer morning' in response.text
    page = client.get("/calendar/summer-morning/")
    assert "Wednesday 10 July 2030, 10:00" in page.text
    assert 'datetime="2030-07-10T10:00:00+02:00"' in page.text


# Month view


def test_month_view_shows_that_months_events_with_links_to_neighbouring_months(client, calendar):
    EventPageFactory(
        parent=calendar,
        title="Across the month start",
        all_day=True,
        start=paris(2030, 2, 27),
        end=paris(2030, 3, 2),
    )
    EventPageFactory(parent=calendar, title="Mid March", start=paris(2030, 3, 15, 9))
    EventPageFactory(parent=calendar, title="April", start=paris(2030, 4, 1, 9))
    EventPageFactory(
        parent=calendar,
        title="Brussels",
        start=paris(2030, 3, 20, 9),
        town="Brussels",
        country="BE",
    )

    by_route = client.get("/calendar/2030/3/")
    by_query = client.get("/calendar/?month=2030-03")

    for response in (by_route, by_query):
        assert response.status_code == 200
        assert "Events in March 2030" in response.text
        # The event spanning 27 Feb - 2 Mar appears on 1 and 2 March.
        assert month_grid_titles(response) == [
            "Across the month start",
            "Across the month start",
            "Mid March",
            "Brussels",
        ]
        assert 'href="/calendar/2030/2/" rel="prev"' in response.text
        assert 'href="/calendar/2030/4/" rel="next"' in response.text
    filtered = client.get("/calendar/2030/3/?country=BE")
    assert month_grid_titles(filtered) == ["Brussels"]
    assert 'href="/calendar/2030/4/?country=BE" rel="next"' in filtered.text


def test_month_navigation_crosses_years(client, calendar):
    response = client.get("/calendar/2030/12/")
    assert 'href="/calendar/2030/11/" rel="prev"' in response.text
    assert 'href="/calendar/2031/1/" rel="next"' in response.text
    assert "No events in December 2030" in response.text


def test_calendar_listing_costs_the_same_queries_for_many_events(client, calendar):
    signatory = signatory_with_events_parent(calendar.get_parent())
    soon = timezone.now() + timedelta(days=1)
    EventPageFactory(parent=calendar, start=soon, ps=["prevention", "protection"])
    EventPageFactory(parent=signatory, start=soon, ps=["participation"])
    client.get("/calendar/")  # warm Wagtail's site cache

    with CaptureQueriesContext(connection) as few:
        client.get("/calendar/")
    for n in range(6):
        EventPageFactory(parent=calendar if n % 2 else signatory, start=soon, ps=["prosecution"])
    client.get("/calendar/")  # the menu is cached until content changes: warm it again
    with CaptureQueriesContext(connection) as many:
        response = client.get("/calendar/")

    assert len(titles_in(response)) == 8
    assert len(many) == len(few)


# Event pages


def test_event_page_shows_when_where_who_ps_and_how_to_take_part(client, calendar):
    event = EventPageFactory(
        parent=calendar,
        title="Training day",
        start=timezone.now() + timedelta(days=5),
        venue="Town hall",
        town="Ghent",
        country="BE",
        online_url="https://meet.example.org/training",
        organiser="City of Ghent",
        registration_url="https://example.org/register",
        description=[("paragraph", "<p>For teachers and coaches.</p>")],
        ps=["prevention", "participation"],
    )

    response = client.get(event.url)

    html = response.text
    assert response.status_code == 200
    assert "Town hall, Ghent, Belgium" in html
    assert 'href="https://meet.example.org/training"' in html
    assert "City of Ghent" in html
    assert re.findall(r"event-ps__item--(\w+)", html) == ["prevention", "participation"]
    assert 'href="https://example.org/register"' in html
    assert f'href="{event.url}ics/"' in html
    assert "For teachers and coaches." in html
    assert " style=" not in html and "<script>" not in html


def test_signatorys_event_shows_the_signatory_as_organiser_by_default(client, home_page, calendar):
    signatory = signatory_with_events_parent(home_page, title="City of Graz", slug="graz")
    event = EventPageFactory(parent=signatory, title="Open day", organiser="")

    page = client.get(event.url)
    listing = client.get("/calendar/")

    assert f'<a href="{signatory.url}">City of Graz</a>' in page.text
    assert 'Organised by <a href="/participants/graz/">City of Graz</a>' in listing.text
    assert titles_in(listing) == ["Open day"]


def test_past_event_says_it_has_taken_place_and_hides_registration(client, calendar):
    event = EventPageFactory(
        parent=calendar,
        start=timezone.now() - timedelta(days=2),
        registration_url="https://example.org/register",
    )
    html = client.get(event.url).text
    assert "This event has taken place." in html
    assert "https://example.org/register" not in html


# {% upcoming_events %}


def render_tag(source, **context):
    return Template("{% load pact_events %}" + source).render(Context(context))


def test_upcoming_events_tag_lists_the_next_events_up_to_the_limit(calendar):
    now = timezone.now()
    for days in (9, 1, 5, -2):
        EventPageFactory(parent=calendar, title=f"In {days} days", start=now + timedelta(days=days))

    html = render_tag("{% upcoming_events limit=2 %}")

    assert titles_in(html) == ["In 1 days", "In 5 days"]
    assert 'href="/calendar/"' in html
    assert 'href="/calendar/feed.ics"' in html


def test_upcoming_events_tag_under_a_signatory_lists_only_its_events(home_page, calendar):
    signatory = signatory_with_events_parent(home_page)
    EventPageFactory(parent=calendar, title="Secretariat's")
    EventPageFactory(parent=signatory, title="Signatory's")

    html = render_tag("{% upcoming_events under=page limit=3 %}", page=signatory)

    assert titles_in(html) == ["Signatory's"]
    assert f'href="/calendar/signatories/{signatory.slug}.ics"' in html


def test_upcoming_events_tag_says_so_when_there_are_none(calendar):
    EventPageFactory(parent=calendar, start=timezone.now() - timedelta(days=1))
    html = render_tag("{% upcoming_events %}")
    assert "No upcoming events at the moment" in html
    assert '<ul class="event-list">' not in html


def test_upcoming_events_tag_costs_the_same_queries_for_five_events_as_for_one(home_page, calendar):
    signatory = signatory_with_events_parent(home_page)
    EventPageFactory(parent=signatory, ps=["prevention"])
    render_tag("{% upcoming_events limit=5 %}")  # warm Wagtail's site cache
    with CaptureQueriesContext(connection) as one:
        render_tag("{% upcoming_events limit=5 %}")
    for n in range(4):
        EventPageFactory(parent=signatory if n % 2 else calendar, ps=["prevention", "protection"])
    with CaptureQueriesContext(connection) as five:
        html = render_tag("{% upcoming_events limit=5 %}")

    assert len(titles_in(html)) == 5
    assert len(five) == len(one)


# Demo content


def test_load_demo_builds_a_calendar_with_past_and_upcoming_events_in_several_countries(
    demo_site,
):
    calendar = CalendarPage.objects.get()
    events = EventPage.objects.live().child_of(calendar)
    assert calendar.slug == "calendar" and calendar.show_in_menus
    assert events.count() == 12
    assert events.upcoming().count() >= 5 and events.past().count() >= 3
    assert len(set(events.values_list("country", flat=True)) - {""}) >= 6
    assert events.filter(all_day=True).exists()
    assert events.exclude(online_url="").exists()
    assert all("Sample data" in str(event.description) for event in events)


# Editing in the admin


def event_form(**fields):
    data = {
        "title": "Training day",
        "slug": "training-day",
        "start": "2030-07-10 10:00",
        "end": "",
        "venue": "Town hall",
        "town": "",
        "country": "",
        "online_url": "",
        "organiser": "",
        "registration_url": "",
        "description": streamfield([]),
    }
    ps = fields.pop("ps", [])
    data.update(fields)
    return {**nested_form_data(data), "ps": ps}


def test_editor_without_place_or_link_is_told_and_keeps_what_they_typed(admin_client, calendar):
    url = f"/admin/pages/add/pact/eventpage/{calendar.pk}/"
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, event_form(organiser="The secretariat"))

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "a town and a country, an online link, or both" in html
    assert 'value="The secretariat"' in html and 'value="Town hall"' in html
    assert not EventPage.objects.exists()


def test_editor_creates_an_all_day_event_with_its_ps(admin_client, calendar):
    from pact.models import FourP

    ps = list(
        FourP.objects.filter(slug__in=["prevention", "participation"]).values_list("pk", flat=True)
    )
    response = admin_client.post(
        f"/admin/pages/add/pact/eventpage/{calendar.pk}/",
        event_form(
            town="Lyon",
            country="FR",
            all_day="on",
            start="2030-07-10 15:45",
            end="2030-07-12 09:00",
            ps=ps,
            **{"action-publish": "publish"},
        ),
    )

    assert response.status_code == 302
    event = EventPage.objects.get(slug="training-day")
    assert event.live and event.all_day
    assert (event.start, event.end) == (paris(2030, 7, 10), paris(2030, 7, 12))
    assert [p.slug for p in event.four_ps] == ["prevention", "participation"]


def test_editor_previews_a_new_event_and_the_calendar(admin_client, calendar):
    EventPageFactory(parent=calendar, title="Listed")
    preview_url = f"/admin/pages/add/pact/eventpage/{calendar.pk}/preview/"
    posted = admin_client.post(preview_url, event_form(town="Lyon", country="FR"))
    assert posted.json()["is_valid"] is True

    calendar_preview_url = f"/admin/pages/{calendar.pk}/edit/preview/"
    admin_client.post(calendar_preview_url, {"title": "Calendar", "slug": "calendar"})

    new_event = admin_client.get(preview_url)
    calendar_preview = admin_client.get(calendar_preview_url)

    assert new_event.status_code == 200 and "Training day" in new_event.content.decode()
    assert calendar_preview.status_code == 200 and "Listed" in calendar_preview.content.decode()
