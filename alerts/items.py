"""The content people follow: initiatives, news and events, narrowed by P and country.

Feeds and digests share these queries, so a feed and a digest with the same topics hold the same
pages: those the public may see (core/visibility.py), so never the initiatives and events of a
signatory whose page is unpublished or private.
"""

from dataclasses import dataclass

from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast, Length, Substr
from wagtail.models import Page

from core.query_params import COUNTRY_CODE, P_SLUG, NotTaken, Parameters
from core.visibility import publicly_visible
from home.models import NewsPage
from pact.models import EventPage, InitiativePage, SignatoryPage

KINDS = ("initiatives", "news", "events")
KIND_LABELS = {"initiatives": "Initiatives", "news": "News", "events": "Events"}
# News are the secretariat's and belong to no country.
KINDS_WITH_COUNTRY = ("initiatives", "events")


@dataclass(frozen=True)
class Topics:
    """Which pages of one kind someone follows: empty tuples mean every P / every country."""

    kind: str
    ps: tuple = ()
    countries: tuple = ()


# What narrows each kind's feed; news belong to no country, so `country` is refused on theirs.
TOPIC_FILTERS = {
    kind: Parameters(
        p=P_SLUG,
        country=COUNTRY_CODE
        if kind in KINDS_WITH_COUNTRY
        else NotTaken("news belong to no country; filter news by p only, e.g. ?p=prevention."),
    )
    for kind in KINDS
}


def parse_topics(kind, query):
    """Topics from the `p` and `country` query parameters, or BadQuery naming what is wrong."""
    filters = TOPIC_FILTERS[kind].for_output(query)
    return Topics(
        kind,
        (filters["p"],) if "p" in filters else (),
        (filters["country"],) if "country" in filters else (),
    )


def _parent_path():
    """The path of a page's parent, as an expression over the outer page's path."""
    return Substr(
        OuterRef("path"),
        1,
        Cast(Length(OuterRef("path")), IntegerField()) - Page.steplen,
    )


def pages_for(topics):
    """Pages of one kind the public may see, matching the topics, newest publication first.

    Querysets of the specific model, with the Ps prefetched (no query per item).
    """
    if topics.kind == "initiatives":
        pages = InitiativePage.objects.all()
        if topics.countries:
            signatories = SignatoryPage.objects.filter(
                path=_parent_path(), country__in=topics.countries
            )
            pages = pages.filter(Exists(signatories))
    elif topics.kind == "news":
        pages = NewsPage.objects.all()
    elif topics.kind == "events":
        pages = EventPage.objects.all()
        if topics.countries:
            pages = pages.filter(country__in=topics.countries)
    else:
        raise ValueError(f"Unknown kind '{topics.kind}'.")
    pages = publicly_visible(pages).filter(first_published_at__isnull=False)
    if topics.ps:
        pages = pages.filter(p_items__tag__slug__in=topics.ps).distinct()
    return (
        pages.defer_streamfields()
        .prefetch_related("p_items__tag")
        .order_by("-first_published_at", "-pk")
    )


def plain_summary(page):
    """What a feed or digest says about a page, in plain text (templates/feeds escape it)."""
    if isinstance(page, InitiativePage):
        signatory = page.signatory
        by = f"By {signatory.title} ({signatory.country.name}). " if signatory else ""
        return by + page.summary
    if isinstance(page, NewsPage):
        return page.introduction
    if isinstance(page, EventPage):
        parts = [page.when_label]
        if page.place_label:
            parts.append(page.place_label)
        elif page.online_url:
            parts.append("Online")
        text = " — ".join(parts) + "."
        if page.search_description:
            text += " " + page.search_description
        return text
    return page.search_description
