"""The API feed (/api/v2/): every page type's public fields, the p / country / profile filters,
what never appears (drafts, private pages, unapproved signatories, private contacts), clear
400s for bad input, CORS, HTTP caching, and listings free of N+1 queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.built_once import built_once
from tests.conftest import make_home_page
from tests.factories import (
    CalendarPageFactory,
    CampaignPageFactory,
    EventPageFactory,
    ImageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PactPageFactory,
    SignatoryPageFactory,
)
from tests.joining import make_directory

PAGES = "/api/v2/pages/"


def items(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]


def titles(response):
    return sorted(item["title"] for item in items(response))


@pytest.fixture
def strasbourg(directory):
    return SignatoryPageFactory(
        parent=directory,
        title="City of Strasbourg",
        country="FR",
        profile="authority",
        kind="city",
        town="Strasbourg",
        population=290000,
        website="https://www.strasbourg.eu",
        public_contact_email="enfance@example.org",
        logo=ImageFactory(title="Strasbourg logo"),
    )


@pytest.fixture
def berlin_ngo(directory):
    return SignatoryPageFactory(
        parent=directory,
        title="Kinderschutz Berlin",
        country="DE",
        profile="organisation",
        kind="ngo",
        latitude=None,
        longitude=None,
    )


@pytest.fixture
def unapproved(directory):
    """A signatory waiting for approval (a draft) with an initiative already published."""
    draft = SignatoryPageFactory(parent=directory, title="Pending town", country="FR")
    initiative = InitiativePageFactory(parent=draft, title="Pending initiative", ps=["prevention"])
    draft.unpublish()
    return draft, initiative


@pytest.fixture
def private_signatory(directory):
    page = SignatoryPageFactory(parent=directory, title="Private town", country="FR")
    InitiativePageFactory(parent=page, title="Private initiative", ps=["prevention"])
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    return page


@pytest.fixture
def content(strasbourg, berlin_ngo, unapproved, private_signatory):
    InitiativePageFactory(
        parent=strasbourg, title="School training", ps=["prevention", "participation"]
    )
    InitiativePageFactory(parent=strasbourg, title="Child advocacy house", ps=["protection"])
    InitiativePageFactory(parent=berlin_ngo, title="Helpline", ps=["protection", "prevention"])
    draft = InitiativePageFactory(parent=strasbourg, title="Draft initiative", ps=["prevention"])
    draft.unpublish()
    return {"strasbourg": strasbourg, "berlin": berlin_ngo, "draft_initiative": draft}


# Fields of each page type.


def test_signatory_gives_its_public_fields_and_never_its_private_contact(client, strasbourg):
    data = client.get(f"{PAGES}{strasbourg.pk}/").json()

    assert data["profile"] == "authority" and data["kind"] == "city"
    assert data["country"] == {"code": "FR", "name": "France"}
    assert data["town"] == "Strasbourg" and data["population"] == 290000
    assert data["location"] == {"latitude": 48.5734, "longitude": 7.7521, "approximate": False}
    assert data["signed_on"] == "2014-05-12"
    assert data["website"] == "https://www.strasbourg.eu"
    assert data["public_contact_email"] == "enfance@example.org"
    assert data["logo"]["small"]["width"] <= 200 and data["logo"]["large"]["width"] <= 400
    assert (
        data["logo"]["small"]["url"].startswith("/media/") or "://" in data["logo"]["small"]["url"]
    )
    assert data["meta"]["html_url"].endswith("/participants/city-of-strasbourg/")
    body = str(data)
    for private in ("contact_name", "contact_role", "contact_email", "contact_phone"):
        assert f"'{private}'" not in body
    assert "Private Person" not in body and "private.person@example.org" not in body


def test_signatory_without_coordinates_is_placed_approximately_at_its_country(client, berlin_ngo):
    data = client.get(f"{PAGES}{berlin_ngo.pk}/").json()
    assert data["location"]["approximate"] is True
    assert data["logo"] is None


@pytest.mark.parametrize(
    "field", ["contact_name", "contact_role", "contact_email", "contact_phone"]
)
def test_asking_for_a_private_contact_field_is_refused(client, strasbourg, field):
    response = client.get(PAGES, {"type": "pact.SignatoryPage", "fields": field})
    assert response.status_code == 400
    assert field in response.json()["message"]


def test_initiative_gives_its_ps_status_dates_and_signatory(client, strasbourg):
    initiative = InitiativePageFactory(
        parent=strasbourg,
        title="School training",
        ps=["participation", "prevention"],
        status="completed",
        target_groups="teachers",
        results="300 teachers trained",
    )
    data = client.get(f"{PAGES}{initiative.pk}/").json()

    assert data["ps"] == [
        {"slug": "prevention", "name": "Prevention"},
        {"slug": "participation", "name": "Participation"},
    ]
    assert data["status"] == "completed"
    assert data["target_groups"] == "teachers" and data["results"] == "300 teachers trained"
    assert data["signatory"] == {
        "id": strasbourg.pk,
        "title": "City of Strasbourg",
        "url": "http://testserver/participants/city-of-strasbourg/",
    }
    assert data["country"] == {"code": "FR", "name": "France"}

    listed = items(client.get(PAGES, {"type": "pact.InitiativePage", "fields": "*"}))[0]
    assert listed["signatory"] == data["signatory"] and listed["country"] == data["country"]


@pytest.mark.parametrize(
    "factory, expected",
    [
        (CampaignPageFactory, {"introduction", "body", "ps", "tags"}),
        (PactPageFactory, {"introduction", "sections", "full_text", "sign_text"}),
    ],
)
def test_campaign_content_exposes_its_fields(client, home_page, factory, expected):
    page = factory(parent=home_page)
    data = client.get(f"{PAGES}{page.pk}/").json()
    assert expected <= set(data)


def test_every_page_type_of_the_site_declares_api_fields():
    from wagtail.models import get_page_models

    missing = [
        model._meta.label
        for model in get_page_models()
        if model._meta.app_label in {"home", "pact", "toolkit"} and not model.api_fields
    ]
    assert missing == []


def test_news_gives_ps_and_tags(client, home_page):
    news = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page), ps=["Protection"], tags=["schools"]
    )
    data = client.get(f"{PAGES}{news.pk}/").json()
    assert data["ps"] == [{"slug": "protection", "name": "Protection"}]
    assert data["tags"] == ["schools"]


# Filters.


def test_initiatives_filter_by_p_and_by_their_signatorys_country(client, content):
    response = client.get(
        PAGES, {"type": "pact.InitiativePage", "p": "prevention", "country": "FR"}
    )
    assert titles(response) == ["School training"]
    response = client.get(PAGES, {"type": "pact.InitiativePage", "p": "protection"})
    assert titles(response) == ["Child advocacy house", "Helpline"]


def test_country_filter_accepts_lower_case(client, content):
    response = client.get(PAGES, {"type": "pact.SignatoryPage", "country": "de"})
    assert titles(response) == ["Kinderschutz Berlin"]


def test_signatories_and_initiatives_filter_by_profile(client, content):
    response = client.get(PAGES, {"type": "pact.SignatoryPage", "profile": "organisation"})
    assert titles(response) == ["Kinderschutz Berlin"]
    response = client.get(PAGES, {"type": "pact.InitiativePage", "profile": "organisation"})
    assert titles(response) == ["Helpline"]


def test_events_filter_by_country_and_p(client, home_page):
    calendar = CalendarPageFactory(parent=home_page)
    EventPageFactory(parent=calendar, title="In Paris", country="FR", ps=["prevention"])
    EventPageFactory(parent=calendar, title="In Rome", town="Rome", country="IT", ps=["prevention"])
    response = client.get(PAGES, {"type": "pact.EventPage", "country": "IT", "p": "prevention"})
    assert titles(response) == ["In Rome"]


def test_search_works_together_with_the_filters_and_all_fields(client, content):
    response = client.get(
        PAGES,
        {
            "type": "pact.InitiativePage",
            "p": "protection",
            "country": "FR",
            "search": "advocacy",
            "fields": "*",
        },
    )
    found = items(response)
    assert [item["title"] for item in found] == ["Child advocacy house"]
    assert found[0]["signatory"]["title"] == "City of Strasbourg"


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {"type": "pact.InitiativePage", "p": "x"},
            "p must be one of prevention, protection, prosecution, participation, not 'x'.",
        ),
        (
            {"type": "pact.SignatoryPage", "country": "ZZ"},
            "country must be a two-letter country code such as FR, DE or IT, not 'ZZ'.",
        ),
        (
            {"type": "pact.SignatoryPage", "profile": "mayor"},
            "profile must be one of authority, organisation, not 'mayor'.",
        ),
        ({"type": "pact.Nothing"}, "type doesn't exist"),
        ({"fields": "nonsense"}, "unknown fields"),
        ({"offset": "-1"}, "offset must be a positive integer"),
        ({"limit": "abc"}, "limit must be a positive integer"),
        ({"limit": "10000"}, "limit cannot be higher than 100"),
        ({"order": "contact_email"}, "cannot order by"),
        ({"colour": "red"}, "not an operation or a recognised field"),
        ({"type": "pact.EventPage", "start_after": "tomorrow"}, "start_after must be an ISO"),
    ],
)
def test_bad_queries_get_a_400_with_a_clear_message(client, content, params, message):
    response = client.get(PAGES, params)
    assert response.status_code == 400, response.content
    assert message in response.json()["message"]


@pytest.mark.parametrize("search", ["'", '"', "%", "a:b", "(((", "\\", "ü & ç", "-", "*"])
def test_search_with_odd_characters_never_fails(client, content, search):
    response = client.get(PAGES, {"type": "pact.SignatoryPage", "search": search})
    assert response.status_code in (200, 400), response.content


# What never appears.

HIDDEN = ("Pending town", "Pending initiative", "Private town", "Private initiative", "Draft")
QUERIES = [
    {},
    {"fields": "*"},
    {"type": "pact.SignatoryPage", "fields": "*"},
    {"type": "pact.InitiativePage", "fields": "*"},
    {"type": "pact.InitiativePage", "p": "prevention", "country": "FR"},
    {"type": "pact.SignatoryPage", "country": "FR", "profile": "authority"},
    {"search": "town"},
    {"search": "initiative"},
    {"type": "pact.InitiativePage", "search": "initiative"},
    {"type": "pact.InitiativePage,pact.SignatoryPage"},
    {"descendant_of": "PARENT"},
    {"child_of": "PARENT"},
    {"limit": "100", "order": "-id"},
]


@pytest.mark.parametrize("params", QUERIES)
def test_drafts_private_pages_and_unapproved_signatories_never_appear(client, content, params):
    params = {
        key: str(content["strasbourg"].get_parent().pk) if value == "PARENT" else value
        for key, value in params.items()
    }
    response = client.get(PAGES, params)
    body = response.content.decode()
    assert response.status_code == 200, body
    for hidden in HIDDEN:
        assert hidden not in body
    assert "private.person@example.org" not in body


def test_hidden_pages_are_not_found_by_id(client, content, unapproved, private_signatory):
    draft, pending_initiative = unapproved
    hidden = [draft, pending_initiative, private_signatory, content["draft_initiative"]]
    hidden += list(private_signatory.get_children())
    for page in hidden:
        assert client.get(f"{PAGES}{page.pk}/").status_code == 404, page.title
    response = client.get(PAGES, {"child_of": draft.pk})
    assert response.status_code in (400, 404) or items(response) == []


def test_publishing_the_signatory_brings_its_initiatives_back(client, unapproved):
    draft, pending_initiative = unapproved
    draft.save_revision().publish()
    assert client.get(f"{PAGES}{pending_initiative.pk}/").status_code == 200


# CORS and caching.


@pytest.mark.parametrize(
    "url", [PAGES, "/api/v2/openapi.json", "/participants/map.geojson", "/participants/export.csv"]
)
def test_public_data_may_be_read_from_any_origin(client, directory, url):
    response = client.get(url, headers={"Origin": "https://partner.example.org"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_site_pages_are_not_opened_to_other_origins(client, directory):
    response = client.get("/participants/", headers={"Origin": "https://partner.example.org"})
    assert "Access-Control-Allow-Origin" not in response


def test_only_reading_methods_are_allowed_across_origins(client, directory):
    response = client.options(
        PAGES,
        headers={"Origin": "https://partner.example.org", "Access-Control-Request-Method": "GET"},
    )
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_configured_origins_replace_the_open_default(client, directory, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ["https://coe.example.int"]
    allowed = client.get(PAGES, headers={"Origin": "https://coe.example.int"})
    other = client.get(PAGES, headers={"Origin": "https://elsewhere.example.org"})
    assert allowed["Access-Control-Allow-Origin"] == "https://coe.example.int"
    assert "Access-Control-Allow-Origin" not in other


@pytest.mark.parametrize(
    "url", [PAGES, "/participants/map.geojson", "/participants/export.json", "/api/v2/images/"]
)
def test_public_data_can_be_cached_and_revalidated(client, strasbourg, url):
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag


def test_the_json_export_keeps_its_etag_from_one_second_to_the_next(client, strasbourg):
    """Its `generated` is the day, not the second: a timestamp in the body made every ETag
    stale a second later."""
    url = "/participants/export.json"
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, 0, tzinfo=datetime.UTC)):
        etag = client.get(url)["ETag"]
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, 7, tzinfo=datetime.UTC)):
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_publishing_a_page_changes_the_etag(client, strasbourg, directory):
    etag = client.get(PAGES)["ETag"]
    SignatoryPageFactory(parent=directory, title="New town").save_revision().publish()
    after = client.get(PAGES, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert "New town" in after.content.decode()


def test_unpublishing_a_page_changes_the_etag(client, strasbourg):
    etag = client.get(PAGES)["ETag"]
    strasbourg.unpublish()
    assert client.get(PAGES, headers={"If-None-Match": etag}).status_code == 200


def test_logged_in_users_answers_are_not_shared_by_caches(admin_client, strasbourg):
    response = admin_client.get(PAGES)
    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response


# Query counts.


def fill_site(home_page, directory, count=22):
    news_index = NewsIndexPageFactory(parent=home_page)
    calendar = CalendarPageFactory(parent=home_page)
    for number in range(count):
        signatory = SignatoryPageFactory(
            parent=directory,
            title=f"Town {number}",
            logo=ImageFactory(title=f"Logo {number}"),
            country=("FR", "DE", "IT")[number % 3],
        )
        InitiativePageFactory(parent=signatory, ps=["prevention", "protection"])
        EventPageFactory(parent=(calendar, signatory)[number % 2], ps=["prevention"])
        NewsPageFactory(parent=news_index, ps=["Prevention"], tags=["schools", "police"])
        CampaignPageFactory(parent=home_page, ps=["Participation"], tags=["online"])


def count_queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGES, params)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), len(response.json()["items"])


@pytest.fixture(scope="class")
def _filled_site(django_db_setup, django_db_blocker):
    """22 of each page type, built once for the class's tests (tests/built_once.py)."""
    with built_once(django_db_blocker):
        home_page = make_home_page()
        fill_site(home_page, make_directory(home_page))
        yield


class TestListingQueryCounts:
    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"fields": "*"},
            {"type": "pact.SignatoryPage", "fields": "*"},
            {"type": "pact.InitiativePage", "fields": "*"},
            {"type": "pact.EventPage", "fields": "*"},
            {"type": "home.NewsPage", "fields": "*"},
            {"type": "home.CampaignPage", "fields": "*"},
            {"type": "pact.InitiativePage", "fields": "*", "p": "prevention", "country": "FR"},
        ],
    )
    def test_listings_cost_the_same_queries_for_5_or_20_items(
        self, client, db, _filled_site, params
    ):
        client.get(PAGES, {**params, "limit": 20})  # makes the logos' renditions once
        with_5, listed_5 = count_queries(client, {**params, "limit": 5})
        with_20, listed_20 = count_queries(client, {**params, "limit": 20})
        print(f"{params}: {with_5} queries for {listed_5} items, {with_20} for {listed_20}")
        assert listed_5 == 5 and listed_20 >= 7
        assert with_5 == with_20
