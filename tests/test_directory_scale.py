"""The directory at European scale (issue 17): /participants/ shows one page of signatories and
leaves the map to /participants/map.geojson; the map data is compact, precomputed per signatory,
kept right on publish, unpublish, delete, a new address and the passing of days; the exports
stream the same bytes as before; the live figures and the main menu come from a cache that a
publish empties. Costs are counted in queries, at 5 and at 50 signatories: never in seconds."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import status
from pact.directory import PAGE_SIZE
from pact.models import MapFeature, SignatoryPage
from tests.built_once import built_once
from tests.conftest import make_home_page
from tests.factories import (
    CampaignPageFactory,
    InitiativePageFactory,
    SignatoryPageFactory,
    add_signatories,
)
from tests.joining import make_directory


def read(response):
    """The body of an answer, streamed or not."""
    assert response.status_code == 200
    return response.getvalue().decode()


def queries_of(client, url):
    """Queries of a second request (the first one fills what is computed once)."""
    read(client.get(url))
    with CaptureQueriesContext(connection) as captured:
        read(client.get(url))
    return len(captured.captured_queries)


URLS = [
    "/",
    "/participants/",
    "/participants/?country=FR&p=prevention&status=joined",
    "/participants/?page=2",
    "/participants/map.geojson",
    "/participants/map.geojson?profile=authority&p=protection",
    "/participants/export.csv",
    "/participants/export.json?country=FR",
]


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """Each URL's queries and body with 5, then 50 signatories (built once for the module)."""
    with built_once(django_db_blocker):
        cache.clear()
        directory = make_directory(make_home_page())
        client = Client()
        add_signatories(directory, 5)
        with_5 = {url: queries_of(client, url) for url in URLS}
        add_signatories(directory, 45, start=5)
        with_50 = {url: queries_of(client, url) for url in URLS}
        pages = {
            url: read(client.get(url)) for url in ("/participants/", "/participants/map.geojson")
        }
        yield {"queries": {url: (with_5[url], with_50[url]) for url in URLS}, "pages": pages}


@pytest.mark.parametrize("url", URLS)
def test_the_directory_its_map_exports_and_home_cost_the_same_queries_at_5_or_50(db, measured, url):
    with_5, with_50 = measured["queries"][url]
    print(f"{url}: {with_5} queries with 5 signatories, {with_50} with 50")
    assert with_5 == with_50


def test_the_directory_lists_one_page_and_leaves_the_map_to_its_data(db, measured):
    html = measured["pages"]["/participants/"]
    assert html.count('class="signatory-card"') == PAGE_SIZE
    assert "Town 000" in html and "Town 049" not in html  # on page 3, not in this page at all
    assert 'data-geojson-url="/participants/map.geojson"' in html
    assert "<strong>50</strong> signatories" in html


def test_the_map_data_is_compact_and_has_every_signatory(db, measured):
    body = measured["pages"]["/participants/map.geojson"]
    data = json.loads(body)
    assert body == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert len(data["features"]) == 50
    assert data["features"][0]["properties"]["name"] == "Town 000"  # in the directory's order


@pytest.fixture
def lyon(directory):
    return SignatoryPageFactory(parent=directory, title="City of Lyon", slug="city-of-lyon")


def names_on_map(client, query=""):
    features = json.loads(read(client.get(f"/participants/map.geojson{query}")))["features"]
    return [feature["properties"]["name"] for feature in features]


def test_a_signatory_feature_is_stored_when_its_page_is_saved(lyon):
    feature = MapFeature.objects.get(signatory=lyon)
    assert feature.head.startswith(f'{{"type":"Feature","id":{lyon.pk},')
    assert feature.tail.startswith('city-of-lyon/","country":"FR"')


def test_publishing_renaming_and_unpublishing_show_on_the_map_at_once(client, lyon):
    assert names_on_map(client) == ["City of Lyon"]
    lyon.title = "Lyon, capital of the Gauls"
    lyon.save_revision()  # a draft: the public map keeps the published name
    assert names_on_map(client) == ["City of Lyon"]
    lyon.save_revision().publish()
    assert names_on_map(client) == ["Lyon, capital of the Gauls"]
    SignatoryPage.objects.get(pk=lyon.pk).unpublish()
    assert names_on_map(client) == []


def test_deleting_a_signatory_removes_it_from_the_map(client, lyon):
    assert names_on_map(client) == ["City of Lyon"]
    lyon.delete()
    assert names_on_map(client) == []
    assert not MapFeature.objects.exists()


def test_a_new_address_for_the_directory_moves_every_map_link(client, directory, lyon):
    names_on_map(client)
    directory.slug = "signatories"
    directory.save_revision().publish()
    features = json.loads(read(client.get("/signatories/map.geojson")))["features"]
    assert features[0]["properties"]["url"] == "http://testserver/signatories/city-of-lyon/"


def test_signatories_created_without_signals_are_mapped_all_the_same(client, directory, lyon):
    MapFeature.objects.all().delete()  # as after a bulk import, which sends no signal
    assert names_on_map(client, "?country=FR") == ["City of Lyon"]
    assert MapFeature.objects.filter(signatory=lyon).exists()


def test_the_map_status_turns_overdue_when_the_deadline_passes_without_any_save(
    client, lyon, monkeypatch
):
    record = status.refresh(lyon)
    record.stage, record.next_deadline = "action_plan", timezone.localdate()
    record.save()
    _, label = map_status(client)
    assert label == "Action plan in place"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert map_status(client) == ("overdue", "Overdue")


def test_putting_a_signatory_on_hold_greys_it_on_the_map_at_once(client, lyon):
    record = status.refresh(lyon)
    record.stage, record.next_deadline = "joined", timezone.localdate()
    record.save()
    assert map_status(client) == ("joined", "Joined")
    record.held = True
    record.save(update_fields=["held"])
    assert map_status(client) == ("on_hold", "On hold")


def map_status(client):
    properties = json.loads(read(client.get("/participants/map.geojson")))["features"][0][
        "properties"
    ]
    return properties["status"], properties["status_label"]


# The exports: streamed, and byte for byte what they were before they were streamed.

EXPECTED_CSV = (
    "id,name,url,profile,kind,kind_label,country,country_name,town,latitude,longitude,"
    "approximate,population,signed_on,website,ps,initiatives,public_contact_name,"
    "public_contact_email,public_contact_phone,status,status_label,actions_in_place,"
    "actions_planned,action_plan_accepted_on,last_report_on,reports,"
    "latest_professionals_trained,latest_children_and_families_reached,"
    "latest_services_set_up\r\n"
    '{ngo},"\'=HYPERLINK(""x""), ""Düsseldorf""",http://testserver/participants/dusseldorf/,'
    "organisation,ngo,NGO,DE,Germany,Strasbourg,51.1657,10.4515,true,,,,,0,,,,joined,Joined,"
    ",,,,0,,,\r\n"
    "{lyon},City of Lyon,http://testserver/participants/city-of-lyon/,authority,city,City,FR,"
    "France,Lyon,48.5734,7.7521,false,520000,2014-05-12,https://www.lyon.fr,"
    "prevention protection,2,,,'+33 4 00 00 00 00,joined,Joined,,,,,0,,,\r\n"
    "{far},Far away,http://testserver/participants/far-away/,authority,city,City,NZ,"
    "New Zealand,Strasbourg,,,,,2014-05-12,,,0,,,,joined,Joined,,,,,0,,,\r\n"
)
EXPECTED_JSON = """{
 "licence": {
  "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
  "url": "https://creativecommons.org/licenses/by/4.0/"
 },
 "source": "http://testserver/participants/",
 "generated": "GENERATED",
 "filters": {
  "country": "FR"
 },
 "count": 1,
 "signatories": [
  {
   "id": LYON,
   "name": "City of Lyon",
   "url": "http://testserver/participants/city-of-lyon/",
   "profile": "authority",
   "kind": "city",
   "kind_label": "City",
   "country": "FR",
   "country_name": "France",
   "town": "Lyon",
   "latitude": 48.5734,
   "longitude": 7.7521,
   "approximate": false,
   "population": 520000,
   "signed_on": "2014-05-12",
   "website": "https://www.lyon.fr",
   "ps": [
    "prevention",
    "protection"
   ],
   "initiatives": 2,
   "public_contact_name": "",
   "public_contact_email": "",
   "public_contact_phone": "+33 4 00 00 00 00",
   "status": "joined",
   "status_label": "Joined",
   "actions_in_place": [],
   "actions_planned": [],
   "action_plan_accepted_on": null,
   "last_report_on": null,
   "reports": 0,
   "latest_professionals_trained": null,
   "latest_children_and_families_reached": null,
   "latest_services_set_up": null
  }
 ]
}"""


@pytest.fixture
def exported(directory):
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
    ngo = SignatoryPageFactory(
        parent=directory,
        title='=HYPERLINK("x"), "Düsseldorf"',
        slug="dusseldorf",
        country="DE",
        profile="organisation",
        kind="ngo",
        latitude=None,
        longitude=None,
        signed_on=None,
    )
    far = SignatoryPageFactory(
        parent=directory, title="Far away", country="NZ", latitude=None, longitude=None
    )
    return {"lyon": lyon.pk, "ngo": ngo.pk, "far": far.pk}


def test_the_csv_export_is_streamed_with_the_same_bytes_as_before(client, exported):
    response = client.get("/participants/export.csv")
    assert response.streaming
    assert response.getvalue().decode() == EXPECTED_CSV.format(**exported)


def test_the_json_export_is_streamed_with_the_same_bytes_as_before(client, exported):
    response = client.get("/participants/export.json?country=FR")
    assert response.streaming
    body = response.getvalue().decode()
    generated = json.loads(body)["generated"]
    expected = EXPECTED_JSON.replace("GENERATED", generated).replace("LYON", str(exported["lyon"]))
    assert body == expected


def test_an_empty_json_export_is_still_the_same_json(client, exported):
    body = read(client.get("/participants/export.json?country=IS"))
    data = json.loads(body)
    assert data["count"] == 0 and data["signatories"] == []
    assert body == json.dumps(data, ensure_ascii=False, indent=1)


# The live figures and the main menu: cached, and emptied when a page is published.


def figure_text(client):
    html = read(client.get("/participants/"))
    figure = html.split('class="signatory-figures"', 1)[1].split("</p>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", figure).split())


def test_the_live_figure_is_counted_once_then_updated_on_publish(client, directory, lyon):
    read(client.get("/"))
    with CaptureQueriesContext(connection) as captured:
        read(client.get("/"))
    assert not [q for q in captured.captured_queries if "COUNT(DISTINCT" in q["sql"].upper()]
    before = figure_text(client)
    rome = SignatoryPageFactory(parent=directory, title="Rome", country="IT", live=False)
    rome.save_revision().publish()
    after = figure_text(client)
    assert before != after and "2 countries" in after


def test_the_main_menu_is_cached_and_follows_publishing(client, home_page, directory):
    directory.show_in_menus = True
    directory.save_revision().publish()
    schools = CampaignPageFactory(parent=home_page, title="Schools", show_in_menus=True)
    schools.save_revision().publish()
    header = read(client.get("/participants/")).split('class="main-nav__list"', 1)[1]
    assert ">Schools</a>" in header and 'aria-current="page"' in header.split("</ul>", 1)[0]
    with CaptureQueriesContext(connection) as captured:
        read(client.get("/participants/"))
    wheres = [q["sql"].split(" WHERE ", 1)[-1] for q in captured.captured_queries]
    assert not [where for where in wheres if '"show_in_menus"' in where]
    schools.unpublish()
    assert ">Schools</a>" not in read(client.get("/participants/")).split("</nav>", 1)[0]
