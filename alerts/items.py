"""The content people follow: initiatives, news and events, narrowed by P and country.

Feeds and digests share these queries, so a feed and a digest with the same topics hold the same
pages: those the public may see (core/visibility.py), so never the initiatives and events of a
signatory whose page is unpublished or private.
"""

from dataclasses import dataclass

from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast, Length, Substr
from django_countries import countries
from wagtail.models import Page

from core.four_ps import P_BY_SLUG, P_SLUGS
from core.visibility import publicly_visible
from home.models import NewsPage
from pact.models import EventPage, InitiativePage, SignatoryPage

KINDS = ("initiatives", "news", "events")
KIND_LABELS = {"initiatives": "Initiatives", "news": "News", "events": "Events"}
# News are the secretariat's and belong to no country.
KINDS_WITH_COUNTRY = ("initiatives", "events")


class BadFilter(ValueError):
    """A filter value that names no P or no country; its message is shown to the reader."""


@dataclass(frozen=True)
class Topics:
    """Which pages of one kind someone follows: empty tuples mean every P / every country."""

    kind: str
    ps: tuple = ()
    countries: tuple = ()


def parse_topics(kind, p="", country=""):
    """Topics from the `p` and `country` query parameters, or BadFilter with a plain message."""
    p = p.strip().lower()
    country = country.strip().upper()
    if p and p not in P_BY_SLUG:
        raise BadFilter(f"Unknown P '{p[:40]}'. Use one of: {', '.join(P_SLUGS)}.")
    if country:
        if kind not in KINDS_WITH_COUNTRY:
            raise BadFilter("News belong to no country: filter news by P only, e.g. ?p=prevention.")
        if country not in dict(countries):
            raise BadFilter(
                f"Unknown country code '{country[:10]}'. Use a two-letter ISO code, e.g. FR."
            )
    return Topics(kind, (p,) if p else (), (country,) if country else ())


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
        raise BadFilter(f"Unknown kind '{topics.kind}'.")
    pages = publicly_visible(pages).filter(first_published_at__isnull=False)
    if topics.ps:
        pages = pages.filter(p_items__tag__slug__in=topics.ps).distinct()
    return (
        pages.defer_streamfields()
        .prefetch_related("p_items__tag")
        .order_by("-first_published_at", "-pk")
    )


def attach_signatories(pages):
    """Give each page its parent SignatoryPage (or None) as `feed_signatory`, in one query."""
    pages = list(pages)
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    by_path = {
        signatory.path: signatory
        for signatory in SignatoryPage.objects.filter(path__in=parent_paths).only(
            "id", "title", "path", "depth", "country", "town"
        )
    }
    for page in pages:
        page.feed_signatory = by_path.get(page.path[: -Page.steplen])
    return pages


def ordered_p_names(page):
    """The names of the Ps a page serves, in the Pact's order (uses the prefetched p_items)."""
    slugs = {item.tag.slug for item in page.p_items.all()}
    return [P_BY_SLUG[slug].name for slug in P_SLUGS if slug in slugs]


def plain_summary(page):
    """What a feed or digest says about a page, in plain text (templates/feeds escape it)."""
    if isinstance(page, InitiativePage):
        signatory = getattr(page, "feed_signatory", None)
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
