"""Where the API and its OpenAPI description used to disagree (issue 20, item 3): JSON 404s
under /api/, the bounds of limit and offset, filter combinations the description allows, the
methods OPTIONS announces on the data outputs, and a schema of their own for event, news and
campaign pages. tests/test_api_schemathesis.py fuzzes the whole description."""

import json

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from core.visibility import publicly_visible
from home.models import CampaignPage, NewsPage
from pact.models import EventPage, SignatoryPage

SPEC_URI = "urn:pact-openapi"


def validate(spec, schema_name, instance):
    schema = {"$ref": f"{SPEC_URI}#/components/schemas/{schema_name}"}
    text = json.dumps(spec).replace('"#/components/', f'"{SPEC_URI}#/components/')
    registry = Registry().with_resource(
        SPEC_URI, Resource.from_contents(json.loads(text), DRAFT202012)
    )
    Draft202012Validator(schema, registry=registry).validate(instance)


@pytest.fixture
def spec(client, demo_site):
    return client.get("/api/v2/openapi.json").json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/abc/",
        "/api/v2/nothing/",
        "/api/v2/pages/999999/",
        "/api/v2/images/abc/",
        "/api/v3/pages/",
        "/api/v2/pages/?child_of=999999",
        "/api/v2/pages/?descendant_of=999999",
    ],
)
def test_unknown_ids_and_paths_under_the_api_answer_a_json_404(client, demo_site, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


@pytest.mark.django_db
def test_limit_and_offset_have_the_bounds_the_endpoint_enforces(client, spec):
    for path in ("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"):
        parameters = {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"]}
        limit, offset = parameters["limit"], parameters["offset"]
        assert limit["minimum"] == 0 and limit["maximum"] == settings.WAGTAILAPI_LIMIT_MAX
        assert offset["minimum"] == 0
        assert client.get(path, {"limit": limit["maximum"]}).status_code == 200
        assert client.get(path, {"limit": limit["maximum"] + 1}).status_code == 400
        assert client.get(path, {"offset": offset["maximum"]}).status_code == 200
        too_far = client.get(path, {"offset": offset["maximum"] + 1})
        assert too_far.status_code == 400 and "offset" in too_far.json()["message"]
        assert client.get(path, {"offset": 10**30}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, expected_types",
    [
        ({"p": "prevention"}, None),
        ({"country": "fr"}, {"pact.SignatoryPage", "pact.InitiativePage", "pact.EventPage"}),
        ({"profile": "authority"}, {"pact.SignatoryPage", "pact.InitiativePage"}),
        ({"upcoming": "true"}, {"pact.EventPage"}),
        ({"type": "home.NewsPage", "country": "FR"}, set()),
        ({"type": "pact.EventPage", "profile": "authority"}, set()),
        ({"child_of": "root", "descendant_of": "root"}, None),
    ],
)
def test_filter_combinations_the_description_allows_are_answered(
    client, demo_site, params, expected_types
):
    response = client.get("/api/v2/pages/", {**params, "limit": 100})
    assert response.status_code == 200, response.content
    types = {item["meta"]["type"] for item in response.json()["items"]}
    if expected_types is None:
        assert types
    else:
        assert types <= expected_types
        assert bool(types) == bool(expected_types)


@pytest.mark.django_db
def test_a_filter_without_type_lists_the_same_pages_as_with_each_type(client, demo_site):
    def ids(params):
        response = client.get("/api/v2/pages/", {**params, "limit": 100})
        assert response.status_code == 200
        return {item["id"] for item in response.json()["items"]}

    per_type = ids({"type": "pact.SignatoryPage", "country": "FR"}) | ids(
        {"type": "pact.InitiativePage", "country": "FR"}
    )
    per_type |= ids({"type": "pact.EventPage", "country": "FR"})
    assert per_type and ids({"country": "FR"}) == per_type


@pytest.mark.django_db
def test_options_on_pages_and_their_data_announce_only_the_methods_that_work(client, demo_site):
    for url in (
        "/participants/map.geojson",
        "/participants/export.csv",
        "/participants/export.json",
        "/calendar/feed.ics",
        "/participants/",
        "/news/",
    ):
        response = client.options(url)
        assert response.status_code == 200, url
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}, url
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url).status_code == 405, (url, method)
    # The poster's form still posts to its page.
    assert "POST" in client.options("/toolkit/poster/")["Allow"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, schema_name",
    [(EventPage, "EventPage"), (NewsPage, "NewsPage"), (CampaignPage, "CampaignPage")],
)
def test_event_news_and_campaign_details_match_a_schema_of_their_own(
    client, spec, model, schema_name
):
    schemas = spec["components"]["schemas"]
    detail = spec["paths"]["/api/v2/pages/{id}/"]["get"]["responses"]["200"]
    assert {"$ref": f"#/components/schemas/{schema_name}"} in schemas["AnyPage"]["anyOf"]
    assert detail["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AnyPage"
    }
    # Every field the API gives for the type is described.
    described = set(schemas[schema_name]["properties"]) | set(schemas["Page"]["properties"])
    for page in publicly_visible(model.objects.all())[:3]:
        item = client.get(f"/api/v2/pages/{page.pk}/").json()
        assert set(item) <= described, set(item) - described
        validate(spec, schema_name, item)
        validate(spec, "AnyPage", item)
        # A wrong value of a field of the type breaks the schema of the detail.
        broken = {**item, "ps": "prevention"} if "ps" in item else {**item, "body": "x"}
        with pytest.raises(ValidationError):
            validate(spec, "AnyPage", broken)


@pytest.mark.django_db
def test_a_page_of_another_type_still_validates_as_a_page(client, spec):
    signatory = publicly_visible(SignatoryPage.objects.all()).first()
    validate(spec, "AnyPage", client.get(f"/api/v2/pages/{signatory.pk}/").json())
    home = client.get("/api/v2/pages/", {"type": "home.HomePage"}).json()["items"][0]
    validate(spec, "AnyPage", client.get(f"/api/v2/pages/{home['id']}/").json())


@pytest.mark.parametrize("name", ["child_of", "descendant_of"])
def test_a_page_id_too_large_for_the_database_is_a_400_not_a_500(client, db, name):
    response = client.get(f"/api/v2/pages/?{name}=99999999999999999999")
    assert response.status_code == 400
    assert response.json()["message"] == f"{name} must be a positive integer"
