"""Demo content for the calendar: the CalendarPage and a dozen sample events.

Dates are set relative to the day the demo is loaded, so a fresh demo always has upcoming and
past events. Every event says it is sample data.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.four_ps import P_SLUGS
from core.site_time import site_zone
from demo.sample_notes import SAMPLE_NOTE
from home.models import HomePage
from pact.models import CalendarPage, EventPage, FourP
from pact.models.events import CALENDAR_SLUG

# (slug, title, days from today, start time or None for all day, hours or days it lasts,
#  venue, town, country, online link, organiser, Ps, what it is)
SAMPLE_EVENTS = [
    (
        "training-for-school-staff-lyon",
        "Recognising the signs: training for school staff",
        -60,
        time(9, 30),
        6,
        "Hôtel de Ville",
        "Lyon",
        "FR",
        "",
        "City of Lyon (sample)",
        ["prevention"],
        "A day of training for teachers, school nurses and sports coaches on recognising the "
        "signs of abuse and on what to do next.",
    ),
    (
        "european-day-for-the-protection-of-children",
        "European Day on the Protection of Children against Sexual Exploitation and Sexual Abuse",
        -25,
        None,
        1,
        "",
        "Strasbourg",
        "FR",
        "",
        "Congress of Local and Regional Authorities",
        ["prevention", "protection", "prosecution", "participation"],
        "Towns and regions across Europe light up public buildings and hold awareness events.",
    ),
    (
        "child-advocacy-house-study-visit-reykjavik",
        "Study visit: a child advocacy house under one roof",
        -12,
        time(10, 0),
        5,
        "Barnahus",
        "Reykjavík",
        "IS",
        "",
        "Congress secretariat",
        ["protection", "prosecution"],
        "Mayors and councillors see how police, social services, doctors and therapists work "
        "together in one child-friendly place.",
    ),
    (
        "youth-council-hearing-ghent",
        "Children's council hearing on safe public spaces",
        -4,
        time(14, 0),
        3,
        "Stadhuis",
        "Ghent",
        "BE",
        "",
        "City of Ghent (sample)",
        ["participation", "prevention"],
        "Members of the children's council tell the city where they feel safe and where not.",
    ),
    (
        "webinar-signing-the-pact",
        "Webinar: how to sign the Pact and what comes next",
        3,
        time(11, 0),
        1,
        "",
        "",
        "",
        "https://meet.example.org/pact-webinar",
        "Congress secretariat",
        ["prevention", "protection", "prosecution", "participation"],
        "A one-hour online session for local and regional authorities thinking of signing.",
    ),
    (
        "awareness-week-porto",
        "ONE in FIVE awareness week",
        9,
        None,
        5,
        "",
        "Porto",
        "PT",
        "",
        "Municipality of Porto (sample)",
        ["prevention"],
        "A week of talks in schools, sports clubs and libraries, with the campaign's materials.",
    ),
    (
        "police-and-social-services-workshop-turin",
        "Workshop: child-friendly hearings for police and social services",
        16,
        time(9, 0),
        8,
        "Palazzo Civico",
        "Turin",
        "IT",
        "",
        "Piedmont Region (sample)",
        ["prosecution", "protection"],
        "Practitioners share methods for hearing children once, in a safe setting, with "
        "recorded interviews.",
    ),
    (
        "regional-conference-krakow",
        "Regional conference: stopping abuse in sport",
        24,
        time(9, 30),
        31,
        "ICE Congress Centre",
        "Kraków",
        "PL",
        "",
        "Małopolska Region (sample)",
        ["prevention", "protection"],
        "Two days with sports federations, clubs and coaches on safeguarding policies.",
    ),
    (
        "summer-school-participation-vienna",
        "Summer school: children's participation in local policy",
        38,
        None,
        3,
        "Rathaus",
        "Vienna",
        "AT",
        "",
        "City of Vienna (sample)",
        ["participation"],
        "Three days for youth workers and officials on involving children in local decisions.",
    ),
    (
        "hybrid-meeting-of-signatories-strasbourg",
        "Meeting of Pact signatories",
        52,
        time(14, 30),
        3,
        "Palais de l'Europe",
        "Strasbourg",
        "FR",
        "https://meet.example.org/signatories-meeting",
        "Congress of Local and Regional Authorities",
        ["prevention", "protection", "prosecution", "participation"],
        "Signatories report on their actions; the meeting is held in Strasbourg and online.",
    ),
    (
        "helpline-open-day-tallinn",
        "Open day at the children's helpline",
        67,
        time(10, 0),
        4,
        "Lasteabi",
        "Tallinn",
        "EE",
        "",
        "Tallinn City Government (sample)",
        ["protection"],
        "The helpline team explains how children and parents can reach them, day and night.",
    ),
    (
        "training-for-elected-representatives-barcelona",
        "Training for elected representatives on the Lanzarote Convention",
        81,
        time(9, 0),
        7,
        "Casa de la Ciutat",
        "Barcelona",
        "ES",
        "",
        "Barcelona City Council (sample)",
        ["prevention", "prosecution"],
        "What the Lanzarote Convention asks of local and regional government, and how to push "
        "for its ratification.",
    ),
]


def build_calendar():
    """Create the calendar page and the sample events that are missing."""
    home = HomePage.objects.first()
    calendar = CalendarPage.objects.first()
    if calendar is None:
        calendar = CalendarPage(
            title="Calendar of events",
            slug=CALENDAR_SLUG,
            introduction=(
                "Conferences, training sessions, awareness days and webinars of the Congress "
                "and of the towns, regions and organisations that signed the Pact."
            ),
            show_in_menus=True,
        )
        home.add_child(instance=calendar)
        calendar.save_revision().publish()

    existing = set(EventPage.objects.child_of(calendar).values_list("slug", flat=True))
    tags = {tag.slug: tag for tag in FourP.objects.filter(slug__in=P_SLUGS)}
    today = timezone.now().astimezone(site_zone()).date()
    for (
        slug,
        title,
        offset,
        start_time,
        length,
        venue,
        town,
        country,
        online_url,
        organiser,
        ps,
        summary,
    ) in SAMPLE_EVENTS:
        if slug in existing:
            continue
        day = today + timedelta(days=offset)
        if start_time is None:
            start = datetime.combine(day, time.min, tzinfo=site_zone())
            end = start + timedelta(days=length - 1) if length > 1 else None
        else:
            start = datetime.combine(day, start_time, tzinfo=site_zone())
            end = start + timedelta(hours=length)
        event = EventPage(
            title=title,
            slug=slug,
            start=start,
            end=end,
            all_day=start_time is None,
            venue=venue,
            town=town,
            country=country,
            online_url=online_url,
            organiser=organiser,
            registration_url="https://example.org/register" if offset > 0 else "",
            description=[
                ("paragraph", f"<p>{summary}</p>"),
                ("paragraph", f"<p><em>{SAMPLE_NOTE}</em></p>"),
            ],
            search_description=f"{summary} (Sample data.)",
        )
        event.ps.set([tags[p] for p in ps])
        calendar.add_child(instance=event)
        event.save_revision().publish()
    return calendar
