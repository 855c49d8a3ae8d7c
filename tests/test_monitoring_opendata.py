"""Open data of the Pact's monitoring (issue 19, part 4): the API's actions endpoint, the
signatories' status and checklist, the reports' fields, the ?status= filter everywhere, the
exports' new columns, the map's status and the directory's badges. The clock is frozen on the
day tests/monitoring_data.py counts from, where each sample signatory has a different status."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import SignatoryAction
from monitoring.status import Status
from pact.models import SignatoryPage
from pact.open_data import COLUMNS
from tests.factories import InitiativePageFactory, SignatoryPageFactory
from tests.monitoring_data import TODAY, build_monitoring

PAGES = "/api/v2/pages/"
ACTIONS = "/api/v2/actions/"
# The export's columns before issue 19: a contract, they stay first and in this order.
COLUMNS_BEFORE = [
    "id",
    "name",
    "url",
    "profile",
    "kind",
    "kind_label",
    "country",
    "country_name",
    "town",
    "latitude",
    "longitude",
    "approximate",
    "population",
    "signed_on",
    "website",
    "ps",
    "initiatives",
    "public_contact_name",
    "public_contact_email",
    "public_contact_phone",
]
TITLES = {
    "joined": "Joined town",
    "action_plan": "Planning town",
    "reporting": "Reporting town",
    "overdue": "Overdue town",
    "on_hold": "Held town",
}


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12), tick=False):
        assert datetime.date.today() == TODAY
        yield


@pytest.fixture
def data(directory, frozen):
    return build_monitoring(directory)


def api_items(client, params):
    response = client.get(PAGES, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def read_csv(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


# The API: signatories


def test_each_signatory_gives_its_status_and_its_label(client, data):
    items = api_items(
        client,
        {"type": "pact.SignatoryPage", "fields": "monitoring_status,monitoring_status_label"},
    )
    given = {
        item["title"]: (item["monitoring_status"], item["monitoring_status_label"])
        for item in items
    }
    assert given == {title: (status, str(Status(status).label)) for status, title in TITLES.items()}
    assert given["Planning town"] == ("action_plan", "Action plan in place")


def test_a_signatory_gives_its_approved_checklist_with_public_evidence_only(client, data):
    item = client.get(f"{PAGES}{data['action_plan'].pk}/").json()
    assert [row["code"] for row in item["actions"]] == [
        "prevention-training",
        "protection-helpline",
        "prosecution-child-house",
    ]  # the Pact's order; the retired action has left the checklist
    training, helpline, house = item["actions"]
    assert (training["state"], training["state_label"], training["year"]) == (
        "in_place",
        "In place",
        2025,
    )
    assert training["evidence"] == [
        {
            "id": data["evidence"].pk,
            "title": "Staff training",
            "url": "http://testserver/participants/planning-town/staff-training/",
        }
    ]  # the unpublished initiative it also names is not there
    assert (helpline["state"], helpline["year"]) == ("planned", 2027)
    assert (house["state"], house["note"], house["year"]) == ("not_started", "Not yet.", None)
    body = str(item)
    assert "Draft idea" not in body and "Private" not in body
    assert "private.person@example.org" not in body and "hold_note" not in body


def test_a_draft_of_the_checklist_stays_out_of_the_api_until_it_is_published(client, data):
    planning = SignatoryPage.objects.get(pk=data["action_plan"].pk)
    planning.action_items = [
        SignatoryAction(action=data["actions"]["house"], state="in_place", year=2026)
    ]
    revision = planning.save_revision()
    codes = [row["code"] for row in client.get(f"{PAGES}{planning.pk}/").json()["actions"]]
    assert "prevention-training" in codes  # still the approved rows
    revision.publish()
    rows = client.get(f"{PAGES}{planning.pk}/").json()["actions"]
    assert [(row["code"], row["state"]) for row in rows] == [
        ("prosecution-child-house", "in_place")
    ]


@pytest.mark.parametrize("status", list(TITLES))
def test_the_status_filter_lists_the_signatories_of_that_status(client, data, status):
    items = api_items(client, {"type": "pact.SignatoryPage", "status": status.upper()})
    assert [item["title"] for item in items] == [TITLES[status]]
    # Without type=, the filter lists signatories too.
    assert [item["title"] for item in api_items(client, {"status": status})] == [TITLES[status]]


def test_the_status_filter_combines_with_the_others(client, data):
    params = {"type": "pact.SignatoryPage", "status": "action_plan", "country": "DE"}
    assert [item["title"] for item in api_items(client, params)] == ["Planning town"]
    params["country"] = "FR"
    assert api_items(client, params) == []
    assert api_items(client, {"type": "pact.EventPage", "status": "joined"}) == []
    found = api_items(
        client, {"type": "pact.SignatoryPage", "status": "reporting", "search": "reporting"}
    )
    assert [item["title"] for item in found] == ["Reporting town"]


@pytest.mark.parametrize("value", ["late", "", "ongoing"])
def test_a_bad_status_is_a_400_naming_the_values(client, data, value):
    response = client.get(PAGES, {"type": "pact.SignatoryPage", "status": value})
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"status must be one of joined, action_plan, reporting, overdue, on_hold, not '{value}'."
        if value
        else "status must be one of joined, action_plan, reporting, overdue, on_hold, not ''."
    )


def test_initiatives_keep_their_own_status_filter(client, data):
    """A contract: ?status= of initiatives is their own field (planned, ongoing, completed)."""
    InitiativePageFactory(parent=data["joined"], title="Done", status="completed")
    items = api_items(client, {"type": "pact.InitiativePage", "status": "completed"})
    assert [item["title"] for item in items] == ["Done"]
    assert api_items(client, {"type": "pact.InitiativePage", "status": "reporting"}) == []


def test_listing_signatories_costs_the_same_queries_for_5_or_15(client, data, directory):
    params = {"type": "pact.SignatoryPage", "fields": "*", "limit": 100}

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGES, params).status_code == 200
        return len(captured.captured_queries)

    count()  # a first request saves the default monitoring periods
    with_5 = count()
    for number in range(10):
        signatory = SignatoryPageFactory(parent=directory, title=f"More town {number}")
        initiative = InitiativePageFactory(parent=signatory, ps=["prevention"])
        signatory.action_items = [
            SignatoryAction(
                action=data["actions"]["training"],
                state="in_place",
                year=2024,
                evidence=[initiative],
            )
        ]
        signatory.save()
    assert count() == with_5


# The API: possible actions and reports


def test_the_actions_endpoint_lists_every_action_retired_ones_included(client, data):
    response = client.get(ACTIONS)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["code"] for item in items] == [
        "prevention-training",
        "prevention-leaflets",
        "protection-helpline",
        "prosecution-child-house",
    ]
    leaflets = items[1]
    assert leaflets["retired_on"] == "2025-01-31" and leaflets["p"] == "prevention"
    assert items[0]["retired_on"] is None
    assert items[0]["meta"]["type"] == "monitoring.PossibleAction"
    detail = client.get(items[0]["meta"]["detail_url"]).json()
    assert detail["description"] == "<p>Teachers, coaches and <b>youth workers</b>.</p>"
    assert (detail["p_name"], detail["title"]) == (
        "Prevention",
        "Train staff who work with children",
    )


def test_the_actions_endpoint_filters_by_p_and_retirement(client, data):
    def codes(params):
        response = client.get(ACTIONS, params)
        assert response.status_code == 200, response.content
        return [item["code"] for item in response.json()["items"]]

    assert codes({"p": "Prevention"}) == ["prevention-training", "prevention-leaflets"]
    assert codes({"p": "prevention", "retired": "false"}) == ["prevention-training"]
    assert codes({"retired": "true"}) == ["prevention-leaflets"]
    assert codes({"code": "protection-helpline"}) == ["protection-helpline"]
    assert codes({"order": "-code"})[0] == "protection-helpline"
    for params, message in [
        ({"p": "x"}, "p must be one of prevention, protection, prosecution, participation"),
        ({"retired": "maybe"}, "retired must be true or false, not 'maybe'."),
        ({"search": "staff"}, "query parameter is not an operation or a recognised field"),
    ]:
        response = client.get(ACTIONS, params)
        assert response.status_code == 400 and message in response.json()["message"]
    assert client.get(f"{ACTIONS}999999/").status_code == 404


def test_a_report_gives_its_kind_figures_date_and_public_snapshot(client, data):
    items = api_items(
        client, {"type": "monitoring.MonitoringReportPage", "fields": "*", "order": "id"}
    )
    plan = next(item for item in items if item["signatory"]["title"] == "Planning town")
    assert (plan["kind"], plan["kind_label"], plan["accepted_on"]) == (
        "action_plan",
        "Action plan",
        "2025-08-01",
    )
    assert plan["professionals_trained"] == 12 and plan["services_set_up"] is None
    assert plan["signatory"]["url"] == "http://testserver/participants/planning-town/"
    # The snapshot's public keys only: not the evidence ids it happened to hold.
    assert plan["checklist"] == [
        {
            "code": "prevention-training",
            "p": "prevention",
            "title": "Train staff",
            "state": "planned",
            "year": 2025,
            "note": "",
        }
    ]
    progress = next(item for item in items if item["kind"] == "progress_report")
    assert progress["children_and_families_reached"] == 1200


def test_the_reports_of_an_unpublished_signatory_leave_the_api(client, data):
    data["reporting"].unpublish()
    items = api_items(client, {"type": "monitoring.MonitoringReportPage", "fields": "signatory"})
    assert {item["signatory"]["title"] for item in items} == {"Planning town"}


def test_the_openapi_description_documents_status_actions_and_reports(client, data):
    spec = client.get("/api/v2/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/v2/pages/"]["get"]["parameters"]}
    assert parameters["status"]["schema"]["enum"] == list(Status.values)
    assert "/api/v2/actions/" in spec["paths"] and "/api/v2/actions/{id}/" in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert {"monitoring_status", "monitoring_status_label", "actions"} <= set(
        schemas["SignatoryPage"]["properties"]
    )
    assert "MonitoringReportPage" in schemas
    assert schemas["SignatoryRecord"]["required"] == list(COLUMNS)
    export = spec["paths"]["/participants/export.csv"]["get"]["parameters"]
    assert "status" in {p["name"] for p in export}


# The exports and the map


def test_the_export_keeps_its_columns_and_appends_the_monitoring_ones(client, data):
    rows = read_csv(client.get("/participants/export.csv"))
    header = list(rows[0])
    assert header[: len(COLUMNS_BEFORE)] == COLUMNS_BEFORE
    assert header[len(COLUMNS_BEFORE) :] == [
        "status",
        "status_label",
        "actions_in_place",
        "actions_planned",
        "action_plan_accepted_on",
        "last_report_on",
        "reports",
        "latest_professionals_trained",
        "latest_children_and_families_reached",
        "latest_services_set_up",
    ]
    by_name = {row["name"]: row for row in rows}
    planning = by_name["Planning town"]
    assert (planning["status"], planning["status_label"]) == ("action_plan", "Action plan in place")
    assert planning["actions_in_place"] == "prevention-training"  # not the retired one
    assert planning["actions_planned"] == "protection-helpline"
    assert planning["action_plan_accepted_on"] == "2025-08-01"
    assert (planning["last_report_on"], planning["reports"]) == ("", "1")
    assert planning["latest_professionals_trained"] == "12"
    reporting = by_name["Reporting town"]
    assert (reporting["last_report_on"], reporting["reports"]) == ("2025-03-01", "2")
    assert (
        reporting["latest_professionals_trained"],
        reporting["latest_children_and_families_reached"],
        reporting["latest_services_set_up"],
    ) == ("40", "1200", "2")
    joined = by_name["Joined town"]
    assert (joined["status"], joined["actions_in_place"], joined["reports"]) == ("joined", "", "0")
    assert by_name["Held town"]["status"] == "on_hold"


def test_the_json_export_gives_lists_and_numbers(client, data):
    body = json.loads(client.get("/participants/export.json", {"status": "action_plan"}).getvalue())
    assert body["filters"] == {"status": "action_plan"}
    [planning] = body["signatories"]
    assert list(planning) == list(COLUMNS)
    assert planning["actions_in_place"] == ["prevention-training"]
    assert planning["actions_planned"] == ["protection-helpline"]
    assert planning["reports"] == 1 and planning["latest_children_and_families_reached"] is None


def test_the_outputs_never_hold_the_hold_note_or_private_contacts(client, data):
    for url in (
        "/participants/export.csv",
        "/participants/export.json",
        "/participants/map.geojson",
        f"{PAGES}?type=pact.SignatoryPage&fields=*",
        f"{PAGES}{data['on_hold'].pk}/",
        "/participants/",
        "/participants/held-town/",
    ):
        body = client.get(url).getvalue().decode()  # the exports are streamed
        assert "Private" not in body and "private.person@example.org" not in body, url


@pytest.mark.parametrize("url", ["/participants/export.csv", "/participants/map.geojson"])
def test_the_status_filter_of_the_exports_and_map(client, data, url):
    response = client.get(url, {"status": "overdue"})
    assert response.status_code == 200
    body = response.getvalue().decode()  # the export is streamed: read once
    assert "Overdue town" in body
    assert "Joined town" not in body
    bad = client.get(url, {"status": "late"})
    assert bad.status_code == 400
    assert bad.content.decode().startswith("status must be one of joined, action_plan, reporting")


def test_the_map_gives_each_place_its_status(client, data):
    features = client.get("/participants/map.geojson").json()["features"]
    statuses = {f["properties"]["name"]: f["properties"]["status"] for f in features}
    assert statuses == {title: status for status, title in TITLES.items()}
    held = next(f for f in features if f["properties"]["status"] == "on_hold")
    assert held["properties"]["status_label"] == "On hold"


# The directory and the signatory's page


def test_the_directory_filters_by_status_with_counts_and_shows_badges(client, data):
    html = client.get("/participants/", {"status": "overdue"}).content.decode()
    assert "<strong>1</strong> signatory" in html
    assert "Overdue town" in html and "Reporting town" not in html.split("Reuse this list")[0]
    assert '<option value="overdue" selected>Overdue (1)</option>' in html
    assert '<option value="reporting">Reporting (1)</option>' in html
    assert "Status: Overdue" in html  # the chip of the filter in force
    assert 'class="monitoring-status monitoring-status--overdue"' in html
    everyone = client.get("/participants/").content.decode()
    for status in Status:
        assert f"monitoring-status--{status.value}" in everyone
    assert "are shown grey on the map" in everyone


def test_a_bad_status_on_the_directory_is_dropped_with_a_notice(client, data):
    response = client.get("/participants/", {"status": "late", "country": "de"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "status must be one of joined, action_plan, reporting, overdue, on_hold" in html
    assert "Planning town" in html and "<strong>1</strong> signatory" in html


def test_the_signatory_page_shows_its_status(client, data):
    html = client.get("/participants/reporting-town/").content.decode()
    assert "<dt>Monitoring status</dt>" in html
    assert 'monitoring-status--reporting">Reporting</span>' in html


def test_the_directory_costs_no_query_per_badge(client, data, directory):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/participants/").status_code == 200
        return len(captured.captured_queries)

    count()
    before = count()
    for number in range(6):
        SignatoryPageFactory(parent=directory, title=f"More town {number}")
    count()  # the live figure and the menu are counted again once, after the change
    assert count() == before


@pytest.mark.parametrize(
    "url", ["/participants/export.csv", "/participants/export.json", "/participants/map.geojson"]
)
def test_the_exports_and_map_cost_the_same_queries_for_5_or_15_signatories(
    client, data, directory, url
):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"status": "joined"} if "json" in url else {}).status_code == 200
        return len(captured.captured_queries)

    count()
    before = count()
    for number in range(10):
        signatory = SignatoryPageFactory(
            parent=directory, title=f"More town {number}", signed_on=TODAY
        )
        signatory.action_items = [
            SignatoryAction(action=data["actions"]["helpline"], state="planned", year=2030)
        ]
        signatory.save()
    assert count() == before


def test_the_demo_shows_every_status_with_checklists_and_reports(client, demo_site):
    from collections import Counter

    rows = read_csv(client.get("/participants/export.csv"))
    statuses = Counter(row["status"] for row in rows)
    assert set(statuses) == set(Status.values)
    assert min(statuses.values()) >= 3  # real variety, not one of each
    assert sum(1 for row in rows if row["actions_in_place"]) >= len(rows) // 2
    assert sum(int(row["reports"]) for row in rows) >= 20
    reports = api_items(
        client, {"type": "monitoring.MonitoringReportPage", "fields": "narrative", "limit": 100}
    )
    assert reports and all("Sample data" in str(item["narrative"]) for item in reports)
    actions = client.get(ACTIONS, {"limit": 100}).json()["items"]
    assert {item["p"] for item in actions} == {
        "prevention",
        "protection",
        "prosecution",
        "participation",
    }
