"""Site search on a search cluster (OpenSearch 2 or Elasticsearch 8), for real: indexing,
`update_index`, /search/, the good-practices box and the API's `?search=` behave as on the
database backend.

Runs when SEARCH_URLS names a cluster (SEARCH_BACKEND=opensearch, the default here, or
elasticsearch, with its client installed: README.md, "Search backends"); skips otherwise. Each
run writes to indexes of its own prefix and deletes them afterwards, so a shared cluster is
left as it was. For instance:

    docker run -d -p 9200:9200 -e discovery.type=single-node -e DISABLE_SECURITY_PLUGIN=true \\
        opensearchproject/opensearch:2
    pip install "opensearch-py>=2,<3"
    SEARCH_URLS=http://127.0.0.1:9200 .venv/bin/pytest -n 0 tests/test_search_cluster.py
"""

import importlib
import io
import os
import secrets

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from pactsite.settings.base import SEARCH_BACKEND_MODULES, env_list
from tests.factories import (
    InitiativePageFactory,
)
from tests.search_pages import make_search_pages

CLIENTS = {"opensearch": "opensearchpy", "elasticsearch": "elasticsearch"}
HOW_TO_RUN = (
    "no search cluster: set SEARCH_URLS (e.g. http://127.0.0.1:9200) and SEARCH_BACKEND "
    "(opensearch or elasticsearch) to run these tests against one (see this module's docstring)"
)


@pytest.fixture
def cluster(settings):
    """The cluster named by SEARCH_URLS, under an index prefix of this test's own."""
    urls = env_list("SEARCH_URLS")
    if not urls:
        pytest.skip(HOW_TO_RUN)
    kind = os.environ.get("SEARCH_BACKEND", "database")
    kind = kind if kind in CLIENTS else "opensearch"
    try:
        importlib.import_module(CLIENTS[kind])
    except ImportError:
        pytest.fail(f"SEARCH_URLS is set but the {kind} client is not installed (README.md).")
    prefix = f"pacttest{secrets.token_hex(4)}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": SEARCH_BACKEND_MODULES[kind],
            "URLS": urls,
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 30,
        }
    }
    backend = get_search_backend()
    yield backend, prefix
    for name in backend.es.indices.get(index=f"{prefix}*"):
        backend.es.indices.delete(index=name)


def searchable(cluster):
    """What was indexed is searchable: the cluster makes new documents visible on refresh."""
    backend, prefix = cluster
    backend.es.indices.refresh(index=f"{prefix}*")


@pytest.fixture
def content(cluster, home_page, directory):
    pages = make_search_pages(home_page, directory)
    call_command("update_index", stdout=io.StringIO())
    searchable(cluster)
    return pages


def groups(response):
    return {entry["group"].key: entry for entry in response.context["groups"]}


def titles(response, group):
    entry = groups(response).get(group)
    return [result["page"].title for result in entry["results"]] if entry else []


def test_update_index_fills_indexes_of_the_configured_prefix(cluster, content):
    backend, prefix = cluster
    names = list(backend.es.indices.get(index=f"{prefix}*"))
    assert any(name.startswith(f"{prefix}wagtailcore_page") for name in names), names


def test_site_search_finds_groups_and_ranks_on_the_cluster(client, content):
    response = client.get("/search/?q=training")
    assert response.status_code == 200
    assert {key: entry["count"] for key, entry in groups(response).items() if entry["count"]} == {
        "initiatives": 2,
        "news": 1,
    }
    assert titles(response, "initiatives") == ["Training for teachers", "Safe sport clubs"]
    assert "<mark>" in response.content.decode()


@pytest.mark.parametrize("query", ["training", "safe schools", '"training', "Zürich"])
def test_the_api_search_and_the_database_box_agree_on_the_cluster(client, content, query):
    site = client.get("/good-practices/", {"q": query})
    site_ids = [page.pk for page in site.context["page_obj"]]
    api = client.get("/api/v2/pages/", {"type": "pact.InitiativePage", "search": query})
    assert api.status_code == 200
    assert site_ids
    assert [item["id"] for item in api.json()["items"]] == site_ids


def test_publishing_and_unpublishing_update_the_cluster_at_once(client, cluster, content):
    """No update_index: the page's own signals index it and take it out."""
    strasbourg = content["training"].get_parent()
    fresh = InitiativePageFactory(
        parent=strasbourg, title="Lantern walks", summary="Evening walks.", live=False
    )
    fresh.save_revision().publish()
    searchable(cluster)
    assert titles(client.get("/search/?q=lantern"), "initiatives") == ["Lantern walks"]

    fresh.unpublish()
    searchable(cluster)
    assert titles(client.get("/search/?q=lantern"), "initiatives") == []


def test_an_initiative_is_found_by_its_signatorys_new_name_after_update_index(
    client, cluster, content
):
    zurich = content["zurich"].get_parent().specific
    zurich.title = "Canton of Glarus"
    zurich.save_revision().publish()
    call_command("update_index", stdout=io.StringIO())
    searchable(cluster)
    found = titles(client.get("/search/?q=glarus&type=initiatives"), "initiatives")
    assert found == ["Safe and unsafe touch in schools"]
