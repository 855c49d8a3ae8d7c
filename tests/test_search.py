"""Site search at /search/, the search box of the good-practices database and the API's
`search`: the same words give the same results everywhere, and no input makes them fail."""

import os
import subprocess
import sys

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from core.query_params import clean_query
from search.queries import highlight
from tests.search_pages import make_search_pages

ODD_QUERIES = [
    '"child',
    '"child protection"',
    "child AND protection",
    "child OR",
    "NOT child",
    "-child",
    "train*",
    "(child",
    "child)",
    "NEAR(child",
    "a:b",
    "^child",
    "%",
    "'",
    "\\",
    "Zürich",
    "Île-de-France",
    "prévention",
    "x" * 2000,
    "training " * 300,
    "",
    "   ",
    "<script>alert(1)</script>",
]


@pytest.fixture
def content(home_page, directory):
    return make_search_pages(home_page, directory)


def result_titles(response, group):
    for entry in response.context["groups"]:
        if entry["group"].key == group:
            return [result["page"].title for result in entry["results"]]
    return []


def test_site_search_groups_results_by_type_with_counts(client, content):
    response = client.get("/search/?q=training")
    groups = {entry["group"].key: entry["count"] for entry in response.context["groups"]}
    assert groups["initiatives"] == 2
    assert groups["news"] == 1
    html = response.content.decode()
    assert "Initiatives (2)" in html
    assert "News (1)" in html


def test_site_search_puts_the_most_relevant_first(client, content):
    response = client.get("/search/?q=training")
    assert result_titles(response, "initiatives") == ["Training for teachers", "Safe sport clubs"]


def test_site_search_highlights_the_words_in_an_escaped_excerpt(client, content):
    html = client.get("/search/?q=training").content.decode()
    assert "<mark>Training</mark> for teachers" in html
    assert "follow a <mark>training</mark> day" in html


def test_highlight_escapes_before_marking():
    marked = highlight("<b>Tom & Jerry</b> train the amp", "amp train b")
    assert str(marked) == (
        "&lt;<mark>b</mark>&gt;Tom &amp; Jerry&lt;/<mark>b</mark>&gt; <mark>train</mark> the "
        "<mark>amp</mark>"
    )


def test_site_search_shows_one_type_paginated(client, content, directory):
    response = client.get("/search/?q=training&type=initiatives&page=abc")
    assert response.status_code == 200
    assert [entry["group"].key for entry in response.context["groups"] if entry["results"]] == [
        "initiatives"
    ]
    bad = client.get("/search/?q=training&type=spaceships")
    assert (
        "type must be one of initiatives, signatories, events, news, pages, not 'spaceships'."
        in " ".join(bad.context["notices"])
    )


def test_editors_picks_are_shown_first_as_recommended(client, content):
    query = Query.get("safeguarding")
    SearchPromotion.objects.create(
        query=query, page=content["zurich"], description="Our pick for safeguarding."
    )
    html = client.get("/search/?q=Safeguarding").content.decode()
    assert "Recommended" in html
    assert html.index("Our pick for safeguarding.") < html.index("Safe sport clubs")


def test_no_results_page_suggests_what_to_do(client, content):
    html = client.get("/search/?q=xylophone").content.decode()
    assert "Nothing matches “xylophone”" in html
    assert "check the spelling" in html
    assert 'href="/good-practices/"' in html


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_fail(client, content, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/good-practices/", {"q": query}).status_code == 200
    api = client.get("/api/v2/pages/", {"type": "pact.InitiativePage", "search": query})
    assert api.status_code == 200


def test_a_long_query_is_cut_with_a_notice(client, content):
    response = client.get("/search/", {"q": "training" + " " * 2000 + "ignored"})
    assert "first 200 characters" in " ".join(response.context["notices"])
    assert result_titles(response, "initiatives")[0] == "Training for teachers"


def test_the_query_is_escaped_on_the_page(client, content):
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Zürich", "Safe and unsafe touch in schools"),
        ("Île-de-France", "Plan régional de prévention"),
        ("prévention", "Plan régional de prévention"),
    ],
)
def test_accented_words_find_their_pages(client, content, query, expected):
    assert expected in result_titles(client.get("/search/", {"q": query}), "initiatives")


@pytest.mark.parametrize("query", ["training", "prévention", "safe schools", '"training'])
def test_the_api_search_gives_the_same_initiatives_in_the_same_order(client, content, query):
    site = client.get("/good-practices/", {"q": query})
    site_ids = [page.pk for page in site.context["page_obj"]]
    search_page = client.get("/search/", {"q": query, "type": "initiatives"})
    search_ids = [
        result["page"].pk
        for entry in search_page.context["groups"]
        if entry["results"]
        for result in entry["results"]
    ]
    api = client.get("/api/v2/pages/", {"type": "pact.InitiativePage", "search": query})
    api_ids = [item["id"] for item in api.json()["items"]]
    assert site_ids
    assert site_ids == api_ids == search_ids


def test_clean_query_keeps_words_and_drops_query_syntax():
    assert clean_query('"child AND (train*) -abuse') == ("child and train abuse", "")
    assert clean_query("Île-de-France")[0] == "île de france"
    assert clean_query("   ") == ("", "")


def test_search_backend_comes_from_the_environment():
    code = "import pactsite.settings.base as s; print(s.WAGTAILSEARCH_BACKENDS['default'])"
    env = dict(
        os.environ,
        SEARCH_BACKEND="opensearch",
        SEARCH_URLS="https://search.example.org:9200",
        SEARCH_INDEX="pact",
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "wagtail.search.backends.opensearch2" in output
    assert "https://search.example.org:9200" in output
    env["SEARCH_BACKEND"] = "solr"
    failed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "SEARCH_BACKEND must be one of" in failed.stderr


def test_site_search_query_count_is_bounded(client, content, django_assert_max_num_queries):
    client.get("/search/?q=training")
    with django_assert_max_num_queries(20):
        client.get("/search/?q=training")
