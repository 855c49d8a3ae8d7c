"""Open data: /participants/export.csv and export.json list live, public signatories with the
fields of their public pages, under a licence, and never a private contact."""

import csv
import io
import json

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import InitiativePageFactory, SignatoryPageFactory


@pytest.fixture
def signatories(directory):
    lyon = SignatoryPageFactory(
        parent=directory,
        title="City of Lyon",
        country="FR",
        town="Lyon",
        population=520000,
        website="https://www.lyon.fr",
        public_contact_phone="+33 4 00 00 00 00",
    )
    InitiativePageFactory(parent=lyon, ps=["protection", "prevention"])
    InitiativePageFactory(parent=lyon, ps=["prevention"])
    draft_initiative = InitiativePageFactory(parent=lyon, ps=["prosecution"])
    draft_initiative.unpublish()
    SignatoryPageFactory(
        parent=directory,
        title="Düsseldorf Kinderschutz",
        country="DE",
        profile="organisation",
        kind="ngo",
        latitude=None,
        longitude=None,
    )
    pending = SignatoryPageFactory(parent=directory, title="Pending town")
    pending.unpublish()
    private = SignatoryPageFactory(parent=directory, title="Private town")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return lyon


def read_csv(response):
    assert response.status_code == 200, response.getvalue()
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8"))))


def test_csv_export_has_a_header_row_and_one_row_per_live_public_signatory(client, signatories):
    response = client.get("/participants/export.csv")

    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    content = response.getvalue()  # a streamed answer is read once
    assert not content.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert [row["name"] for row in rows] == ["City of Lyon", "Düsseldorf Kinderschutz"]
    lyon = rows[0]
    assert lyon["url"] == "http://testserver/participants/city-of-lyon/"
    assert (lyon["country"], lyon["country_name"], lyon["town"]) == ("FR", "France", "Lyon")
    assert (lyon["latitude"], lyon["longitude"], lyon["approximate"]) == (
        "48.5734",
        "7.7521",
        "false",
    )
    assert lyon["ps"] == "prevention protection"
    assert lyon["initiatives"] == "2"
    assert lyon["signed_on"] == "2014-05-12"
    assert rows[1]["approximate"] == "true"


def test_exports_never_contain_private_contacts(client, signatories):
    for url in ("/participants/export.csv", "/participants/export.json"):
        body = client.get(url).getvalue().decode()
        assert "Private Person" not in body
        assert "private.person@example.org" not in body
        assert "Head of child protection" not in body
        assert "contact_role" not in body


def test_exports_state_their_licence(client, signatories):
    csv_response = client.get("/participants/export.csv")
    json_response = client.get("/participants/export.json")

    licence_link = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert csv_response["Link"] == licence_link == json_response["Link"]
    assert 'filename="pact-signatories.csv"' in csv_response["Content-Disposition"]
    data = json.loads(json_response.getvalue())
    assert data["licence"] == {
        "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert data["source"] == "http://testserver/participants/"
    assert data["count"] == 2


def test_the_licence_can_be_configured(client, signatories, settings):
    settings.OPEN_DATA_LICENCE = "Open Licence 2.0"
    settings.OPEN_DATA_LICENCE_URL = "https://example.org/licence"
    data = json.loads(client.get("/participants/export.json").getvalue())
    assert data["licence"] == {"name": "Open Licence 2.0", "url": "https://example.org/licence"}


def test_json_export_gives_the_same_fields_as_the_csv(client, signatories):
    rows = read_csv(client.get("/participants/export.csv"))
    records = json.loads(client.get("/participants/export.json").getvalue())["signatories"]
    assert list(records[0]) == list(rows[0])
    assert records[0]["ps"] == ["prevention", "protection"]
    assert records[0]["population"] == 520000


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=DE", ["Düsseldorf Kinderschutz"]),
        ("profile=authority", ["City of Lyon"]),
        ("kind=ngo", ["Düsseldorf Kinderschutz"]),
        ("p=protection", ["City of Lyon"]),
        ("p=prosecution", []),  # only a draft initiative serves it
        ("q=dorf", ["Düsseldorf Kinderschutz"]),
    ],
)
def test_exports_accept_the_directorys_filters(client, signatories, query, expected):
    rows = read_csv(client.get(f"/participants/export.csv?{query}"))
    records = json.loads(client.get(f"/participants/export.json?{query}").getvalue())["signatories"]
    assert [row["name"] for row in rows] == expected
    assert [record["name"] for record in records] == expected


@pytest.mark.parametrize("query", ["country=ZZ", "profile=mayor", "p=nothing", "kind=castle"])
def test_a_wrong_filter_exports_nothing_and_says_why(client, signatories, query):
    response = client.get(f"/participants/export.csv?{query}")
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{query.split('=')[0]} must be ")
    assert client.get(f"/participants/export.json?{query}").status_code == 400


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, directory, start):
    SignatoryPageFactory(
        parent=directory, title=f'{start}HYPERLINK("http://evil.example")', town=f"{start}1+1"
    )
    row = read_csv(client.get("/participants/export.csv"))[0]
    assert row["name"] == f'\'{start}HYPERLINK("http://evil.example")'
    assert row["town"] == f"'{start}1+1"


def test_negative_coordinates_stay_numbers_in_the_csv(client, directory):
    SignatoryPageFactory(parent=directory, title="Lisbon", latitude=38.72, longitude=-9.14)
    row = read_csv(client.get("/participants/export.csv"))[0]
    assert row["longitude"] == "-9.14"


def test_directory_links_the_exports_and_states_the_licence(client, signatories):
    page = client.get("/participants/?country=FR").content.decode()
    assert 'href="/participants/export.csv?country=FR"' in page
    assert 'href="/participants/export.json?country=FR"' in page
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in page
