"""Issue 16, items 3, 4 and 7: what the narrow admin still leaked to signatory A, done as the
attacker did it, with the state checked afterwards.

3. the explorer's Owner and Edited by filters listed pending and declined applicants by name;
4. /admin/choose-page/chosen-multiple/?id=... answered the title of any page, drafts included;
7. a refused admin-API publish saved a revision by A on the directory page.
"""

import json

import pytest
from wagtail.models import Page, Revision

from accounts import approval
from tests.factories import InitiativePageFactory, make_signatory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(directory, superuser):
    a = make_signatory(directory, superuser, "Town A")
    b = make_signatory(directory, superuser, "Town B")
    pending = make_signatory(directory, superuser, "Pending Applicant Org", approve=False)
    declined = make_signatory(directory, superuser, "Declined Applicant Org", approve=False)
    declined.page.save_revision(user=declined.user, log_action=True)
    approval.decline(declined.pk, superuser, "Not a local authority.")
    b_draft = InitiativePageFactory(
        parent=b.page, title="B secret draft initiative", live=False, owner=b.user
    )
    b_draft.save_revision(user=b.user, log_action=True)
    campaign = Page(title="Campaign secret draft", slug="campaign-draft", live=False)
    directory.get_parent().add_child(instance=campaign)
    campaign.save_revision(user=superuser, log_action=True)
    a_live = InitiativePageFactory(parent=a.page, title="A live initiative")
    a_live.save_revision(user=a.user, log_action=True).publish()
    return {
        "a": a,
        "b": b,
        "pending": pending,
        "declined": declined,
        "b_draft": b_draft,
        "campaign": campaign,
        "a_live": a_live,
        "directory": directory,
    }


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"].user)
    return client


# Item 3: the explorer's user filters


@pytest.mark.parametrize(
    "url_of", [lambda w: f"/admin/pages/{w['a'].page.pk}/", lambda w: "/admin/pages/search/?q=town"]
)
def test_explorer_user_filters_list_no_other_signatory_or_applicant(as_a, world, url_of):
    response = as_a.get(url_of(world))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Pending Applicant Org", "Declined Applicant Org", "Town B"):
        assert name not in html
    # The filters are there, with A itself.
    if "search" not in url_of(world):
        assert 'name="owner"' in html and "Town A" in html


def test_a_cannot_filter_by_an_applicant_typed_in_the_address(as_a, world):
    pending = world["pending"].user.pk
    response = as_a.get(
        f"/admin/pages/{world['a'].page.pk}/results/?owner={pending}&edited_by={pending}"
    )
    assert response.status_code in (200, 400)
    assert "Pending Applicant Org" not in response.content.decode()


def test_the_secretariat_still_filters_by_every_owner(client, world, superuser):
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{world['directory'].pk}/").content.decode()
    assert "Pending Applicant Org" in html and "Town B" in html


# Item 4: chosen-multiple


def _chosen(client, *ids):
    query = "&".join(f"id={pk}" for pk in ids)
    response = client.get(f"/admin/choose-page/chosen-multiple/?{query}")
    assert response.status_code == 200
    return response, json.loads(response.content)["result"]


def test_chosen_multiple_answers_only_pages_a_may_choose(as_a, world):
    secret = [world["b_draft"], world["campaign"], world["pending"].page]
    response, result = _chosen(
        as_a, *(page.pk for page in secret), world["a_live"].pk, world["b"].page.pk
    )
    assert sorted(item["id"] for item in result) == sorted([world["a_live"].pk, world["b"].page.pk])
    body = response.content.decode()
    for page in secret:
        assert page.title not in body


def test_chosen_multiple_ignores_ids_that_are_no_page_id(as_a, world):
    response = as_a.get("/admin/choose-page/chosen-multiple/?id=abc&id=99999999999&id=-1")
    assert response.status_code == 200
    assert json.loads(response.content)["result"] == []


def test_the_secretariat_chooses_any_page(client, world, superuser):
    client.force_login(superuser)
    _, result = _chosen(client, world["campaign"].pk, world["b_draft"].pk)
    assert {item["adminTitle"] for item in result} == {
        "Campaign secret draft",
        "B secret draft initiative",
    }


def test_chosen_multiple_needs_admin_access(client, world):
    response = client.get(f"/admin/choose-page/chosen-multiple/?id={world['campaign'].pk}")
    assert response.status_code == 302
    assert "Campaign secret draft" not in response.content.decode()


# Item 7: a refused admin-API publish writes nothing


def _state(page):
    page.refresh_from_db()
    return (
        Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        page.latest_revision_id,
        page.has_unpublished_changes,
        page.live,
        page.last_published_at,
    )


@pytest.mark.parametrize("target", ["directory", "b_draft", "campaign", "home"])
def test_refused_admin_api_publish_saves_no_revision(as_a, world, target):
    page = world["directory"].get_parent() if target == "home" else world[target]
    if target == "directory":
        # As load_demo and the migrations leave it: a live page without any revision, where
        # Wagtail's action saved one (by A) before asking whether A may publish.
        Revision.page_revisions.filter(object_id=str(page.pk)).delete()
        Page.objects.filter(pk=page.pk).update(latest_revision=None, live_revision=None)
    before = _state(page)
    response = as_a.post(f"/admin/api/main/pages/{page.pk}/action/publish/")
    assert response.status_code in (403, 404)
    assert _state(page) == before
    assert not Revision.page_revisions.filter(user=world["a"].user, object_id=str(page.pk)).exists()


def test_a_signatory_publishing_its_own_page_by_the_api_is_refused_and_writes_nothing(as_a, world):
    page = world["a"].page
    before = _state(page)
    response = as_a.post(f"/admin/api/main/pages/{page.pk}/action/publish/")
    assert response.status_code == 403
    assert _state(page) == before


def test_the_secretariat_still_publishes_by_the_admin_api(client, world, superuser):
    client.force_login(superuser)
    page = world["campaign"]
    response = client.post(f"/admin/api/main/pages/{page.pk}/action/publish/")
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.live
