"""The whole journey, for each profile: sign up, confirm, approval by the secretariat, login to
the admin, edit one's page, add an initiative, submit it, an editor approves, it is public."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import WorkflowState

from pact.models import InitiativePage, SignatoryPage
from tests.joining import commitment_upload, initiative_form, join_data, signatory_page_form

User = get_user_model()
pytestmark = pytest.mark.django_db

PROFILES = [
    {
        "profile": "authority",
        "organisation_name": "City of Sampleton",
        "kind": "city",
        "town": "Sampleton",
        "email": "mayor@sampleton.example",
    },
    {
        "profile": "organisation",
        "organisation_name": "Children First Network",
        "kind": "ngo",
        "town": "",
        "email": "director@childrenfirst.example",
    },
]


@pytest.mark.parametrize("answers", PROFILES, ids=["authority", "organisation"])
def test_from_sign_up_to_a_public_initiative(client, directory, secretariat_user, answers):
    # 1. Sign up, with the signed commitment for the organisation.
    data = join_data(**answers)
    if answers["profile"] == "organisation":
        data = {**join_data(**answers, authorised_to_sign=None), "commitment": commitment_upload()}
    assert client.post("/join/", data)["Location"] == "/join/check-your-inbox/"

    # 2. Confirm the address.
    link = re.search(r"http://testserver(/join/verify/\S+/)", mail.outbox[-1].body).group(1)
    assert client.post(link)["Location"] == "/account/"
    page = SignatoryPage.objects.get()
    assert not page.live
    assert "Waiting for the secretariat" in client.get("/account/").content.decode()
    client.logout()

    # 3. The secretariat approves from its listing.
    client.force_login(secretariat_user)
    listing = client.get("/admin/accounts/signatoryapplication/").content.decode()
    assert answers["organisation_name"] in listing
    application_pk = page.application.pk
    client.post(f"/admin/accounts/signatoryapplication/approve/{application_pk}/")
    page.refresh_from_db()
    assert page.live
    assert "has joined the Pact" in mail.outbox[-1].subject
    client.logout()

    # 4. The signatory logs in to the admin and lands on its dashboard.
    response = client.post(
        "/admin/login/", {"username": answers["email"].upper(), "password": "lantern-orchard-91"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    dashboard = client.get("/admin/").content.decode()
    assert "Your page" in dashboard and "Add an initiative" in dashboard

    # 5. It edits its own page and submits the change for review.
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        signatory_page_form(page, website="https://new.example", **{"action-submit": "Submit"}),
    )
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().website == "https://new.example"
    assert page.workflow_in_progress

    # 6. It adds an initiative under its page and submits it.
    response = client.post(
        f"/admin/pages/add/pact/initiativepage/{page.pk}/",
        initiative_form(**{"action-submit": "Submit"}),
    )
    assert response.status_code == 302, response.context["form"].errors
    initiative = InitiativePage.objects.get()
    assert initiative.get_parent().pk == page.pk and not initiative.live
    assert initiative.workflow_in_progress
    assert "Safe schools programme" in client.get("/admin/").content.decode()
    client.logout()

    # 7. An editor of the secretariat approves it.
    client.force_login(secretariat_user)
    state = WorkflowState.objects.active().for_instance(initiative).get()
    response = client.post(
        f"/admin/pages/workflow/action/{initiative.pk}/approve/{state.current_task_state.pk}/",
        {"comment": "Thank you, published."},
    )
    assert response.status_code in (200, 302)

    # 8. The initiative is public.
    initiative.refresh_from_db()
    assert initiative.live
    assert InitiativePage.objects.live().public().filter(pk=initiative.pk).exists()
    api = client.get(f"/api/v2/pages/{initiative.pk}/")
    assert api.status_code == 200 and api.json()["title"] == "Safe schools programme"
    client.logout()
    public = client.get(initiative.url)
    assert public.status_code == 200
    assert "Safe schools programme" in public.content.decode()
