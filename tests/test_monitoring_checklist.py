"""Issue 19, part 1: the Pact's possible actions as data, and each signatory's checklist.

- the secretariat keeps the possible actions in the admin (by P, ordered, retired not deleted,
  identifier fixed once saved); signatories never reach that listing;
- the Pact page, /pact/<p>/ and the API's `sections` list them from the data;
- the data migration moves the actions of the Pact page's blocks into rows;
- a signatory fills in its checklist on its page's edit form (narrow admin), mistakes are
  explained with nothing typed lost, and nothing is public before the secretariat approves;
- the public page shows the checklist per P, with evidence linking only to public initiatives.
"""

import datetime
import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from wagtail.models import PageViewRestriction, WorkflowState

from core.four_ps import FOUR_PS
from monitoring.models import ActionState, PossibleAction, SignatoryAction
from pact.models import PactPage, SignatoryPage
from tests.factories import (
    InitiativePageFactory,
    PactPageFactory,
    PossibleActionFactory,
    SignatoryPageFactory,
    make_signatory,
    possible_actions,
)
from tests.joining import directory, secretariat_user, signatory_page_form  # noqa: F401

THIS_YEAR = datetime.date.today().year


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return " ".join(node.get_text(" ").split())


# The secretariat's listing of possible actions.

LISTING = "/admin/monitoring/possibleaction/"


def action_form(**overrides):
    data = {
        "p": "protection",
        "sort_order": "5",
        "title": "Open a helpline",
        "code": "protection-helpline",
        "description": '{"blocks": [], "entityMap": {}}',
        "cost": "low",
        "retired_on": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def secretariat_client(client, secretariat_user):  # noqa: F811
    client.force_login(secretariat_user)
    return client


def test_secretariat_lists_actions_by_p_in_the_pacts_order(secretariat_client):
    PossibleActionFactory(p="participation", title="Ask the children", sort_order=1)
    PossibleActionFactory(p="prevention", title="Train staff", sort_order=2)
    PossibleActionFactory(p="prevention", title="Talk to parents", sort_order=1)
    PossibleActionFactory(p="protection", title="Open a centre", sort_order=1)
    response = secretariat_client.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(t) for t in ("Talk to parents", "Train staff", "Open a centre")]
    assert order == sorted(order) and html.index("Ask the children") > order[-1]
    only_protection = secretariat_client.get(LISTING, {"p__exact": "protection"}).content.decode()
    assert "Open a centre" in only_protection and "Train staff" not in only_protection


def test_secretariat_adds_an_action_and_its_identifier_then_stays(secretariat_client):
    response = secretariat_client.post(LISTING + "create/", action_form())
    assert response.status_code == 302
    action = PossibleAction.objects.get(code="protection-helpline")
    response = secretariat_client.post(
        LISTING + f"edit/{action.pk}/",
        action_form(code="something-else", title="Open a helpline for children"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.code == "protection-helpline"
    assert action.title == "Open a helpline for children"
    edit = secretariat_client.get(LISTING + f"edit/{action.pk}/").content.decode()
    assert "it cannot change" in edit


def test_a_bad_identifier_is_explained_and_the_input_kept(secretariat_client):
    response = secretariat_client.post(LISTING + "create/", action_form(code="Helpline!"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Use lower-case letters, digits and hyphens" in html
    assert 'value="Open a helpline"' in html
    assert not PossibleAction.objects.exists()


def test_actions_are_retired_never_deleted(secretariat_client, superuser, client):
    action = PossibleActionFactory()
    response = secretariat_client.post(LISTING + f"delete/{action.pk}/")
    assert response.status_code in (302, 403)
    client.force_login(superuser)
    assert client.post(LISTING + f"delete/{action.pk}/").status_code in (302, 403)
    assert PossibleAction.objects.filter(pk=action.pk).exists()
    assert f"delete/{action.pk}/" not in client.get(LISTING).content.decode()
    response = secretariat_client.post(
        LISTING + f"edit/{action.pk}/",
        action_form(p=action.p, code=action.code, title=action.title, retired_on="2026-06-30"),
    )
    assert response.status_code == 302
    assert not PossibleAction.objects.current().filter(pk=action.pk).exists()
    retired = secretariat_client.get(LISTING, {"listed": "retired"}).content.decode()
    assert action.title in retired


def test_signatories_never_reach_the_listing(client, directory, secretariat_user):  # noqa: F811
    application = make_signatory(directory, secretariat_user, "Town of Listless")
    client.force_login(application.user)
    for url in (LISTING, LISTING + "create/"):
        assert client.get(url).status_code in (302, 403, 404)
    assert "Possible actions" not in client.get("/admin/").content.decode()


# The Pact page and its listings, from the data.


@pytest.fixture
def pact(home_page):
    possible_actions(per_p=2)
    PossibleActionFactory(p="prevention", title="A retired action", retired_on="2025-01-01")
    return PactPageFactory(parent=home_page)


def test_the_pact_page_lists_the_current_actions_of_each_p(
    client, pact, django_assert_max_num_queries
):
    PossibleAction.objects.filter(code="prevention-action-1").update(sort_order=999)
    with django_assert_max_num_queries(40):
        soup = soup_of(client.get("/pact/"))
    sections = soup.select("section.pact-section")
    assert [s["id"] for s in sections] == [p.slug for p in FOUR_PS]
    titles = [t.get_text(strip=True) for t in sections[0].select(".action__title")]
    assert titles == ["Prevention action 2", "Prevention action 1"]
    assert "A retired action" not in soup.get_text()
    assert soup.select_one("#action-prevention-action-2")


def test_the_p_listing_lists_its_actions(client, pact):
    soup = soup_of(client.get("/pact/protection/"))
    actions = soup.select(".p-actions .action__title")
    assert [a.get_text(strip=True) for a in actions] == [
        "Protection action 1",
        "Protection action 2",
    ]
    assert "Prevention action 1" not in soup.get_text()


def test_the_apis_sections_keep_their_shape_with_actions_from_the_data(client, pact):
    PossibleAction.objects.filter(code="protection-action-1").update(
        description="<p>Call <script>alert(1)</script>us.</p>", cost=""
    )
    body = client.get(f"/api/v2/pages/{pact.pk}/").json()
    sections = body["sections"]
    assert [s["type"] for s in sections] == [p.slug for p in FOUR_PS]
    protection = sections[1]["value"]
    assert set(protection) == {"p", "name", "url", "introduction", "actions"}
    assert protection["actions"][0] == {
        "title": "Protection action 1",
        "description": "<p>Call alert(1)us.</p>",
        "cost": None,
    }
    assert [a["title"] for a in sections[0]["value"]["actions"]] == [
        "Prevention action 1",
        "Prevention action 2",
    ]


def test_a_description_with_script_never_reaches_the_page(client, pact):
    PossibleActionFactory(
        p="participation",
        code="listen",
        title="Listen",
        description='<p onclick="x()">Hear <script>y()</script></p>',
    )
    soup = soup_of(client.get("/pact/"))
    description = soup.select_one("#action-listen .action__description")
    assert description.select("script, [onclick]") == []
    assert "Hear" in description.get_text()


def test_site_search_finds_the_pact_by_an_actions_words(client, pact):
    PossibleActionFactory(p="protection", title="Zebracrossing helpline")
    response = client.get("/search/", {"q": "Zebracrossing"})
    assert pact.title in response.content.decode()


# The data migration.


def test_the_migration_moves_the_blocks_actions_into_rows(home_page):
    migration = importlib.import_module(
        "monitoring.migrations.0002_checklist_actions_from_pact_page"
    )
    pact = PactPageFactory(parent=home_page)
    raw = [
        {
            "type": p.slug,
            "id": f"id-{p.slug}",
            "value": {
                "introduction": f"<p>{p.name}</p>",
                "actions": [
                    {
                        "type": "item",
                        "id": "a",
                        "value": {
                            "title": "Train staff!",
                            "description": "<p>x</p>",
                            "cost": "low",
                        },
                    },
                    {"type": "item", "id": "b", "value": {"title": "Train staff?", "cost": ""}},
                ],
            },
        }
        for p in FOUR_PS
    ]
    PactPage.objects.filter(pk=pact.pk).update(sections=raw)
    migration.actions_to_rows(django_apps, None)
    codes = list(PossibleAction.objects.in_pact_order().values_list("code", flat=True))
    assert codes[:2] == ["prevention-train-staff", "prevention-train-staff-2"]
    assert len(codes) == 8
    first = PossibleAction.objects.get(code="protection-train-staff")
    assert (first.title, first.description, first.cost) == ("Train staff!", "<p>x</p>", "low")
    stored = PactPage.objects.get(pk=pact.pk).sections.raw_data
    assert all("actions" not in section["value"] for section in stored)
    # Run again (an older database, or the demo after it), nothing doubles.
    migration.actions_to_rows(django_apps, None)
    assert PossibleAction.objects.count() == 8
    long = migration.code_for("prevention", "word " * 40, set())
    assert len(long) <= 60 and not long.endswith("-")


# The signatory's checklist in its narrow admin.


@pytest.fixture
def signed(directory, secretariat_user):  # noqa: F811
    """An approved signatory (reviewed by the secretariat), its two initiatives, and
    another signatory's initiative."""
    possible_actions(per_p=1)
    application = make_signatory(directory, secretariat_user, "City of Checkton")
    page = application.page.specific
    own = InitiativePageFactory(parent=page, title="Safe sports clubs", ps=["prevention"])
    draft = InitiativePageFactory(parent=page, title="Draft plan", live=False, ps=["prevention"])
    other_page = SignatoryPageFactory(parent=directory, title="Elsewhere")
    other = InitiativePageFactory(parent=other_page, title="Not yours", ps=["protection"])
    return {"user": application.user, "page": page, "own": own, "draft": draft, "other": other}


def checklist_data(**actions):
    """POST fields of the checklist: {code: (state, year, note, [evidence ids])}."""
    data = {}
    for action in PossibleAction.objects.current():
        state, year, note, evidence = actions.get(
            action.code.replace("-", "_"), ("not_started", "", "", [])
        )
        data[f"checklist-{action.code}.state"] = state
        data[f"checklist-{action.code}.year"] = str(year)
        data[f"checklist-{action.code}.note"] = note
        data[f"checklist-{action.code}.evidence"] = [str(pk) for pk in evidence]
    return data


def post_edit(client, page, checklist, action="action-submit"):
    """The signatory's edit form with `checklist`: submitted for review, or (action=None) saved
    as a draft."""
    data = signatory_page_form(page, **({action: "Submit"} if action else {}))
    data.update(checklist)
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_the_edit_form_shows_one_row_per_current_action_by_p(client, signed):
    PossibleActionFactory(p="prevention", code="gone", title="Retired one", retired_on="2020-01-01")
    client.force_login(signed["user"])
    soup = soup_of(client.get(f"/admin/pages/{signed['page'].pk}/edit/"))
    panel = soup.select_one(".checklist-panel")
    assert [h.get_text(strip=True) for h in panel.select("h3")] == [p.name for p in FOUR_PS]
    legends = [text_of(f.legend) for f in panel.select("fieldset.checklist-panel__action")]
    assert len(legends) == 4 and "Retired one" not in panel.get_text()
    assert "Safe sports clubs" in panel.get_text()
    assert "Draft plan (not published yet)" in panel.get_text()
    assert "Not yours" not in panel.get_text()


def test_a_signatory_submits_its_checklist_and_nothing_is_public_before_approval(
    client,
    signed,
    secretariat_user,  # noqa: F811
):
    page, own = signed["page"], signed["own"]
    client.force_login(signed["user"])
    response = post_edit(
        client,
        page,
        checklist_data(
            prevention_action_1=("in_place", 2019, "Every coach is trained.", [own.pk]),
            protection_action_1=("planned", THIS_YEAR + 1, "", []),
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    assert page.workflow_in_progress
    draft = page.get_latest_revision_as_object()
    rows = {row.action.code: row for row in draft.action_items.all()}
    assert set(rows) == {"prevention-action-1", "protection-action-1"}
    assert [i.pk for i in rows["prevention-action-1"].evidence.all()] == [own.pk]
    # Waiting for review: nothing in the database, nothing on the public page.
    assert not SignatoryAction.objects.filter(signatory=page).exists()
    client.logout()
    assert "Every coach is trained." not in client.get(page.url).content.decode()

    client.force_login(secretariat_user)
    state = WorkflowState.objects.active().for_instance(page).get()
    client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )
    client.logout()
    live = {row.action.code: row for row in SignatoryAction.objects.filter(signatory=page)}
    assert live["prevention-action-1"].state == ActionState.IN_PLACE
    assert live["prevention-action-1"].year == 2019
    assert live["protection-action-1"].state == ActionState.PLANNED
    soup = soup_of(client.get(page.url))
    checklist = soup.select_one(".signatory-checklist")
    assert "In place since 2019" in text_of(checklist)
    assert f"Planned for {THIS_YEAR + 1}" in text_of(checklist)
    assert checklist.select_one(f"a[href='{own.url}']")


def test_mistakes_are_explained_by_action_and_nothing_typed_is_lost(client, signed):
    page = signed["page"]
    client.force_login(signed["user"])
    response = post_edit(
        client,
        page,
        checklist_data(
            prevention_action_1=("planned", "", "We will train every coach.", []),
            protection_action_1=("in_place", THIS_YEAR + 3, "", []),
            prosecution_action_1=("in_place", 1850, "", []),
            participation_action_1=("in_place", 2020, "", [signed["other"].pk]),
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the target year, or choose “Not started”." in html
    assert f"for {THIS_YEAR + 3}, choose “Planned”" in html
    assert "Give a year from 2000 to 2100." in html
    assert "Choose among your own initiatives" in html
    assert "Check your actions of the Pact" in html
    assert "We will train every coach." in html
    assert f'value="{THIS_YEAR + 3}"' in html
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().action_items.count() == 0


def test_a_form_without_the_checklist_and_actions_not_shown_keep_their_rows(client, signed):
    page = signed["page"]
    first = PossibleAction.objects.get(code="prevention-action-1")
    page.action_items = [SignatoryAction(action=first, state="in_place", year=2018)]
    page.save_revision().publish()
    client.force_login(signed["user"])
    # An edit that sends no checklist field at all (an older form) keeps the checklist.
    response = client.post(f"/admin/pages/{page.pk}/edit/", signatory_page_form(page))
    assert response.status_code == 302
    draft = SignatoryPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [(r.action_id, r.year) for r in draft.action_items.all()] == [(first.pk, 2018)]
    # A form opened before the secretariat added an action, and before another was retired.
    data = checklist_data(protection_action_1=("planned", THIS_YEAR, "", []))
    PossibleAction.objects.filter(pk=first.pk).update(retired_on="2026-01-01")
    PossibleActionFactory(p="prevention", code="brand-new", title="Brand new")
    response = post_edit(client, page, data, action=None)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["form"].checklist.errors,
    )
    draft = SignatoryPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    kept = {row.action_id: row.year for row in draft.action_items.all()}
    assert kept[first.pk] == 2018
    assert PossibleAction.objects.get(code="protection-action-1").pk in kept


def test_not_started_with_nothing_said_leaves_no_row(client, signed):
    page = signed["page"]
    client.force_login(signed["user"])
    response = post_edit(
        client,
        page,
        checklist_data(
            prevention_action_1=("not_started", 2030, "", []),
            protection_action_1=("not_started", "", "We are looking into it.", []),
        ),
    )
    assert response.status_code == 302
    draft = SignatoryPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    rows = list(draft.action_items.all())
    assert [(row.action.code, row.year, row.note) for row in rows] == [
        ("protection-action-1", None, "We are looking into it.")
    ]


def test_a_forged_evidence_id_of_another_signatory_is_refused(client, signed):
    page = signed["page"]
    client.force_login(signed["user"])
    response = post_edit(
        client,
        page,
        checklist_data(prevention_action_1=("in_place", 2020, "", [signed["other"].pk, "x"])),
    )
    assert response.status_code == 200
    assert not SignatoryAction.objects.exists()


# The public page.


def test_the_public_checklist_links_only_to_initiatives_the_public_may_see(client, signed):
    page, own, draft = signed["page"], signed["own"], signed["draft"]
    private = InitiativePageFactory(parent=page, title="Private one", ps=["prevention"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    first = PossibleAction.objects.get(code="prevention-action-1")
    retired = PossibleActionFactory(code="old", title="Old action", retired_on="2020-01-01")
    third = PossibleAction.objects.get(code="participation-action-1")
    row = SignatoryAction(action=first, state="in_place", year=2017, note="Since <b>2017</b>")
    row.evidence = [own, draft, private]
    page.action_items = [
        row,
        SignatoryAction(action=retired, state="in_place", year=2010),
        SignatoryAction(action=third, state="not_started"),
    ]
    page.save_revision().publish()
    soup = soup_of(client.get(page.url))
    checklist = soup.select_one(".signatory-checklist")
    assert [h.get_text(strip=True) for h in checklist.select("h3")] == ["Prevention"]
    assert "Old action" not in checklist.get_text()
    links = [a.get_text(strip=True) for a in checklist.select(".signatory-checklist__evidence a")]
    assert links == ["Safe sports clubs"]
    assert "Since <b>2017</b>" in checklist.select_one(".signatory-checklist__note").get_text()
    assert checklist.select_one("a[href='/pact/prevention/#action-prevention-action-1']")


def test_a_signatory_without_a_checklist_shows_no_section(client, signed):
    assert not soup_of(client.get(signed["page"].url)).select(".signatory-checklist")


def test_the_public_page_costs_the_same_queries_with_more_rows(
    client, signed, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page, own = signed["page"], signed["own"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    rows = []
    for action in PossibleAction.objects.all()[:1]:
        row = SignatoryAction(action=action, state="in_place", year=2020)
        row.evidence = [own]
        rows.append(row)
    page.action_items = rows
    page.save_revision().publish()
    few = queries()
    rows = []
    for action in PossibleAction.objects.all():
        row = SignatoryAction(action=action, state="planned", year=2030)
        row.evidence = [own]
        rows.append(row)
    page.action_items = rows
    page.save_revision().publish()
    assert queries() == few


def test_the_secretariat_sees_the_checklist_change_when_comparing_revisions(
    client,
    signed,
    secretariat_user,  # noqa: F811
):
    page = signed["page"]
    before = page.latest_revision
    client.force_login(signed["user"])
    response = post_edit(
        client, page, checklist_data(prevention_action_1=("planned", 2031, "Coaches next.", []))
    )
    assert response.status_code == 302
    page.refresh_from_db()
    client.force_login(secretariat_user)
    compare = client.get(
        f"/admin/pages/{page.pk}/revisions/compare/{before.pk}...{page.latest_revision.pk}/"
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "Actions of the Pact: where you stand" in html
    assert "Prevention action 1" in html and "2031" in html and "Coaches next." in html
