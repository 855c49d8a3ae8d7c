"""Demo content for the directory: about 40 sample signatories in 15 countries, each with one to
four initiatives. Places are real (with their real coordinates) so the map looks right; what
they say and do here is invented, and every page says so."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from demo.pages import add_live
from demo.sample_notes import SIGNATORY_SAMPLE_NOTE
from home.models import HomePage
from pact.models import (
    FourP,
    InitiativePage,
    InitiativeStatus,
    Kind,
    Profile,
    SignatoryIndexPage,
    SignatoryPage,
)

AUTH, ORG = Profile.AUTHORITY, Profile.ORGANISATION

# title, profile, kind, country, town, latitude, longitude (None: shown at the country's centre)
SAMPLE_SIGNATORIES = [
    ("City of Strasbourg", AUTH, Kind.CITY, "FR", "Strasbourg", 48.5734, 7.7521),
    ("City of Lyon", AUTH, Kind.CITY, "FR", "Lyon", 45.7640, 4.8357),
    ("Occitanie Region", AUTH, Kind.REGION, "FR", "Toulouse", 43.6047, 1.4442),
    ("A regional councillor of Brittany", AUTH, Kind.ELECTED_REPRESENTATIVE, "FR", "", None, None),
    ("City of Turin", AUTH, Kind.CITY, "IT", "Turin", 45.0703, 7.6869),
    ("City of Bologna", AUTH, Kind.CITY, "IT", "Bologna", 44.4949, 11.3426),
    ("Tuscany Region", AUTH, Kind.REGION, "IT", "Florence", 43.7696, 11.2558),
    (
        "Municipality of Lampedusa and Linosa",
        AUTH,
        Kind.MUNICIPALITY,
        "IT",
        "Lampedusa",
        35.5078,
        12.6047,
    ),
    ("City of Barcelona", AUTH, Kind.CITY, "ES", "Barcelona", 41.3874, 2.1686),
    ("City of Valencia", AUTH, Kind.CITY, "ES", "Valencia", 39.4699, -0.3763),
    ("Basque Country", AUTH, Kind.REGION, "ES", "Vitoria-Gasteiz", 42.8467, -2.6716),
    (
        "Municipality of Teguise, Lanzarote",
        AUTH,
        Kind.MUNICIPALITY,
        "ES",
        "Teguise",
        29.0605,
        -13.5640,
    ),
    ("City of Lisbon", AUTH, Kind.CITY, "PT", "Lisbon", 38.7223, -9.1393),
    ("City of Porto", AUTH, Kind.CITY, "PT", "Porto", 41.1579, -8.6291),
    ("City of Munich", AUTH, Kind.CITY, "DE", "Munich", 48.1351, 11.5820),
    ("City of Cologne", AUTH, Kind.CITY, "DE", "Cologne", 50.9375, 6.9603),
    ("Free State of Saxony", AUTH, Kind.REGION, "DE", "Dresden", 51.0504, 13.7373),
    ("City of Ghent", AUTH, Kind.CITY, "BE", "Ghent", 51.0543, 3.7174),
    ("City of Liège", AUTH, Kind.CITY, "BE", "Liège", 50.6326, 5.5797),
    ("Municipality of Utrecht", AUTH, Kind.MUNICIPALITY, "NL", "Utrecht", 52.0907, 5.1214),
    ("Municipality of Zwolle", AUTH, Kind.MUNICIPALITY, "NL", "Zwolle", 52.5168, 6.0830),
    ("City of Malmö", AUTH, Kind.CITY, "SE", "Malmö", 55.6050, 13.0038),
    ("Uppsala Municipality", AUTH, Kind.MUNICIPALITY, "SE", "Uppsala", 59.8586, 17.6389),
    ("City of Bergen", AUTH, Kind.CITY, "NO", "Bergen", 60.3913, 5.3221),
    ("City of Gdańsk", AUTH, Kind.CITY, "PL", "Gdańsk", 54.3520, 18.6466),
    ("City of Kraków", AUTH, Kind.CITY, "PL", "Kraków", 50.0647, 19.9450),
    ("City of Zagreb", AUTH, Kind.CITY, "HR", "Zagreb", 45.8150, 15.9819),
    (
        "A county councillor of Split-Dalmatia",
        AUTH,
        Kind.ELECTED_REPRESENTATIVE,
        "HR",
        "",
        None,
        None,
    ),
    (
        "Municipality of Thessaloniki",
        AUTH,
        Kind.MUNICIPALITY,
        "GR",
        "Thessaloniki",
        40.6401,
        22.9444,
    ),
    ("Municipality of Limassol", AUTH, Kind.MUNICIPALITY, "CY", "Limassol", 34.7071, 33.0226),
    ("Galway City", AUTH, Kind.CITY, "IE", "Galway", 53.2707, -9.0568),
    ("City of Tbilisi", AUTH, Kind.CITY, "GE", "Tbilisi", 41.7151, 44.8271),
    (
        "Sample association of French mayors for children",
        ORG,
        Kind.NATIONAL_ASSOCIATION,
        "FR",
        "",
        None,
        None,
    ),
    ("Sample children's rights network, Rome", ORG, Kind.NGO, "IT", "Rome", 41.9028, 12.4964),
    (
        "Sample federation of Spanish municipalities",
        ORG,
        Kind.NATIONAL_ASSOCIATION,
        "ES",
        "Madrid",
        40.4168,
        -3.7038,
    ),
    ("Sample child protection alliance, Berlin", ORG, Kind.NGO, "DE", "Berlin", 52.5200, 13.4050),
    ("Sample network of child-friendly cities", ORG, Kind.OTHER, "BE", "Brussels", 50.8503, 4.3517),
    ("Sample association of Swedish regions", ORG, Kind.NATIONAL_ASSOCIATION, "SE", "", None, None),
    ("Sample safeguarding foundation, Warsaw", ORG, Kind.NGO, "PL", "Warsaw", 52.2297, 21.0122),
    ("Sample youth helpline, Athens", ORG, Kind.NGO, "GR", "Athens", 37.9838, 23.7275),
    (
        "Sample centre for child-friendly justice, Oslo",
        ORG,
        Kind.OTHER,
        "NO",
        "Oslo",
        59.9139,
        10.7522,
    ),
    ("Sample children's voice NGO, Georgia", ORG, Kind.NGO, "GE", "", None, None),
]

# title, summary, Ps, target groups
SAMPLE_INITIATIVES = [
    (
        "Training for everyone who works with children",
        "Teachers, sports coaches and youth workers learn to recognise signs of abuse and to know "
        "whom to call.",
        ("prevention",),
        "teachers, sports coaches, youth workers",
    ),
    (
        "A child advocacy house: every service under one roof",
        "Police, doctors, psychologists and social workers meet the child in one friendly place, "
        "so the child tells the story once.",
        ("protection", "prosecution"),
        "child victims and their families",
    ),
    (
        "A children's council on safety in the town",
        "Elected pupils advise the council on where children feel unsafe and what should change.",
        ("participation", "prevention"),
        "children aged 10 to 16",
    ),
    (
        "A link to the ONE in FIVE campaign from our home page",
        "A small step that costs nothing: residents find the campaign's advice in one click.",
        ("prevention",),
        "parents and residents",
    ),
    (
        "Awareness week in primary schools",
        "Age-appropriate workshops teach children that their body belongs to them and whom to "
        "tell.",
        ("prevention", "participation"),
        "children aged 6 to 11, their parents",
    ),
    (
        "A protocol between police, prosecutors and social services",
        "Agreed steps and contacts so that a report of abuse is followed up quickly and without "
        "repeated interviews.",
        ("prosecution", "protection"),
        "police, prosecutors, social workers",
    ),
    (
        "A child-friendly interview room",
        "A quiet, recorded room where trained officers hear children, so one interview can serve "
        "the whole procedure.",
        ("prosecution",),
        "police officers, investigating judges",
    ),
    (
        "A helpline partnership for children and parents",
        "The town funds longer opening hours of the national helpline and trains its local "
        "counsellors.",
        ("protection",),
        "children, parents",
    ),
    (
        "Safe recruitment for staff and volunteers",
        "Background checks and a code of conduct for everyone who works with children for the "
        "town.",
        ("prevention",),
        "municipal staff, volunteers, sports clubs",
    ),
    (
        "Young people review our child-protection policy",
        "A youth panel reads the policy, says what is unclear and checks that the changes are "
        "made.",
        ("participation",),
        "young people aged 14 to 18",
    ),
    (
        "Support groups for families of child victims",
        "Free, confidential groups led by psychologists help parents support their child.",
        ("protection",),
        "parents and carers",
    ),
    (
        "Asking our national parliament to ratify the Lanzarote Convention",
        "A council resolution and a letter to members of parliament, backed by local evidence.",
        ("prosecution", "prevention"),
        "national decision makers",
    ),
]


def build_participants():
    """The directory at /participants/ and its sample signatories (idempotent)."""
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("The home page must exist first: run demo.campaign.build_home before.")
    directory = SignatoryIndexPage.objects.first()
    if directory is None:
        directory = SignatoryIndexPage(
            title="Who has signed",
            slug="participants",
            introduction=(
                "Towns, regions and organisations across Europe have signed the Pact. Find "
                "them on the map, by country, by profile or by the Ps their initiatives serve."
            ),
            show_in_menus=True,
        )
        add_live(home, directory)
    ps = {p.slug: p for p in FourP.objects.all()}
    existing = set(directory.get_children().values_list("slug", flat=True))
    for number, row in enumerate(SAMPLE_SIGNATORIES):
        title, profile, kind, country, town, latitude, longitude = row
        slug = slugify(title)
        if slug in existing:
            continue
        signatory = SignatoryPage(
            title=title,
            slug=slug,
            profile=profile,
            kind=kind,
            country=country,
            town=town,
            latitude=latitude,
            longitude=longitude,
            website="",
            signed_on=datetime.date(2013 + number % 4, 1 + number % 12, 1 + number % 27),
            description=[("paragraph", f"<p>{SIGNATORY_SAMPLE_NOTE}</p>")],
            structures=[
                (
                    "paragraph",
                    "<p>Sample data: a multidisciplinary team on child protection, a named "
                    "contact in every school, and an agreement with the local police.</p>",
                )
            ]
            if profile == AUTH
            else [],
        )
        add_live(directory, signatory)
        for index in range(1 + number % 4):
            title_i, summary, p_slugs, target_groups = SAMPLE_INITIATIVES[
                (number * 5 + index * 3) % len(SAMPLE_INITIATIVES)
            ]
            start = datetime.date(2015 + (number + index) % 13, 1 + (index * 4) % 12, 1)
            end = start.replace(year=start.year + 2) if index % 2 else None
            initiative_status = _status(start, end)
            initiative = InitiativePage(
                title=title_i,
                slug=slugify(title_i)[:80],
                summary=f"{summary} (Sample data.)",
                body=[("paragraph", f"<p>{SIGNATORY_SAMPLE_NOTE}</p><p>{summary}</p>")],
                start_date=start,
                end_date=end,
                status=initiative_status,
                target_groups=target_groups,
                results="Sample data: no real results are reported here.",
            )
            initiative.ps.add(*(ps[slug] for slug in p_slugs))
            add_live(signatory, initiative)
    return directory


def _status(start, end):
    """Where an initiative running from `start` to `end` stands today."""
    today = timezone.localdate()
    if start > today:
        return InitiativeStatus.PLANNED
    if end and end < today:
        return InitiativeStatus.COMPLETED
    return InitiativeStatus.ONGOING
