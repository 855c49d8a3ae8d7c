"""One visibility rule for every public surface (core/visibility.py).

The table: three sections of the site, each with live pages below it, are hidden in two ways:
(a) their top page is unpublished while the pages below stay live, (b) their top page is behind
a password. Every public surface must then show none of their pages; and (c) with the sections
visible again, the same surface shows them, which proves it is looking.

The sections (tests/visibility_tree.py): a signatory with an initiative and an event, a campaign
section with a subpage, and the news index with a news item. Each surface names the kinds of
page it lists.
"""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from alerts.digest import new_pages_for
from alerts.models import Subscription
from core.blocks import LinkBlock
from monitoring.models import ProgressPage
from pact.figures import signatory_figures
from pact.good_practices import featured_ids
from pact.signatory_rights.grants import new_signatory_group, set_trusted_publishing
from pact.signatory_rights.signatories import pages_a_signatory_may_choose
from tests.factories import UserFactory
from tests.sitemaps import sitemap_urls
from tests.visibility_tree import KINDS, build_tree
from toolkit.poster import qr_url_for

ALL = frozenset(KINDS)
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture
def tree(home_page):
    return build_tree(home_page)


def kinds_in_text(tree, text):
    """The kinds of hidden page whose title appears in the text."""
    return {kind for title, kind in tree.kind_by_title.items() if title in text}


def kinds_of_pks(tree, pks):
    return {tree.kind_by_pk[pk] for pk in pks if pk in tree.kind_by_pk}


def kinds_of_titles(tree, titles):
    return {tree.kind_by_title[title] for title in titles if title in tree.kind_by_title}


def request():
    """A visitor's request, for the tags and page contexts rendered without a client."""
    return RequestFactory().get("/")


# Hiding the sections, and showing them again.


def unpublish_sections(tree):
    """(a) Each section's top page unpublished, as the admin does it; the pages below stay live."""
    for root in tree.roots:
        root.unpublish()

    def undo():
        Page.objects.filter(pk__in=[root.pk for root in tree.roots]).update(live=True)
        for root in tree.roots:
            root.live = True

    return undo


def restrict_sections(tree):
    """(b) Each section's top page behind a password."""
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
    """The page itself (or one of its routes), as a visitor asks for it."""
    return page_text(None, lambda tree: tree.pages[kind].url + suffix)


def context_value(url, read):
    """What `read` finds in the context of the page at `url` (facet counts, country choices)."""

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
    names = [row["name"] for row in csv.DictReader(io.StringIO(response.getvalue().decode()))]
    return kinds_of_titles(tree, names)


def json_export(client, tree):
    data = json.loads(client.get("/participants/export.json").getvalue())
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
    return {tree.kind_by_url[loc] for loc in sitemap_urls(client) if loc in tree.kind_by_url}


def digest(client, tree):
    """What the next digest would send a subscriber to every topic."""
    subscription, _ = Subscription.objects.get_or_create(
        email="reader@example.org", defaults={"confirmed_at": LONG_AGO}
    )
    sections = new_pages_for(subscription, timezone.now())
    return kinds_of_pks(tree, [page.pk for pages in sections.values() for page in pages])


def template_tag(source, **context):
    """A template tag rendered alone; `context` names pages of the tree by kind."""

    def look(client, tree):
        values = {name: tree.pages[kind] for name, kind in context.items()}
        html = Template(source).render(Context({"request": request(), **values}))
        return kinds_in_text(tree, html)

    return look


def figures(client, tree):
    return {"signatory"} if signatory_figures().total else set()


def selected_good_practices(client, tree):
    return kinds_of_pks(tree, featured_ids())


def campaign_subpages(client, tree):
    subpages = tree.section.get_context(request())["subpages"]
    return kinds_of_pks(tree, [page.pk for page in subpages])


def news_listing(client, tree):
    news_page = tree.news_index.get_context(request())["news_page"]
    return kinds_of_pks(tree, [page.pk for page in news_page.object_list])


def poster_qr_code(client, tree):
    """Where the QR code of the signatory's own poster leads: its page, or else the campaign."""
    signatory = tree.pages["signatory"]
    if not hasattr(tree, "signatory_user"):
        # The signatory's own account: its group holds the rights on its page.
        tree.signatory_user = UserFactory()
        group = new_signatory_group(1, signatory.title)
        set_trusted_publishing(group, signatory, trusted=False)
        tree.signatory_user.groups.add(group)
    url = qr_url_for(tree.signatory_user)
    return {"signatory"} if url == signatory.get_full_url() else set()


def link_blocks(client, tree):
    """An editor's links to each page, as the site renders them and as the API gives them: a
    link with no label of its own reads the page's title."""
    block = LinkBlock()
    shown = set()
    for kind, page in tree.pages.items():
        value = block.to_python({"page": page.pk, "url": "", "label": ""})
        html = block.render(value, context={"request": request()})
        api = block.get_api_representation(value)
        if page.title in html or api["url"] or (api["page"] or {}).get("url"):
            shown.add(kind)
    return shown


def page_chooser_of_another_signatory(client, tree):
    """The pages another signatory may pick in the admin's page chooser (it sees their titles)."""
    other = UserFactory()
    chosen = pages_a_signatory_may_choose(other, Page.objects.all())
    return kinds_of_pks(tree, chosen.values_list("pk", flat=True))


def progress_countries(client, tree):
    """The progress dashboard's countries (Malta is the hidden signatory's country)."""
    if not ProgressPage.objects.exists():
        tree.section.get_parent().add_child(
            instance=ProgressPage(title="Progress", slug="progress")
        )
    data = client.get("/progress/countries.json").json()
    return {"signatory"} if any(row["country"] == "MT" for row in data["rows"]) else set()


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
    # The country pages and the progress dashboard.
    "country page": (page_text("/participants/country/mt/"), {"signatory", "initiative"}),
    "progress dashboard": (progress_countries, {"signatory"}),
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
    # Editors' links in page bodies.
    "link blocks": (link_blocks, ALL),
    # The admin: the titles a signatory may see and link to.
    "another signatory's page chooser": (page_chooser_of_another_signatory, ALL),
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
