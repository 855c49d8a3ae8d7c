"""One visibility rule for every public surface (core/visibility.py).

The table: three sections of the site, each with live pages below it, are hidden in two ways:
(a) their top page is unpublished while the pages below stay live, (b) their top page is behind
a password. Every public surface must then show none of their pages; and (c) with the sections
visible again, the same surface shows them, which proves it is looking.

The sections: a signatory with an initiative and an event, a campaign section with a subpage,
and the news index with a news item. Each surface names the kinds of page it lists.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction, get_page_models

from core.visibility import (
    FANOUT,
    SitePage,
    hidden_sections,
    is_publicly_visible,
    publicly_visible,
)
from pact.models import EventPage, FeaturedGoodPractice
from tests.factories import (
    CalendarPageFactory,
    CampaignPageFactory,
    EventPageFactory,
    GoodPracticesPageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PactPageFactory,
    SignatoryApplicationFactory,
    SignatoryIndexPageFactory,
    SignatoryPageFactory,
)

# The pages of the hidden sections, by kind; every title holds the word "Zephyr", which no other
# page has, so one search finds them all.
KINDS = ("signatory", "initiative", "event", "section", "subpage", "news")
ALL = frozenset(KINDS)
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def tree(home_page):
    """The site, built once per test: the three sections to hide and the pages that list them."""
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


def kinds_in_text(tree, text):
    return {kind for title, kind in tree.kind_by_title.items() if title in text}


def kinds_of_pks(tree, pks):
    return {tree.kind_by_pk[pk] for pk in pks if pk in tree.kind_by_pk}


def kinds_of_titles(tree, titles):
    return {tree.kind_by_title[title] for title in titles if title in tree.kind_by_title}


def request():
    return RequestFactory().get("/")


# Hiding the sections, and showing them again.


def unpublish_sections(tree):
    for root in tree.roots:
        root.unpublish()

    def undo():
        Page.objects.filter(pk__in=[root.pk for root in tree.roots]).update(live=True)
        for root in tree.roots:
            root.live = True

    return undo


def restrict_sections(tree):
    restrictions = [
        PageViewRestriction.objects.create(
            page=root, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        for root in tree.roots
    ]

    def undo():
        for restriction in restrictions:
            restriction.delete()

    return undo


def observe(client, tree, look):
    """The kinds of hidden page the surface shows in each case, looked for in everything it
    shows. Visible comes last: a digest sends a page once."""
    seen = {}
    for case, hide in (("unpublished", unpublish_sections), ("private", restrict_sections)):
        undo = hide(tree)
        seen[case] = look(client, tree)
        undo()
    seen["visible"] = look(client, tree)
    return seen


# The surfaces. Each look(client, tree) returns the kinds of hidden page the surface shows.


def page_text(url, path_of=None):
    """A GET of the address; only a 200's body counts (a 404 or a password form shows none)."""

    def look(client, tree):
        address = url if path_of is None else path_of(tree)
        response = client.get(address)
        return (
            kinds_in_text(tree, response.content.decode()) if response.status_code == 200 else set()
        )

    return look


def served(kind, suffix=""):
    return page_text(None, lambda tree: tree.pages[kind].url + suffix)


def context_value(url, read):
    def look(client, tree):
        response = client.get(url)
        return read(tree, response.context) if response.status_code == 200 else set()

    return look


def directory_facets(tree, context):
    malta = [option for option in context["facets"]["country"] if option.value == "MT"]
    return {"signatory"} if malta and malta[0].count else set()


def database_country_facet(tree, context):
    malta = [option for option in context["facets"]["country"] if option.value == "MT"]
    return {"initiative"} if malta and malta[0].count else set()


def database_year_range(tree, context):
    return {"initiative"} if any(o.value == "2001" for o in context["facets"]["year"]) else set()


def calendar_countries(tree, context):
    return {"event"} if "MT" in dict(context["countries"]) else set()


def month_view(client, tree):
    start = tree.pages["event"].local_start
    return page_text(f"/calendar/?month={start.year}-{start.month:02d}")(client, tree)


def csv_export(client, tree):
    response = client.get("/participants/export.csv")
    names = [row["name"] for row in csv.DictReader(io.StringIO(response.content.decode()))]
    return kinds_of_titles(tree, names)


def json_export(client, tree):
    data = client.get("/participants/export.json").json()
    return kinds_of_titles(tree, [record["name"] for record in data["signatories"]])


def map_data(client, tree):
    data = json.loads(client.get("/participants/map.geojson").content)
    return kinds_of_titles(tree, [feature["properties"]["name"] for feature in data["features"]])


def api_listing(query):
    def look(client, tree):
        response = client.get(f"/api/v2/pages/{query}")
        return kinds_of_pks(tree, [item["id"] for item in response.json()["items"]])

    return look


def api_detail(kind):
    def look(client, tree):
        response = client.get(f"/api/v2/pages/{tree.pages[kind].pk}/")
        return {kind} if response.status_code == 200 else set()

    return look


def api_selected_good_practices(client, tree):
    data = client.get(f"/api/v2/pages/{tree.database.pk}/").json()
    return kinds_of_pks(tree, [item["id"] for item in data["featured_initiatives"]])


def site_search(client, tree):
    groups = client.get("/search/?q=zephyr").context["groups"]
    return kinds_of_pks(
        tree, [result["page"].pk for group in groups for result in group["results"] or ()]
    )


def search_promotion(client, tree):
    SearchPromotion.objects.get_or_create(
        query=Query.get("lighthouse"), page=tree.pages["initiative"]
    )
    promotions = client.get("/search/?q=lighthouse").context["promotions"]
    return kinds_of_pks(tree, [promotion.page_id for promotion in promotions])


def sitemap(client, tree):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [url.find("s:loc", SITEMAP_NS).text for url in root.findall("s:url", SITEMAP_NS)]
    return {tree.kind_by_url[loc] for loc in locations if loc in tree.kind_by_url}


def digest(client, tree):
    from alerts.digest import new_pages_for
    from alerts.models import Subscription

    subscription, _ = Subscription.objects.get_or_create(
        email="reader@example.org", defaults={"confirmed_at": LONG_AGO}
    )
    sections = new_pages_for(subscription, timezone.now())
    return kinds_of_pks(tree, [page.pk for pages in sections.values() for page in pages])


def template_tag(source, **context):
    def look(client, tree):
        values = {name: tree.pages[kind] for name, kind in context.items()}
        html = Template(source).render(Context({"request": request(), **values}))
        return kinds_in_text(tree, html)

    return look


def figures(client, tree):
    from pact.figures import signatory_figures

    return {"signatory"} if signatory_figures().total else set()


def selected_good_practices(client, tree):
    from pact.good_practices import featured_ids

    return kinds_of_pks(tree, featured_ids())


def campaign_subpages(client, tree):
    subpages = tree.section.get_context(request())["subpages"]
    return kinds_of_pks(tree, [page.pk for page in subpages])


def news_listing(client, tree):
    news_page = tree.news_index.get_context(request())["news_page"]
    return kinds_of_pks(tree, [page.pk for page in news_page.object_list])


def poster_qr_code(client, tree):
    from toolkit.poster import qr_url_for

    signatory = tree.pages["signatory"]
    application = SignatoryApplicationFactory(page=signatory)
    url = qr_url_for(application.user)
    application.delete()
    return {"signatory"} if url == signatory.get_full_url() else set()


SURFACES = {
    # Pages and their listings.
    "home page": (page_text("/"), {"initiative", "event", "section", "news"}),
    "main menu": (template_tag("{% load navigation %}{% main_menu %}"), {"section"}),
    "footer links": (template_tag("{% load navigation %}{% footer_campaign_links %}"), {"section"}),
    "campaign subpages": (campaign_subpages, {"subpage"}),
    "news index": (news_listing, {"news"}),
    "per-P page": (page_text("/pact/prevention/"), {"initiative", "event", "subpage", "news"}),
    # The directory, its figures, map and exports.
    "directory": (page_text("/participants/"), {"signatory"}),
    "directory facets": (context_value("/participants/", directory_facets), {"signatory"}),
    "live figures": (figures, {"signatory"}),
    "map.geojson": (map_data, {"signatory"}),
    "export.csv": (csv_export, {"signatory"}),
    "export.json": (json_export, {"signatory"}),
    # Good practices.
    "good practices": (page_text("/good-practices/"), {"initiative"}),
    "good practices search": (page_text("/good-practices/?q=zephyr"), {"initiative"}),
    "good practices facets": (
        context_value("/good-practices/", database_country_facet),
        {"initiative"},
    ),
    "good practices years": (
        context_value("/good-practices/", database_year_range),
        {"initiative"},
    ),
    "selected good practices": (selected_good_practices, {"initiative"}),
    "selected good practices tag": (
        template_tag("{% load good_practices %}{% featured_good_practices %}"),
        {"initiative"},
    ),
    # The calendar and its files.
    "calendar": (page_text("/calendar/"), {"event"}),
    "calendar month": (month_view, {"event"}),
    "calendar countries": (context_value("/calendar/", calendar_countries), {"event"}),
    "upcoming events tag": (template_tag("{% load pact_events %}{% upcoming_events %}"), {"event"}),
    "signatory's events tag": (
        template_tag("{% load pact_events %}{% upcoming_events under=s %}", s="signatory"),
        {"event"},
    ),
    "feed.ics": (page_text("/calendar/feed.ics"), {"event"}),
    "feed.ics?signatory=": (
        page_text(None, lambda tree: f"/calendar/feed.ics?signatory={tree.pages['signatory'].pk}"),
        {"event"},
    ),
    "signatory's .ics": (page_text("/calendar/signatories/zephyr-council.ics"), {"event"}),
    "event .ics by id": (
        page_text(None, lambda tree: f"/calendar/{tree.pages['event'].pk}.ics"),
        {"event"},
    ),
    "event .ics by slug": (page_text("/calendar/zephyr-conference.ics"), {"event"}),
    "event's own ics/": (served("event", "ics/"), {"event"}),
    # Feeds and e-mail alerts.
    "initiatives feed": (page_text("/feeds/initiatives/"), {"initiative"}),
    "initiatives Atom feed": (page_text("/feeds/initiatives/atom/"), {"initiative"}),
    "events feed": (page_text("/feeds/events/"), {"event"}),
    "news feed": (page_text("/feeds/news/"), {"news"}),
    "alert digest": (digest, {"initiative", "event", "news"}),
    # Search.
    "site search": (site_search, ALL),
    "search promotions": (search_promotion, {"initiative"}),
    # The API.
    "API: all pages": (api_listing(""), ALL),
    "API: search": (api_listing("?search=zephyr"), ALL),
    "API: initiatives": (api_listing("?type=pact.InitiativePage"), {"initiative"}),
    "API: events": (api_listing("?type=pact.EventPage&upcoming=true"), {"event"}),
    "API: signatories": (api_listing("?type=pact.SignatoryPage"), {"signatory"}),
    "API: initiative": (api_detail("initiative"), {"initiative"}),
    "API: event": (api_detail("event"), {"event"}),
    "API: news item": (api_detail("news"), {"news"}),
    "API: selected good practices": (api_selected_good_practices, {"initiative"}),
    # The sitemap and serving the pages themselves.
    "sitemap.xml": (sitemap, ALL),
    "signatory page": (served("signatory"), {"signatory", "initiative", "event"}),
    "initiative page": (served("initiative"), {"initiative"}),
    "event page": (served("event"), {"event"}),
    "campaign subpage": (served("subpage"), {"subpage"}),
    "news item": (served("news"), {"news"}),
    # The toolkit.
    "poster QR code": (poster_qr_code, {"signatory"}),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_hidden_sections_are_absent_from_every_public_surface(client, tree, surface):
    look, shows = SURFACES[surface]
    seen = observe(client, tree, look)
    # Nothing of any hidden page in either case, not even a name in a menu or an organiser line.
    assert {"unpublished": seen["unpublished"], "private": seen["private"]} == {
        "unpublished": set(),
        "private": set(),
    }
    # Once visible, at least what this surface is for (a page also has the menu, and so on).
    assert shows - seen["visible"] == set()


# The rule itself.


def test_every_page_type_of_the_site_follows_the_rule():
    """A new page type that forgot SitePage would be listed and served below unpublished pages."""
    own = [model for model in get_page_models() if model is not Page]
    assert own and all(issubclass(model, SitePage) for model in own), [
        model.__name__ for model in own if not issubclass(model, SitePage)
    ]


def test_the_rule_keeps_a_page_types_own_query_methods(tree):
    events = EventPage.objects.publicly_visible().upcoming()
    assert list(events) == [tree.pages["event"]]
    assert list(EventPage.objects.upcoming().publicly_visible()) == [tree.pages["event"]]


def test_hidden_sections_are_found_in_one_query_and_nested_ones_only_once(
    tree, django_assert_num_queries
):
    signatory, section, news_index = tree.roots
    section.unpublish()
    PageViewRestriction.objects.create(page=signatory, restriction_type="login")
    PageViewRestriction.objects.create(page=tree.pages["initiative"], restriction_type="login")
    # Unpublished pages without children hide nothing more than themselves.
    PageViewRestriction.objects.create(page=tree.pages["subpage"], restriction_type="login")
    tree.pages["news"].unpublish()

    with django_assert_num_queries(1):
        hidden = hidden_sections()
    assert hidden == tuple(sorted((signatory.path, section.path)))


def test_one_page_is_checked_with_its_ancestors(tree, django_assert_num_queries):
    initiative = tree.pages["initiative"]
    with django_assert_num_queries(1):
        assert is_publicly_visible(initiative)
    tree.pages["signatory"].unpublish()
    assert not is_publicly_visible(initiative)
    Page.objects.filter(pk=tree.pages["signatory"].pk).update(live=True)
    PageViewRestriction.objects.create(page=tree.pages["signatory"], restriction_type="login")
    assert not is_publicly_visible(initiative)
    assert not is_publicly_visible(Page(live=False, path="0001", depth=1))


def test_thousands_of_hidden_sections_still_make_a_valid_query_also_for_search(tree):
    """SQLite refuses an expression deeper than 1,000; the conditions are nested to stay below."""
    made_up = tuple(f"9{n:07d}" for n in range(FANOUT * 30))
    hidden = (*made_up, tree.pages["signatory"].path)
    assert set(publicly_visible(Page.objects.all(), hidden).values_list("title", flat=True)) >= {
        "Zephyr section",
        "Zephyr news",
    }
    signatorys_pages = Page.objects.filter(path__startswith=tree.pages["signatory"].path)
    assert signatorys_pages.count() == 3
    assert not publicly_visible(signatorys_pages, hidden).exists()
    found = publicly_visible(Page.objects.all(), hidden).search("zephyr")
    assert {page.title for page in found} == {"Zephyr section", "Zephyr corner", "Zephyr news"}
