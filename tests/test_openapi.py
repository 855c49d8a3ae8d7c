"""The OpenAPI description at /api/v2/openapi.json stays true: every documented path is called,
with each documented parameter example, and each answer is checked against its schema."""

import datetime
import json

import pytest
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from wagtail.rich_text import RichText

from monitoring.models import PossibleAction, SignatoryAction
from tests.factories import (
    CalendarPageFactory,
    DocumentFactory,
    EventPageFactory,
    ImageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SignatoryPageFactory,
)
from tests.monitoring_data import add_report

SPEC_URI = "urn:pact-openapi"


@pytest.fixture
def site_data(home_page, directory):
    logo, document = ImageFactory(title="Lyon logo"), DocumentFactory()
    # Only media a live public page uses are in the API (core/media_access.py).
    link = f'<p><a linktype="document" id="{document.pk}">Plan</a></p>'
    signatory = SignatoryPageFactory(
        parent=directory,
        title="City of Lyon",
        logo=logo,
        description=[("paragraph", RichText(link))],
    )
    SignatoryPageFactory(parent=directory, title="Far town", latitude=None, longitude=None)
    initiative = InitiativePageFactory(parent=signatory, ps=["prevention"], title="Children first")
    EventPageFactory(parent=CalendarPageFactory(parent=home_page), ps=["prevention"])
    NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page), ps=["Prevention"])
    action = PossibleAction.objects.create(code="prevention-training", p="prevention", title="T")
    signatory.action_items = [
        SignatoryAction(action=action, state="in_place", year=2024, evidence=[initiative])
    ]
    signatory.save()
    report = add_report(
        signatory,
        "progress_report",
        datetime.date(2025, 3, 1),
        checklist=[
            {
                "code": "prevention-training",
                "p": "prevention",
                "title": "T",
                "state": "in_place",
                "year": 2024,
                "note": "",
            }
        ],
        professionals_trained=3,
    )
    return {
        "/api/v2/actions/{id}/": [action.pk],
        "/api/v2/pages/{id}/": [signatory.pk, initiative.pk, home_page.pk, report.pk],
        "/api/v2/images/{id}/": [logo.pk],
        "/api/v2/documents/{id}/": [document.pk],
    }


@pytest.fixture
def spec(client, site_data):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    return response.json()


def validate(spec, schema, instance):
    registry = Registry().with_resource(SPEC_URI, Resource.from_contents(spec, DRAFT202012))
    Draft202012Validator(rebase(schema), registry=registry).validate(instance)


def rebase(schema):
    """Point the spec's local references ("#/components/...") at the registered spec."""
    text = json.dumps(schema).replace('"#/components/', f'"{SPEC_URI}#/components/')
    return json.loads(text)


def calls(spec, site_data):
    """(path, url, params) for every documented path: bare, then once per parameter example."""
    for path, item in spec["paths"].items():
        operation = item["get"]
        urls = (
            [path.replace("{id}", str(pk)) for pk in site_data[path]] if "{id}" in path else [path]
        )
        for url in urls:
            yield path, url, {}
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and "example" in parameter:
                    params = {
                        **parameter.get("x-with", {}),
                        parameter["name"]: parameter["example"],
                    }
                    yield path, url, params


def test_every_documented_path_answers_as_described(client, spec, site_data):
    called = set()
    for path, url, params in calls(spec, site_data):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        described = spec["paths"][path]["get"]["responses"]["200"]
        media_type, content = next(iter(described["content"].items()))
        assert response["Content-Type"].split(";")[0] in (media_type, "application/json")
        # The exports are streamed.
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode()
        instance = body if media_type == "text/csv" else json.loads(body)
        validate(spec, content["schema"], instance)
        called.add(path)
    assert called == set(spec["paths"])


def test_errors_are_described_too(client, spec, site_data):
    response = client.get("/api/v2/pages/", {"type": "pact.InitiativePage", "p": "x"})
    assert response.status_code == 400
    schema = spec["paths"]["/api/v2/pages/"]["get"]["responses"]["400"]
    validate(spec, schema["content"]["application/json"]["schema"], response.json())


def test_a_private_contact_would_break_the_schema(spec):
    page = {"id": 1, "meta": {"type": "pact.SignatoryPage", "detail_url": "x", "html_url": None}}
    page["title"] = "Town"
    validate(spec, {"$ref": "#/components/schemas/SignatoryPage"}, page)
    with pytest.raises(ValidationError) as error:
        validate(
            spec, {"$ref": "#/components/schemas/SignatoryPage"}, {**page, "contact_email": "a@b"}
        )
    assert error.value.instance == "a@b"  # the private field itself is refused


def test_the_documented_filters_are_the_endpoints_filters(spec):
    from pact.api import PactPagesAPIViewSet

    documented = {
        parameter["name"] for parameter in spec["paths"]["/api/v2/pages/"]["get"]["parameters"]
    }
    for backend in PactPagesAPIViewSet.pact_filters:
        assert set(backend.query_parameters) <= documented
