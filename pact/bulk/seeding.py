"""Generated sample signatories for measuring the site at scale (`manage.py seed_bench`).

Every one is clearly marked: "Sample town 000123" at /participants/sample-signatory-000123/,
its initiatives and events called "Sample initiative/event" and saying they were generated. They
are real published pages with the rights approval gives (pact.bulk.signatories), made by the
same bulk machinery as an import, so that a measurement at 200,000 signatories costs minutes.
"""

import datetime
import time

from django.db import transaction
from django.utils import timezone

from core.four_ps import P_SLUGS
from pact.country_centres import COUNTRY_CENTRES
from pact.models import (
    EventPage,
    EventPageP,
    FourP,
    InitiativePage,
    InitiativePageP,
    InitiativeStatus,
    Kind,
    Profile,
    SignatoryIndexPage,
    SignatoryPage,
)

from .pages import locked, publish_new
from .public import purge_directory, refresh_public_data
from .search import index_in_bulk
from .signatories import give_rights

SLUG_PREFIX = "sample-signatory-"
# Signatories per transaction: each batch is committed, so an interrupted run keeps its work
# and the next run carries on where it stopped.
SIGNATORIES_PER_BATCH = 500
COUNTRIES = (
    "FR", "IT", "ES", "PT", "DE", "BE", "NL", "AT", "CH", "PL", "CZ", "SK", "HU", "RO", "BG",
    "GR", "HR", "SI", "SE", "FI", "DK", "NO", "IE", "LT", "LV", "EE", "UA", "GE", "AM", "TR",
)  # fmt: skip
KINDS = (Kind.MUNICIPALITY, Kind.CITY, Kind.REGION)
STATUSES = tuple(InitiativeStatus)
SAMPLE_NOTE = "Sample data generated to measure the platform: not a real signatory."


class NoDirectory(Exception):
    """There is no signatory directory page to put the signatories under."""


def sample_slug(number):
    return f"{SLUG_PREFIX}{number:06d}"


def existing_numbers():
    """The numbers of the sample signatories already there."""
    slugs = SignatoryPage.objects.filter(slug__startswith=SLUG_PREFIX).values_list(
        "slug", flat=True
    )
    return {int(slug[len(SLUG_PREFIX) :]) for slug in slugs if slug[len(SLUG_PREFIX) :].isdigit()}


def sample_signatory(number, today):
    country = COUNTRIES[number % len(COUNTRIES)]
    longitude, latitude = COUNTRY_CENTRES[country]
    # Spread around the country's centre, up to about a degree away, always the same.
    spread = ((number * 7919) % 2000) / 1000 - 1, ((number * 104729) % 2000) / 1000 - 1
    return SignatoryPage(
        title=f"Sample town {number:06d}",
        slug=sample_slug(number),
        profile=Profile.AUTHORITY,
        kind=KINDS[number % len(KINDS)],
        country=country,
        town=f"Sample town {number:06d}",
        latitude=round(latitude + spread[0], 4),
        longitude=round(longitude + spread[1], 4),
        population=1000 + (number * 37) % 500000,
        signed_on=today - datetime.timedelta(days=number % 700),
        contact_name=SAMPLE_NOTE,
    )


def sample_initiative(number, index, p):
    initiative = InitiativePage(
        title=f"Sample initiative {number:06d}-{index + 1}",
        slug=f"sample-initiative-{index + 1}",
        summary=f"{SAMPLE_NOTE} A child protection initiative serving {p.name}.",
        status=STATUSES[(number + index) % len(STATUSES)],
        start_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=(number + index) % 900),
        target_groups="children, families, teachers",
    )
    initiative.p_items = [InitiativePageP(tag=p)]
    return initiative


def sample_event(number, index, p, signatory, now):
    start = now.replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=(number * 7 + index * 30) % 400 - 200
    )
    event = EventPage(
        title=f"Sample event {number:06d}-{index + 1}",
        slug=f"sample-event-{index + 1}",
        start=start,
        end=start + datetime.timedelta(hours=2),
        town=signatory.town,
        country=signatory.country,
        organiser=SAMPLE_NOTE,
    )
    event.p_items = [EventPageP(tag=p)]
    return event


def seed(signatories, initiatives, events=1, progress=None):
    """Add sample signatories until there are `signatories`, each with `initiatives`
    initiatives (tagged with the four Ps in turn) and `events` events. Returns how many were
    added; raises NoDirectory without a directory page."""
    directory = SignatoryIndexPage.objects.first()
    if directory is None:
        raise NoDirectory("There is no signatory directory: run `manage.py load_demo` first.")
    have = existing_numbers()
    missing = [number for number in range(1, signatories + 1) if number not in have]
    ps = sorted(FourP.objects.filter(slug__in=P_SLUGS), key=lambda p: P_SLUGS.index(p.slug))
    for start in range(0, len(missing), SIGNATORIES_PER_BATCH):
        batch = missing[start : start + SIGNATORIES_PER_BATCH]
        _seed_batch(directory, batch, initiatives, events, ps)
        if progress:
            progress(len(batch))
    if missing:
        purge_directory(directory)
    return len(missing)


@transaction.atomic
def _seed_batch(directory, numbers, initiatives, events, ps):
    now = timezone.now()
    today = timezone.localdate()
    parent = locked(directory)
    pages = [sample_signatory(number, today) for number in numbers]
    for page in pages:
        page.numchild = initiatives + events
    publish_new([(parent, page) for page in pages])
    give_rights(pages)
    children = []
    for number, page in zip(numbers, pages, strict=True):
        for index in range(initiatives):
            p = ps[((number - 1) * initiatives + index) % len(ps)]
            children.append((page, sample_initiative(number, index, p)))
        for index in range(events):
            p = ps[(number + index) % len(ps)]
            children.append((page, sample_event(number, index, p, page, now)))
    publish_new(children)
    for parent_page, child in children:
        # Indexing an initiative reads its signatory (related_search_text): it is at hand.
        child._cached_parent_obj = parent_page
    index_in_bulk(pages + [child for _, child in children])
    refresh_public_data(pages)


def timed_seed(*args, **kwargs):
    """seed() and the seconds it took."""
    started = time.monotonic()
    added = seed(*args, **kwargs)
    return added, time.monotonic() - started
