"""Every .ics file of the demo site read by two iCalendar libraries the project did not write,
icalendar and vobject, as two calendar apps would: both read the same events, with a DTSTAMP
that is the time the file was made (RFC 5545 3.8.7.2) and the calendar's name and description
with their commas intact."""

import pytest
import vobject
from django.utils import timezone
from icalendar import Calendar

from core.visibility import publicly_visible
from pact.models import EventPage, SignatoryPage


def ics_addresses():
    events = list(publicly_visible(EventPage.objects.all()))
    addresses = [
        "/calendar/feed.ics",
        "/calendar/feed.ics?p=prevention",
        "/calendar/feed.ics?country=FR",
    ]
    # A signatory's calendar, with or without events.
    addresses += [
        f"/calendar/signatories/{page.slug}.ics"
        for page in publicly_visible(SignatoryPage.objects.all())[:3]
    ]
    addresses += [f"{event.url}ics/" for event in events]
    addresses += [f"/calendar/{event.pk}.ics" for event in events[:3]]
    return addresses


def read_with_icalendar(content):
    cal = Calendar.from_ical(content)
    cal.validate()
    events = {}
    for vevent in cal.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in vevent, required
        events[str(vevent["UID"])] = (vevent.DTSTAMP, str(vevent["SUMMARY"]))
    return cal, events


def read_with_vobject(content):
    cal = vobject.readOne(content.decode())
    events = {}
    for vevent in getattr(cal, "vevent_list", []):
        events[vevent.uid.value] = (vevent.dtstamp.value, vevent.summary.value)
    return cal, events


@pytest.mark.django_db
def test_every_ics_file_reads_the_same_in_icalendar_and_vobject(client, demo_site):
    addresses = ics_addresses()
    assert len(addresses) > 8
    events_read = 0
    for address in addresses:
        before = timezone.now().replace(microsecond=0)
        response = client.get(address)
        after = timezone.now()
        assert response.status_code == 200, address
        assert response["Content-Type"] == "text/calendar; charset=utf-8", address

        ical_cal, by_icalendar = read_with_icalendar(response.content)
        vobject_cal, by_vobject = read_with_vobject(response.content)

        assert by_icalendar.keys() == by_vobject.keys(), address
        for uid, (stamp, summary) in by_icalendar.items():
            vobject_stamp, vobject_summary = by_vobject[uid]
            assert stamp == vobject_stamp, address
            assert before <= stamp <= after, f"{address}: DTSTAMP {stamp} is not now"
            assert stamp.utcoffset().total_seconds() == 0, address
            assert summary == vobject_summary, address
        events_read += len(by_icalendar)

        # The calendar's name and description come back whole, commas included.
        name = vobject_cal.contents["x-wr-calname"][0].value
        assert name == str(ical_cal["NAME"]), address
        if "x-wr-caldesc" in vobject_cal.contents:
            description = vobject_cal.contents["x-wr-caldesc"][0].value
            assert description == str(ical_cal["DESCRIPTION"]), address
    assert events_read > 10


@pytest.mark.django_db
def test_a_signatory_calendar_description_keeps_its_commas(client, demo_site):
    signatory = publicly_visible(SignatoryPage.objects.all()).first()
    content = client.get(f"/calendar/signatories/{signatory.slug}.ics").content
    cal = vobject.readOne(content.decode())
    assert cal.contents["x-wr-caldesc"][0].value == (
        f"Events of {signatory.title}, signatory of the Pact of Towns and Regions."
    )
    # Escaped in the file, as TEXT must be (RFC 5545 3.3.11).
    assert b"X-WR-CALDESC:Events of" in content
    assert b"\\, signatory of" in content.replace(b"\r\n ", b"")
