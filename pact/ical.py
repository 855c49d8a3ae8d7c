"""iCalendar (RFC 5545) files of the calendar, built with the icalendar package.

- /calendar/feed.ics: the events the public may see, to subscribe to (narrowed by ?p=, ?country=,
  ?signatory=<page id>);
- /calendar/signatories/<slug>.ics: one signatory's events;
- <event address>ics/ (also /calendar/<id>.ics and /calendar/<slug>.ics): one event.

The two feeds hold a bounded window: the events not finished FEED_DAYS_BACK days ago (90), and
every later one. `?since=2020-01-01` (an ISO date, core.query_params.IsoDate) asks for every event
finishing on or after that day instead, to go further back (or less far). Listing every event
ever made the feed grow without end: 12 MB and 17 s at 20,000 signatories, refetched by every
subscribed calendar app every few hours.

Each event has a UID that never changes (event-<page id>@<site host>), so calendar apps update
an event rather than duplicate it; timed events carry TZID=Europe/Paris with its VTIMEZONE, and
all-day events are dates with an exclusive DTEND, as RFC 5545 says.
"""

import html
import re
from datetime import UTC, timedelta

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_countries import countries
from icalendar import Calendar, Event, Timezone, vDuration, vText

from core.public_urls import public_host
from core.query_params import (
    COUNTRY_CODE,
    P_SLUG,
    BadQuery,
    IsoDate,
    PageId,
    Parameters,
    bad_request,
)
from core.site_time import site_zone, start_of_day
from pact.models import SignatoryPage, attach_signatories

PRODID = "-//Council of Europe Congress//Pact of Towns and Regions calendar//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often subscribed calendar apps should fetch the feed again.
REFRESH_INTERVAL = timedelta(hours=6)
# How far back a feed goes unless asked (?since=): events finished before are left out.
FEED_DAYS_BACK = 90
# What narrows /calendar/feed.ics, and what widens or narrows the window of both feeds.
WINDOW = Parameters(since=IsoDate())
FEED_FILTERS = Parameters(
    p=P_SLUG, country=COUNTRY_CODE, signatory=PageId("a signatory"), since=IsoDate()
)


def event_uid(event):
    """The event's UID: its host is the site's public one, the same whatever host served the
    request, so that UIDs stay stable."""
    return f"event-{event.pk}@{public_host()}"


def plain_text(stream_value):
    """A StreamField as plain text: headings and paragraphs, one per line; images dropped."""
    parts = []
    for block in stream_value:
        if block.block_type == "heading":
            parts.append(block.value["text"])
        elif block.block_type == "paragraph":
            source = block.value.source
            source = re.sub(r"(?i)<br\s*/?>|</(p|h[1-6]|li)>", "\n", source)
            source = re.sub(r"(?i)<li[^>]*>", "- ", source)
            text = html.unescape(re.sub(r"<[^>]+>", "", source))
            parts.append(re.sub(r"\n{2,}", "\n", text).strip())
        elif block.block_type == "image" and block.value.get("caption"):
            parts.append(block.value["caption"])
    return "\n\n".join(part for part in parts if part)


def event_component(event, request, made_at):
    """One VEVENT for an EventPage; `made_at` is when the file is made (its DTSTAMP)."""
    url = event.get_full_url(request)
    description = [plain_text(event.description)]
    if event.organiser_name:
        description.append(f"Organised by {event.organiser_name}.")
    if event.online_url:
        description.append(f"Join online: {event.online_url}")
    if event.registration_url:
        description.append(f"Registration: {event.registration_url}")
    if url:
        description.append(f"More information: {url}")

    vevent = Event()
    vevent.add("uid", event_uid(event))
    # RFC 5545 3.8.7.2: with a METHOD, DTSTAMP is when the iCalendar object was made; when the
    # event itself last changed is LAST-MODIFIED.
    vevent.add("dtstamp", made_at)
    changed = event.last_published_at or event.first_published_at or made_at
    vevent.add("last-modified", changed.astimezone(UTC))
    if event.all_day:
        vevent.add("dtstart", event.first_day)
        vevent.add("dtend", event.last_day + timedelta(days=1))
    else:
        zone = site_zone()
        vevent.add("dtstart", event.start.astimezone(zone))
        if event.end:
            vevent.add("dtend", event.end.astimezone(zone))
    vevent.add("summary", event.title)
    vevent.add("description", "\n\n".join(part for part in description if part))
    location = event.place_label or event.online_url
    if location:
        vevent.add("location", location)
    if url:
        vevent.add("url", url)
    ps = event.four_ps
    if ps:
        vevent.add("categories", [tag.name for tag in ps])
    vevent.add("status", "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def build_calendar(events, request, name, description=""):
    """A VCALENDAR holding one VEVENT per event, with the VTIMEZONE its events need."""
    made_at = timezone.now().astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # X- properties are TEXT for the calendar apps that read them: typed as such, so that their
    # commas and semicolons are escaped like those of NAME and DESCRIPTION (RFC 5545 3.3.11).
    cal.add("x-wr-calname", vText(name))
    cal.add("name", name)
    cal.add("x-wr-timezone", site_zone().key)
    if description:
        cal.add("x-wr-caldesc", vText(description))
        cal.add("description", description)
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    events = attach_signatories(events)
    for event in events:
        cal.add_component(event_component(event, request, made_at))
    # The site's zone, with its transitions from a year before the first event to a year after
    # the last. Always there: it names the zone of X-WR-TIMEZONE, and RFC 5545 wants at least one
    # component even in a feed that has no event yet.
    days = [day for event in events for day in (event.first_day, event.last_day)]
    days = days or [timezone.now().astimezone(site_zone()).date()]
    first_date = min(days) - timedelta(days=366)
    last_date = max(days) + timedelta(days=366)
    cal.add_missing_timezones(first_date=first_date, last_date=last_date)
    if not cal.timezones:
        cal.subcomponents.insert(
            0, Timezone.from_tzid(site_zone().key, first_date=first_date, last_date=last_date)
        )
    return cal


def ics_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def feed_events(events, since=None):
    """Events in a feed: those finishing at or after `since` (by default the start of the day
    FEED_DAYS_BACK days ago), oldest first, with their Ps in one query."""
    if since is None:
        since = start_of_day(timezone.localdate() - timedelta(days=FEED_DAYS_BACK))
    events = events.filter(events.finishing_from(since))
    return events.order_by("start", "pk").for_listing()


def calendar_feed_response(calendar_page, request):
    """/calendar/feed.ics: the events the public may see in the window (?since=), narrowed by
    ?p=, ?country=, ?signatory=.

    A feed is read by programs, so a value we cannot use is a 400 with a plain-text reason
    rather than a silently different feed.
    """
    try:
        filters = FEED_FILTERS.for_output(request.GET)
    except BadQuery as error:
        return bad_request(error)
    events = calendar_page.events()
    name_parts = []
    filename = "pact-calendar"
    p = filters.get("p")
    if p:
        events = events.serving_p(p)
        name_parts.append(p.capitalize())
        filename += f"-{p}"
    country = filters.get("country")
    if country:
        events = events.in_country(country)
        name_parts.append(countries.name(country))
        filename += f"-{country.lower()}"
    signatory_id = filters.get("signatory")
    if signatory_id is not None:
        signatory = get_object_or_404(
            SignatoryPage.objects.publicly_visible(), pk=int(signatory_id)
        )
        events = events.descendant_of(signatory)
        name_parts.append(signatory.title)
        filename += f"-{signatory.slug}"
    name = "Pact of Towns and Regions: events"
    if name_parts:
        name += f" ({', '.join(name_parts)})"
    cal = build_calendar(
        feed_events(events, filters.get("since")),
        request,
        name,
        "Events of the Pact of Towns and Regions to Stop Sexual Violence against Children.",
    )
    return ics_response(cal, f"{filename}.ics")


def signatory_feed_response(calendar_page, request, signatory):
    """/calendar/signatories/<slug>.ics: a signatory's events; ?since= as on the whole feed."""
    try:
        window = WINDOW.for_output(request.GET)
    except BadQuery as error:
        return bad_request(error)
    events = calendar_page.events().descendant_of(signatory)
    cal = build_calendar(
        feed_events(events, window.get("since")),
        request,
        f"{signatory.title}: events",
        f"Events of {signatory.title}, signatory of the Pact of Towns and Regions.",
    )
    return ics_response(cal, f"{signatory.slug}-events.ics")


def single_event_response(event, request):
    """One event alone, to add to a personal calendar."""
    cal = build_calendar([event], request, event.title)
    return ics_response(cal, f"{event.slug}.ics")
