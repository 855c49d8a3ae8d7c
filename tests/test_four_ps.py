"""The four Ps: a closed vocabulary that editors tick, that no typo extends, and that lists
everything tagged with each P at /pact/<p>/."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core.four_ps import p_resembling
from home.models import CampaignPage, NewsPage
from pact.models import FourP
from pact.tagged_pages import four_p_page_models
from tests.factories import (
    CampaignPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PactPageFactory,
)


@pytest.fixture
def pact_page(home_page):
    return PactPageFactory(parent=home_page)


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def p_pk(slug):
    return FourP.objects.get(slug=slug).pk


def edit_post_data(page, ps=(), tags=""):
    """What the admin edit form of a campaign page or news item sends."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "introduction": page.introduction,
            "body": streamfield([]),
            "tags": tags,
        }
    )
    if isinstance(page, NewsPage):
        data.update(date=page.date.isoformat(), image_alt="")
    data["ps"] = list(ps)
    return data


def edit(admin_client, page, **kwargs):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return admin_client.post(url, edit_post_data(page, **kwargs))


# Editors tick Ps in the admin, and only the four exist.


@pytest.mark.parametrize("factory", [CampaignPageFactory, NewsPageFactory])
def test_editor_ticks_ps_in_the_admin_and_they_are_saved(admin_client, home_page, factory):
    parent = home_page if factory is CampaignPageFactory else NewsIndexPageFactory(parent=home_page)
    page = factory(parent=parent)

    response = edit(
        admin_client, page, ps=[p_pk("prevention"), p_pk("participation")], tags="schools"
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    latest = page.get_latest_revision_as_object()
    assert sorted(p.slug for p in latest.ps.all()) == ["participation", "prevention"]
    assert [t.name for t in latest.tags.all()] == ["schools"]


def test_admin_edit_form_shows_the_four_ps_as_checkboxes(admin_client, home_page):
    page = CampaignPageFactory(parent=home_page, ps=["Protection"])
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    boxes = soup.find_all("input", attrs={"name": "ps", "type": "checkbox"})
    labels = [box.find_parent("label").get_text(strip=True) for box in boxes]
    assert labels == ["Prevention", "Protection", "Prosecution", "Participation"]
    assert [box.has_attr("checked") for box in boxes] == [False, True, False, False]


@pytest.mark.parametrize("bad_value", ["999999", "Preventon", "fifth"])
def test_an_unknown_p_posted_to_the_admin_is_refused_and_creates_nothing(
    admin_client, home_page, bad_value
):
    page = CampaignPageFactory(parent=home_page)
    response = edit(admin_client, page, ps=[bad_value])

    assert response.status_code == 200
    assert f"“{bad_value}” is not one of the four Ps" in response.content.decode()
    assert FourP.objects.count() == 4


@pytest.mark.parametrize(
    "tag", ["Prevention", "preventon", "Protection of victims", "PROSECUTIONS"]
)
def test_a_free_tag_that_looks_like_a_p_is_refused_and_what_was_typed_is_kept(
    admin_client, home_page, tag
):
    page = CampaignPageFactory(parent=home_page)
    response = edit(admin_client, page, tags=f"schools, {tag}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "looks like the P" in html and "instead of adding it as a tag" in html
    assert tag in html  # still in the form for the editor to correct
    assert not page.get_latest_revision_as_object().tags.exists()


def test_code_cannot_add_a_fifth_p_through_the_tag_manager(home_page):
    page = CampaignPageFactory(parent=home_page)
    with pytest.raises(ValidationError, match="not one of the four Ps"):
        page.ps.add("Preventon")
    with pytest.raises(ValidationError, match="not one of the four Ps"):
        FourP.objects.create(name="Protections")
    assert FourP.objects.count() == 4


def test_adding_a_p_by_name_in_any_case_reuses_the_existing_p(home_page):
    page = CampaignPageFactory(parent=home_page)
    page.ps.add("prevention")
    page.save()
    assert [p.pk for p in page.ps.all()] == [p_pk("prevention")]


@pytest.mark.parametrize(
    ("text", "p"),
    [
        ("Prévention", "prevention"),
        ("Participation of children", "participation"),
        ("protectoin", "protection"),
        ("participatory budgeting", None),
        ("protected areas", None),
        ("online safety", None),
        ("children", None),
    ],
)
def test_variant_spellings_of_a_p_are_recognised_and_themes_are_not(text, p):
    found = p_resembling(text)
    assert (found.slug if found else None) == p


# Every P has its listing at /pact/<p>/, across page types.


def test_every_page_type_with_a_ps_field_takes_part_in_the_listings(db):
    models = four_p_page_models()
    assert CampaignPage in models and NewsPage in models
    assert all(model.__name__ not in {"HomePage", "PactPage"} for model in models)


def test_p_listing_shows_live_public_pages_of_every_type_tagged_with_that_p(
    client, pact_page, news_index
):
    home = pact_page.get_parent()
    campaign = CampaignPageFactory(parent=home, title="Safe sport clubs", ps=["Prevention"])
    news = NewsPageFactory(parent=news_index, title="Training for teachers", ps=["Prevention"])
    CampaignPageFactory(parent=home, title="Child-friendly courts", ps=["Prosecution"])
    draft = CampaignPageFactory(parent=home, title="Draft plan", ps=["Prevention"], live=False)
    private = CampaignPageFactory(parent=home, title="Private notes", ps=["Prevention"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/pact/prevention/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    titles = [h3.get_text(strip=True) for h3 in soup.select(".card-list__title")]
    assert sorted(titles) == sorted([campaign.title, news.title])
    assert draft.title not in titles and private.title not in titles
    assert soup.h1.get_text(strip=True) == "Prevention"
    types = {p.get_text(strip=True) for p in soup.select(".card-list__type")}
    assert types == {"Campaign page", "News item"}


def test_p_listing_of_an_unknown_p_is_not_found(client, pact_page):
    response = client.get("/pact/preventon/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_p_listing_is_paginated_and_a_bad_page_number_shows_a_real_page(client, pact_page):
    home = pact_page.get_parent()
    for n in range(14):
        CampaignPageFactory(parent=home, title=f"Tagged {n:02}", ps=["Protection"])

    first = client.get("/pact/protection/")
    last = client.get("/pact/protection/?page=2")
    beyond = client.get("/pact/protection/?page=99")
    nonsense = client.get("/pact/protection/?page=abc")

    def titles(response):
        soup = BeautifulSoup(response.content, "html.parser")
        return [a.get_text(strip=True) for a in soup.select(".card-list__title a")]

    assert len(titles(first)) == 12 and len(titles(last)) == 2
    assert titles(beyond) == titles(last)
    assert titles(nonsense) == titles(first)
    assert "14 pages, newest first" in first.content.decode()


def test_p_listing_costs_the_same_queries_for_two_items_or_twenty(client, pact_page, news_index):
    home = pact_page.get_parent()

    def count_queries():
        client.get("/pact/participation/")  # warm Wagtail's site cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/pact/participation/")
        assert response.status_code == 200
        return len(queries)

    CampaignPageFactory(parent=home, ps=["Participation"], tags=["youth"])
    NewsPageFactory(parent=news_index, ps=["Participation", "Prevention"])
    few = count_queries()
    for _ in range(5):
        CampaignPageFactory(parent=home, ps=["Participation"], tags=["youth"])
        NewsPageFactory(parent=news_index, ps=["Participation", "Prevention"])
    assert count_queries() == few


def test_p_badges_link_each_page_to_its_ps_in_the_pacts_order(client, home_page):
    page = CampaignPageFactory(parent=home_page, ps=["Participation", "Prevention"])
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    badges = soup.select(".p-badges a")
    assert [(a.get_text(), a["href"]) for a in badges] == [
        ("Prevention", "/pact/prevention/"),
        ("Participation", "/pact/participation/"),
    ]


# The Ps and free tags in the API and in the news filter.


def test_api_lists_ps_and_tags_and_filters_by_p(client, home_page):
    tagged = CampaignPageFactory(parent=home_page, ps=["Prevention"], tags=["schools"])
    CampaignPageFactory(parent=home_page, ps=["Protection"])

    response = client.get(
        "/api/v2/pages/", {"type": "home.CampaignPage", "fields": "ps,tags", "ps": "Prevention"}
    )

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [tagged.pk]
    assert items[0]["ps"] == [{"slug": "prevention", "name": "Prevention"}]
    assert items[0]["tags"] == ["schools"]


def test_news_can_be_filtered_by_p_and_by_tag(client, news_index):
    NewsPageFactory(parent=news_index, title="About courts", ps=["Prosecution"], tags=["justice"])
    NewsPageFactory(parent=news_index, title="About schools", ps=["Prevention"], tags=["schools"])

    def titles(query):
        soup = BeautifulSoup(client.get("/news/" + query).content, "html.parser")
        return [h2.get_text(strip=True) for h2 in soup.select(".news-summary__title")]

    assert titles("?p=prosecution") == ["About courts"]
    assert titles("?tag=schools") == ["About schools"]
    assert sorted(titles("?p=nonsense")) == ["About courts", "About schools"]
    notices = client.get("/news/?p=nonsense").content.decode()
    assert (
        "p must be one of prevention, protection, prosecution, participation, "
        "not &#x27;nonsense&#x27;. It was ignored." in notices
    )
