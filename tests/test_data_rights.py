"""Personal-data rights (privacy/): a signatory and an alerts subscriber download what the
platform holds about them; a signatory asks for deletion and the secretariat carries it out;
unconfirmed alert subscriptions are pruned; /privacy/ says all of it.

Each attack does what the attacker would and checks the database and files afterwards."""

import json
import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from accounts.models import SignatoryApplication
from accounts.two_factor import enrol
from alerts import tokens
from alerts.models import DigestDelivery, Subscription
from pact.models import SignatoryPage
from pact.signatory_rights.grants import SECRETARIAT_GROUP
from privacy.models import DeletionRequest, DeletionStatus
from tests.factories import ImageFactory, InitiativePageFactory, make_signatory
from tests.joining import image_bytes

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def signatory_a(directory, secretariat_user):
    application = make_signatory(directory, secretariat_user, "City of Alphaville")
    InitiativePageFactory(parent=application.page, title="Alphaville safe schools")
    ImageFactory(
        title="Alphaville town hall",
        collection=application.collection,
        uploaded_by_user=application.user,
    )
    application.logo.save("logo.png", ContentFile(image_bytes()), save=False)
    application.logo_format = "png"
    application.save()
    Subscription.objects.create(email=application.email, confirmed_at=timezone.now())
    return application


@pytest.fixture
def signatory_b(directory, secretariat_user):
    application = make_signatory(directory, secretariat_user, "Borough of Betatown")
    InitiativePageFactory(parent=application.page, title="Betatown helpline")
    return application


def download(client):
    response = client.get("/account/my-data/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


# Download


def test_a_signatory_downloads_everything_held_about_it_and_nothing_else(
    client, signatory_a, signatory_b
):
    enrol(signatory_a.user)
    client.force_login(signatory_a.user)
    data = download(client)

    assert data["account"]["email"] == signatory_a.email
    assert data["sign_up"]["contact_name"] == signatory_a.contact_name
    assert data["sign_up"]["organisation_name"] == "City of Alphaville"
    assert data["sign_up"]["logo_sent"] is True
    titles = [page["title"] for page in data["pages"]]
    assert titles == ["City of Alphaville", "Alphaville safe schools"]
    assert [image["title"] for image in data["images"]] == ["Alphaville town hall"]
    assert data["email_alerts"]["email"] == signatory_a.email
    assert data["two_step_login"] == {"on": True, "recovery_codes_left": 10}

    text = json.dumps(data)
    assert "Betatown" not in text and signatory_b.email not in text
    # No secret: the password hash, the authenticator key, the recovery codes.
    assert signatory_a.user.password not in text
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert TOTPDevice.objects.get(user=signatory_a.user).key not in text
    for token in StaticToken.objects.filter(device__user=signatory_a.user):
        assert token.token not in text


def test_a_pending_applicant_downloads_its_sign_up(client, directory):
    from tests.factories import SignatoryApplicationFactory

    application = SignatoryApplicationFactory(organisation_name="Pending Parish")
    client.force_login(application.user)
    data = download(client)
    assert data["sign_up"]["status"] == "pending_review"
    assert data["pages"] == []


def test_a_visitor_downloads_nothing(client, signatory_a):
    response = client.get("/account/my-data/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert signatory_a.email.encode() not in response.content


def test_a_subscriber_downloads_its_data_from_its_manage_link(client, home_page):
    subscription = Subscription.objects.create(
        email="reader@example.org", ps=["prevention"], confirmed_at=timezone.now()
    )
    Subscription.objects.create(email="someone-else@example.org")
    DigestDelivery.objects.create(subscription=subscription, page=home_page, sent_at=timezone.now())
    manage = client.get(f"/alerts/manage/{tokens.manage_token(subscription)}/")
    assert f"/alerts/my-data/{tokens.manage_token(subscription)}/" in manage.content.decode()

    response = client.get(f"/alerts/my-data/{tokens.manage_token(subscription)}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)["email_alerts"]
    assert data["email"] == "reader@example.org"
    assert data["ps"] == ["prevention"]
    assert [sent["page"] for sent in data["pages_sent"]] == [home_page.title]
    assert "someone-else" not in response.content.decode()


@pytest.mark.parametrize(
    "token", ["nonsense", "1.abcdef:forged", tokens.manage_token(Subscription(pk=1, token_key="x"))]
)
def test_a_forged_subscriber_link_gives_nothing(client, token):
    Subscription.objects.create(email="reader@example.org")
    response = client.get(f"/alerts/my-data/{token}/")
    assert response.status_code == 404
    assert b"reader@example.org" not in response.content


# Asking for deletion


def test_asking_for_deletion_needs_the_box_ticked_and_makes_one_request(client, signatory_a):
    client.force_login(signatory_a.user)
    assert client.get("/account/my-data/").status_code == 200

    refused = client.post("/account/my-data/", {"message": "Please remove us."})
    assert refused.status_code == 400
    assert "Tick the box" in refused.content.decode()
    assert "Please remove us." in refused.content.decode()  # what was typed is kept
    assert not DeletionRequest.objects.exists()

    for _ in range(3):
        response = client.post("/account/my-data/", {"message": "We left.", "confirm": "on"})
        assert response.status_code == 302
    request = DeletionRequest.objects.get()
    assert request.user == signatory_a.user
    assert request.organisation_name == "City of Alphaville"
    assert request.status == DeletionStatus.PENDING
    assert [m.to for m in mail.outbox if "Deletion request" in m.subject] == [
        ["secretariat@example.org"]
    ]
    # Nothing is deleted until the secretariat carries it out.
    assert User.objects.filter(pk=signatory_a.user.pk).exists()
    assert (
        "You asked for your data to be deleted" in client.get("/account/my-data/").content.decode()
    )


def test_the_database_holds_one_pending_request_per_account(signatory_a):
    DeletionRequest.objects.create(user=signatory_a.user, email=signatory_a.email)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeletionRequest.objects.create(user=signatory_a.user, email=signatory_a.email)


def test_an_editor_cannot_ask_for_its_own_deletion_here(client, secretariat_user):
    client.force_login(secretariat_user)
    client.post("/account/my-data/", {"confirm": "on"})
    assert not DeletionRequest.objects.exists()


# Carrying it out


def execute_url(request):
    return f"/admin/privacy/deletionrequest/execute/{request.pk}/"


def test_the_secretariat_lists_the_requests_and_signatories_do_not(
    client, signatory_a, signatory_b, secretariat_user
):
    request = DeletionRequest.objects.create(
        user=signatory_a.user, email=signatory_a.email, organisation_name="City of Alphaville"
    )
    client.force_login(secretariat_user)
    listing = client.get("/admin/privacy/deletionrequest/")
    assert listing.status_code == 200
    assert "City of Alphaville" in listing.content.decode()
    assert execute_url(request) in listing.content.decode()

    client.force_login(signatory_b.user)
    for path in ["/admin/privacy/deletionrequest/", execute_url(request)]:
        response = client.get(path)
        assert response.status_code in (302, 403, 404)
        assert b"Alphaville" not in response.content


def test_a_signatory_cannot_carry_out_a_deletion(client, signatory_a, signatory_b):
    """B forges the secretariat's POST to delete A: nothing happens."""
    request = DeletionRequest.objects.create(user=signatory_a.user, email=signatory_a.email)
    client.force_login(signatory_b.user)
    response = client.post(execute_url(request))
    assert response.status_code in (302, 403, 404)
    assert User.objects.filter(pk=signatory_a.user.pk).exists()
    assert SignatoryPage.objects.filter(pk=signatory_a.page_id).exists()
    request.refresh_from_db()
    assert request.status == DeletionStatus.PENDING


def test_the_secretariat_carries_out_a_deletion(
    client, signatory_a, signatory_b, secretariat_user, django_capture_on_commit_callbacks
):
    user = signatory_a.user
    page_ids = list(signatory_a.page.get_descendants(inclusive=True).values_list("pk", flat=True))
    collection_id, group_id = signatory_a.collection_id, signatory_a.group_id
    image = get_image_model().objects.get(collection_id=collection_id)
    image_path, logo_path = image.file.path, signatory_a.logo.path
    assert os.path.exists(image_path) and os.path.exists(logo_path)
    client.force_login(user)
    client.post("/account/my-data/", {"confirm": "on"})
    request = DeletionRequest.objects.get()

    client.force_login(secretariat_user)
    confirm = client.get(execute_url(request))
    assert confirm.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()  # GET only asks

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(execute_url(request))
    assert response.status_code == 302

    assert not User.objects.filter(pk=user.pk).exists()
    assert not SignatoryApplication.objects.filter(pk=signatory_a.pk).exists()
    assert not Page.objects.filter(pk__in=page_ids).exists()
    assert not Collection.objects.filter(pk=collection_id).exists()
    assert not Group.objects.filter(pk=group_id).exists()
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not Subscription.objects.filter(email=signatory_a.email).exists()
    assert not os.path.exists(image_path)
    assert not os.path.exists(logo_path)
    request.refresh_from_db()
    assert request.status == DeletionStatus.DONE
    assert request.email == "" and request.user is None
    assert request.executed_by == secretariat_user
    assert request.organisation_name == "City of Alphaville"
    assert [m.to for m in mail.outbox] == [[signatory_a.email]]
    # B is untouched.
    assert SignatoryPage.objects.filter(pk=signatory_b.page_id).exists()
    assert signatory_b.page.get_children().filter(title="Betatown helpline").exists()
    assert User.objects.filter(pk=signatory_b.user_id).exists()

    # Twice is harmless.
    again = client.post(execute_url(request))
    assert again.status_code == 302
    assert DeletionRequest.objects.count() == 1


def test_an_administrator_is_never_deleted_this_way(client, secretariat_user, superuser):
    request = DeletionRequest.objects.create(user=superuser, email=superuser.email)
    client.force_login(secretariat_user)
    client.post(execute_url(request))
    assert User.objects.filter(pk=superuser.pk).exists()
    request.refresh_from_db()
    assert request.status == DeletionStatus.PENDING


def test_the_secretariat_holds_the_deletion_rights(secretariat_user):
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_deletionrequest", "execute_deletionrequest"} <= codenames
    assert not {"add_deletionrequest", "change_deletionrequest"} & codenames


# Pruning unconfirmed subscriptions


def test_unconfirmed_subscriptions_are_pruned_after_their_link_expires():
    old = timezone.now() - tokens.CONFIRMATION_MAX_AGE - timedelta(hours=1)
    expired = Subscription.objects.create(email="never@example.org")
    fresh = Subscription.objects.create(email="soon@example.org")
    confirmed = Subscription.objects.create(email="kept@example.org", confirmed_at=old)
    Subscription.objects.filter(pk__in=[expired.pk, confirmed.pk]).update(created_at=old)

    call_command("prune_alert_subscriptions")
    call_command("prune_alert_subscriptions")  # safe to run twice

    remaining = set(Subscription.objects.values_list("email", flat=True))
    assert remaining == {fresh.email, confirmed.email}


# The notice


def test_the_privacy_notice_says_all_of_this(client):
    html = client.get("/privacy/").content.decode()
    for words in [
        "/account/my-data/",
        "Have it deleted",
        "within one month",
        "seven days",
        "Unsubscribing deletes your address",
        "two-step login",
        "Choose your topics",
    ]:
        assert words in html, words
