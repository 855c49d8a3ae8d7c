"""The map: /participants/map.geojson as valid RFC 7946 data, the Leaflet files we serve, and
the settings that let tiles through the CSP."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from pact.country_centres import COUNTRY_CENTRES
from pact.models import Kind, Profile
from pactsite.settings.base import tiles_origin
from tests.factories import InitiativePageFactory, SignatoryPageFactory

BASE_DIR = Path(__file__).resolve().parent.parent
PUBLIC_PROPERTIES = {
    # Issue 19: the public monitoring status (on-hold signatories are greyed on the map).
    "status",
    "status_label",
    "name",
    "url",
    "country",
    "country_name",
    "profile",
    "kind",
    "kind_label",
    "approximate",
}


def geojson(client, query=""):
    response = client.get(f"/participants/map.geojson{query}")
    assert response.status_code == 200
    return response, json.loads(response.content)


@pytest.fixture
def places(directory):
    strasbourg = SignatoryPageFactory(
        parent=directory, title="Strasbourg", latitude=48.5734, longitude=7.7521
    )
    SignatoryPageFactory(
        parent=directory,
        title="Somewhere in Portugal",
        country="PT",
        latitude=None,
        longitude=None,
        profile=Profile.ORGANISATION,
        kind=Kind.NGO,
    )
    InitiativePageFactory(parent=strasbourg, ps=["prevention"])
    return directory


def test_map_data_is_an_rfc_7946_feature_collection(client, places):
    response, data = geojson(client)
    assert response["Content-Type"].startswith("application/geo+json")
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 2
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert set(feature["properties"]) == PUBLIC_PROPERTIES


def test_map_positions_are_longitude_then_latitude(client, places):
    _, data = geojson(client)
    strasbourg = next(f for f in data["features"] if f["properties"]["name"] == "Strasbourg")
    assert strasbourg["geometry"]["coordinates"] == [7.7521, 48.5734]
    assert strasbourg["properties"]["approximate"] is False
    assert strasbourg["properties"]["url"] == "http://testserver/participants/strasbourg/"
    assert strasbourg["properties"]["country"] == "FR"
    assert strasbourg["properties"]["profile"] == "authority"
    assert strasbourg["properties"]["kind"] == "city"


def test_a_signatory_without_coordinates_sits_at_its_country_centre_marked_approximate(
    client, places
):
    _, data = geojson(client)
    portugal = next(f for f in data["features"] if f["properties"]["country"] == "PT")
    assert portugal["geometry"]["coordinates"] == list(COUNTRY_CENTRES["PT"])
    assert portugal["properties"]["approximate"] is True


def test_a_signatory_with_no_place_and_no_known_centre_is_listed_but_not_mapped(client, directory):
    SignatoryPageFactory(
        parent=directory, title="Far away", country="NZ", latitude=None, longitude=None
    )
    _, data = geojson(client)
    assert data["features"] == []
    html = client.get("/participants/").content.decode()
    assert "Far away" in html and "not on the map: no place given" in html


def test_map_data_has_live_public_signatories_only(client, places, directory):
    SignatoryPageFactory(parent=directory, title="Draft town", live=False)
    private = SignatoryPageFactory(parent=directory, title="Private town")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    _, data = geojson(client)
    assert {f["properties"]["name"] for f in data["features"]} == {
        "Strasbourg",
        "Somewhere in Portugal",
    }


def test_map_data_never_carries_private_contacts(client, places):
    response, _ = geojson(client)
    body = response.content.decode()
    for private in ("Private Person", "private.person@example.org", "+33 3 00 00 00 00"):
        assert private not in body
    assert "contact" not in body


def test_map_data_takes_the_directory_filters(client, places):
    _, data = geojson(client, "?p=prevention")
    assert [f["properties"]["name"] for f in data["features"]] == ["Strasbourg"]
    _, data = geojson(client, "?profile=organisation")
    assert [f["properties"]["name"] for f in data["features"]] == ["Somewhere in Portugal"]
    # A bad filter is refused, as on the exports, rather than dropped for every signatory.
    refused = client.get("/participants/map.geojson?country=ZZ&profile=organisation")
    assert refused.status_code == 400
    assert refused.content.decode().startswith("country must be a two-letter country code")


def test_map_data_escapes_nothing_it_should_not_and_stays_json(client, directory):
    SignatoryPageFactory(parent=directory, title='Town "<b>&</b>" of Ünïcödé')
    _, data = geojson(client)
    assert data["features"][0]["properties"]["name"] == 'Town "<b>&</b>" of Ünïcödé'


def test_directory_map_reads_its_addresses_from_data_attributes(client, places):
    html = client.get("/participants/").content.decode()
    assert 'data-geojson-url="/participants/map.geojson"' in html
    assert f'data-tiles-url="{settings.MAP_TILES_URL}"' in html
    assert 'data-basemap-url="/static/pact/vendor/world-atlas/europe.geojson"' in html
    assert 'data-leaflet-src="/static/pact/vendor/leaflet/leaflet.js"' in html
    assert '<script src="/static/pact/js/signatory_map.js" defer></script>' in html
    assert "<script>" not in html and "style=" not in html


def test_tiles_origin_is_allowed_by_the_public_csp(client, places):
    policy = client.get("/participants/")["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize(
    "template, origin",
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", ["https://tile.openstreetmap.org"]),
        ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", ["https://*.tiles.example.org"]),
        ("", []),
        ("/static/tiles/{z}/{x}/{y}.png", []),
    ],
)
def test_tiles_origin_comes_from_the_tiles_url(template, origin):
    assert tiles_origin(template) == origin


def test_leaflet_is_served_from_our_static_files_with_its_licence():
    vendor = BASE_DIR / "pact/static/pact/vendor"
    for path in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/LICENSE",
        "leaflet/images/marker-icon.png",
        "leaflet.markercluster/leaflet.markercluster.js",
        "leaflet.markercluster/MarkerCluster.css",
        "leaflet.markercluster/LICENSE",
        "world-atlas/europe.geojson",
        "world-atlas/LICENSE",
    ):
        assert (vendor / path).is_file(), path
    lock = json.loads((BASE_DIR / "package-lock.json").read_text())
    assert (
        lock["packages"]["node_modules/leaflet"]["version"] in (vendor / "VERSIONS.txt").read_text()
    )


def test_offline_base_map_outlines_europe():
    outlines = json.loads(
        (BASE_DIR / "pact/static/pact/vendor/world-atlas/europe.geojson").read_text()
    )
    names = {feature["properties"]["name"] for feature in outlines["features"]}
    assert {"France", "Germany", "Italy", "Iceland", "Cyprus", "Georgia"} <= names


def test_every_council_of_europe_member_has_a_centre_in_europe():
    members = "AD AL AM AT AZ BA BE BG CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IS IT LI LT "
    members += "LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM TR UA"
    for code in members.split():
        longitude, latitude = COUNTRY_CENTRES[code]
        assert -25 < longitude < 50 and 34 < latitude < 72, code


def test_the_api_does_not_expose_private_contacts(client, places):
    response = client.get("/api/v2/pages/?type=pact.SignatoryPage&fields=*")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Strasbourg" in body
    for private in ("Private Person", "private.person@example.org", '"contact_email"'):
        assert private not in body
    asked = client.get("/api/v2/pages/?type=pact.SignatoryPage&fields=contact_email")
    assert asked.status_code == 400
