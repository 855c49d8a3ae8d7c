"""Demo content for the good-practices database: the page itself, target groups on the sample
initiatives, three selected good practices, and two signatories whose names have accents
(Zürich, Île-de-France) so that searching with accents can be tried on real pages."""

import datetime

from django.utils.text import slugify

from demo.campaign import home_page
from demo.pages import add_live
from demo.sample_notes import SIGNATORY_SAMPLE_NOTE
from pact.models import (
    FeaturedGoodPractice,
    FourP,
    GoodPracticesPage,
    InitiativePage,
    InitiativeStatus,
    Kind,
    Profile,
    SignatoryIndexPage,
    SignatoryPage,
    TargetGroup,
)
from pact.target_groups import TARGET_GROUPS

# signatory (title, country, town, latitude, longitude), initiative (title, summary, Ps, groups)
ACCENTED_SAMPLES = [
    (
        ("City of Zürich", "CH", "Zürich", 47.3769, 8.5417),
        (
            "Zürich schools talk about safe and unsafe touch",
            "Every primary school in Zürich holds a yearly session, with parents invited, on "
            "the right to say no and whom to tell.",
            ("prevention", "participation"),
            "children aged 6 to 12, parents, teachers",
        ),
    ),
    (
        ("Île-de-France Region", "FR", "Paris", 48.8566, 2.3522),
        (
            "Plan régional de prévention: training youth workers in Île-de-France",
            "The region's prévention plan trains youth workers and sports coaches to notice "
            "signs of abuse and to act on them.",
            ("prevention",),
            "youth workers, sports coaches",
        ),
    ),
]
FEATURED_TITLES = [
    "A child advocacy house: every service under one roof",
    "Training for everyone who works with children",
    "Young people review our child-protection policy",
]


def build_good_practices():
    """/good-practices/ and what it needs (idempotent)."""
    home = home_page()
    database = GoodPracticesPage.objects.first()
    if database is None:
        database = GoodPracticesPage(
            title="Good practices",
            slug="good-practices",
            introduction=(
                "What signatories do against sexual violence against children: search their "
                "initiatives, or filter them by P, country, status, year and target group."
            ),
            show_in_menus=True,
        )
        home.add_child(instance=database)
        database.save_revision().publish()
    _add_accented_samples()
    _tag_target_groups()
    if not database.featured_items.exists():
        for order, title in enumerate(FEATURED_TITLES):
            initiative = InitiativePage.objects.live().filter(title=title).order_by("pk").first()
            if initiative:
                FeaturedGoodPractice.objects.create(
                    page=database, initiative=initiative, sort_order=order
                )
    return database


def _add_accented_samples():
    """Zürich and Île-de-France, each with one initiative, so accented searches find pages."""
    directory = SignatoryIndexPage.objects.first()
    if directory is None:
        return
    ps = {p.slug: p for p in FourP.objects.all()}
    for (title, country, town, latitude, longitude), initiative_row in ACCENTED_SAMPLES:
        slug = slugify(title)
        if directory.get_children().filter(slug=slug).exists():
            continue
        signatory = add_live(
            directory,
            SignatoryPage(
                title=title,
                slug=slug,
                profile=Profile.AUTHORITY,
                kind=Kind.CITY if "City" in title else Kind.REGION,
                country=country,
                town=town,
                latitude=latitude,
                longitude=longitude,
                signed_on=datetime.date(2016, 11, 18),
                description=[("paragraph", f"<p>{SIGNATORY_SAMPLE_NOTE}</p>")],
            ),
        )
        name, summary, p_slugs, groups = initiative_row
        initiative = InitiativePage(
            title=name,
            slug=slugify(name)[:80],
            summary=f"{summary} (Sample data.)",
            body=[("paragraph", f"<p>{SIGNATORY_SAMPLE_NOTE}</p><p>{summary}</p>")],
            start_date=datetime.date(2019, 9, 1),
            status=InitiativeStatus.ONGOING,
            target_groups=groups,
            results="Sample data: no real results are reported here.",
        )
        initiative.ps.add(*(ps[slug] for slug in p_slugs))
        add_live(signatory, initiative)


def _tag_target_groups():
    """Ticks the controlled target groups that each sample initiative's description names."""
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    for initiative in InitiativePage.objects.filter(audiences__isnull=True):
        chosen = [
            groups[slug]
            for slug in _target_groups_named_in(initiative.target_groups)
            if slug in groups
        ]
        if chosen:
            initiative.audiences.set(chosen)
            initiative.save()


def _target_groups_named_in(description):
    """The slugs of the controlled target groups a free-text description names."""
    text = description.lower()
    return [slug for slug, _name, words in TARGET_GROUPS if any(word in text for word in words)]
