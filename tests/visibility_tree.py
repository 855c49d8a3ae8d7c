"""The site the visibility tests hide parts of (tests/test_visibility.py and
tests/test_visibility_rule.py).

Three sections, each a top page with live pages below it: a signatory with an initiative and an
event, a campaign section with a subpage, and the news index with a news item. Every title of
theirs holds the word "Zephyr", which no other page has, so one search finds them all.
"""

from datetime import date
from types import SimpleNamespace

from django.utils import timezone

from pact.models import FeaturedGoodPractice
from tests.factories import (
    CalendarPageFactory,
    CampaignPageFactory,
    EventPageFactory,
    GoodPracticesPageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PactPageFactory,
    SignatoryIndexPageFactory,
    SignatoryPageFactory,
)

KINDS = ("signatory", "initiative", "event", "section", "subpage", "news")


def build_tree(home_page):
    """The site: the three sections to hide and the pages that list them. Tests build it once
    each, through their `tree` fixture."""
    PactPageFactory(parent=home_page)
    directory = SignatoryIndexPageFactory(parent=home_page)
    calendar = CalendarPageFactory(parent=home_page)
    database = GoodPracticesPageFactory(parent=home_page)
    published = {"first_published_at": timezone.now()}
    signatory = SignatoryPageFactory(
        parent=directory, title="Zephyr council", slug="zephyr-council", country="MT"
    )
    initiative = InitiativePageFactory(
        parent=signatory,
        title="Zephyr helpline",
        ps=["prevention"],
        start_date=date(2001, 5, 1),
        **published,
    )
    event = EventPageFactory(
        parent=signatory, title="Zephyr conference", ps=["prevention"], country="MT", **published
    )
    section = CampaignPageFactory(parent=home_page, title="Zephyr section", show_in_menus=True)
    subpage = CampaignPageFactory(parent=section, title="Zephyr corner", ps=["Prevention"])
    news_index = NewsIndexPageFactory(parent=home_page)
    news = NewsPageFactory(parent=news_index, title="Zephyr news", ps=["Prevention"])
    FeaturedGoodPractice.objects.create(page=database, initiative=initiative)
    pages = {
        "signatory": signatory,
        "initiative": initiative,
        "event": event,
        "section": section,
        "subpage": subpage,
        "news": news,
    }
    return SimpleNamespace(
        pages=pages,
        roots=(signatory, section, news_index),
        calendar=calendar,
        database=database,
        section=section,
        news_index=news_index,
        kind_by_pk={page.pk: kind for kind, page in pages.items()},
        kind_by_url={page.full_url: kind for kind, page in pages.items()},
        kind_by_title={page.title: kind for kind, page in pages.items()},
    )
