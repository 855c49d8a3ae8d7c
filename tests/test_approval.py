"""The secretariat approves or declines signatories; approval gives the smallest set of rights;
e-mails go out through the retrying task."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

from accounts import approval
from accounts.models import ApplicationStatus
from core.email import send_email
from pact.models import SignatoryPage
from pact.signatory_rights import grants
from tests.factories import SignatoryApplicationFactory, make_signatory
from tests.joining import image_bytes, pdf_bytes
from tests.task_queue import mail_server_refusing

pytestmark = pytest.mark.django_db
LISTING = "/admin/accounts/signatoryapplication/"
BASE_DIR = Path(__file__).resolve().parent.parent


def page_permissions(group):
    return sorted(
        (p.page_id, p.permission.codename)
        for p in GroupPagePermission.objects.filter(group=group).select_related("permission")
    )


def collection_permissions(group):
    return sorted(
        (p.collection_id, p.permission.codename)
        for p in GroupCollectionPermission.objects.filter(group=group).select_related("permission")
    )


@pytest.fixture
def pending(directory):
    application = SignatoryApplicationFactory(organisation_name="City of Sampleton")
    approval.build_signatory_page(application)
    return application


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


# What exists on a fresh database


def test_groups_and_workflow_exist_after_migrate_with_the_smallest_rights(db):
    signatories = Group.objects.get(name="Signatories")
    assert [p.codename for p in signatories.permissions.all()] == ["access_admin"]
    assert not GroupPagePermission.objects.filter(group=signatories).exists()
    secretariat = Group.objects.get(name="Secretariat")
    codenames = set(secretariat.permissions.values_list("codename", flat=True))
    assert {"access_admin", "review_signatory", "view_signatoryapplication"} <= codenames
    assert not secretariat.permissions.filter(content_type__app_label="auth").exists()
    assert not any(c.endswith(("_user", "_group")) for c in codenames)
    assert Workflow.objects.filter(name="Secretariat review", active=True).exists()


def test_review_workflow_is_assigned_to_the_directory_once(directory):
    grants.ensure_secretariat_review_workflow()
    grants.ensure_secretariat_review_workflow()
    assignment = WorkflowPage.objects.get(page=directory)
    assert assignment.workflow.name == "Secretariat review"
    task = assignment.workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Secretariat"]
    assert Workflow.objects.filter(name="Secretariat review").count() == 1


# Approving


def test_approving_publishes_the_page_and_grants_only_its_own_page_and_collection(
    pending, secretariat_user
):
    application, changed = approval.approve(pending.pk, secretariat_user)

    assert changed and application.status == ApplicationStatus.APPROVED
    page = SignatoryPage.objects.get()
    assert page.live and page.signed_on is not None and page.owner == application.user
    collection = Collection.objects.get(name="Signatory: City of Sampleton")
    assert collection.get_parent() == Collection.get_first_root_node()
    group = application.group
    assert page_permissions(group) == [(page.pk, "add_page"), (page.pk, "change_page")]
    assert collection_permissions(group) == sorted(
        (collection.pk, c) for c in ["add_image", "choose_image", "add_document", "choose_document"]
    )
    assert not group.permissions.exists()
    user = application.user
    assert set(user.groups.values_list("name", flat=True)) == {"Signatories", group.name}
    assert user.has_perm("wagtailadmin.access_admin")
    assert not user.is_staff and not user.is_superuser
    assert user.get_full_name() == "City of Sampleton"
    [message] = mail.outbox
    assert message.to == [application.email]
    assert "http://testserver/admin/" in message.body


def test_approving_twice_changes_nothing_more(pending, secretariat_user, secretariat_client):
    url = f"{LISTING}approve/{pending.pk}/"
    secretariat_client.post(url)
    secretariat_client.post(url)

    assert Collection.objects.filter(name__startswith="Signatory:").count() == 1
    assert Group.objects.filter(name__startswith="Signatory ").count() == 1
    assert SignatoryPage.objects.get().revisions.count() == 2
    assert len(mail.outbox) == 1


def test_approve_and_decline_ask_for_confirmation_on_get(pending, secretariat_client):
    for action in ["approve", "decline"]:
        response = secretariat_client.get(f"{LISTING}{action}/{pending.pk}/")
        assert response.status_code == 200
        assert '<form method="post">' in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.PENDING_REVIEW
    assert mail.outbox == []


def test_a_signatory_cannot_approve_or_decline(directory, pending, client, superuser):
    other = make_signatory(directory, superuser, "Other Town")
    client.force_login(other.user)
    for action in ["approve", "decline", "trust", "commitment"]:
        response = client.post(f"{LISTING}{action}/{pending.pk}/", {"reason": "x"})
        assert response.status_code == 403
    assert client.get(LISTING).status_code == 403
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.PENDING_REVIEW


def test_approval_without_a_directory_says_what_to_do(home_page, secretariat_user):
    application = SignatoryApplicationFactory()
    with pytest.raises(approval.ApprovalError, match="no signatory directory page"):
        approval.approve(application.pk, secretariat_user)


def test_an_unconfirmed_application_cannot_be_approved(directory, secretariat_client):
    application = SignatoryApplicationFactory(
        status=ApplicationStatus.PENDING_VERIFICATION, user=None
    )
    response = secretariat_client.post(f"{LISTING}approve/{application.pk}/", follow=True)
    assert "has not confirmed its e-mail address" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING_VERIFICATION


def test_the_logo_sent_with_the_sign_up_becomes_an_image_in_its_collection(
    pending, secretariat_user
):
    pending.logo_format = "png"
    pending.logo.save("logo.png", ContentFile(image_bytes()), save=True)
    application, _ = approval.approve(pending.pk, secretariat_user)
    page = SignatoryPage.objects.get()
    assert page.logo.collection == application.collection
    assert get_image_model().objects.count() == 1


def test_a_trusted_signatory_may_publish_its_own_page_and_nothing_more(pending, secretariat_client):
    secretariat_client.post(f"{LISTING}approve/{pending.pk}/")
    secretariat_client.post(f"{LISTING}trust/{pending.pk}/", {"trusted": "1"})
    pending.refresh_from_db()
    page = pending.page
    assert pending.trusted
    assert page_permissions(pending.group) == sorted(
        (page.pk, c) for c in ["add_page", "change_page", "publish_page"]
    )
    secretariat_client.post(f"{LISTING}trust/{pending.pk}/", {"trusted": "0"})
    assert page_permissions(pending.group) == [(page.pk, "add_page"), (page.pk, "change_page")]


# Declining


def test_declining_needs_a_reason(pending, secretariat_client):
    response = secretariat_client.post(f"{LISTING}decline/{pending.pk}/", {"reason": "  "})
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.PENDING_REVIEW


def test_declining_emails_the_reason_keeps_the_record_and_removes_the_draft(
    pending, secretariat_client, client
):
    reason = "We could not confirm that Sampleton is a municipality & need the signed form."
    secretariat_client.post(f"{LISTING}decline/{pending.pk}/", {"reason": reason})
    secretariat_client.post(f"{LISTING}decline/{pending.pk}/", {"reason": reason})

    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.DECLINED
    assert pending.decline_reason == reason
    assert not SignatoryPage.objects.exists()
    [message] = mail.outbox
    assert message.to == [pending.email]
    assert reason in message.body
    client.force_login(pending.user)
    html = client.get("/account/").content.decode()
    assert "could not confirm that Sampleton is a municipality &amp; need" in html
    assert not pending.user.has_perm("wagtailadmin.access_admin")


def test_a_declined_signatory_can_still_be_approved_and_its_page_is_rebuilt(
    pending, secretariat_user
):
    approval.decline(pending.pk, secretariat_user, "Missing form")
    application, changed = approval.approve(pending.pk, secretariat_user)
    assert changed and application.page.live
    assert application.page.title == "City of Sampleton"


# The listing


def test_listing_filters_by_country_profile_and_status_and_searches(directory, secretariat_client):
    SignatoryApplicationFactory(organisation_name="Ville de Lyon", country="FR")
    SignatoryApplicationFactory(
        organisation_name="Kinderrechte e.V.", country="DE", profile="organisation", kind="ngo"
    )
    SignatoryApplicationFactory(
        organisation_name="Comune di Torino", country="IT", status=ApplicationStatus.DECLINED
    )

    def names(query):
        html = secretariat_client.get(f"{LISTING}?{query}").content.decode()
        return {n for n in ["Ville de Lyon", "Kinderrechte", "Comune di Torino"] if n in html}

    assert names("country=DE") == {"Kinderrechte"}
    assert names("profile__exact=organisation") == {"Kinderrechte"}
    assert names("status__exact=declined") == {"Comune di Torino"}
    assert names("q=lyon") == {"Ville de Lyon"}
    html = secretariat_client.get(LISTING).content.decode()
    assert "Approve" in html and "Decline" in html


def test_csv_export_lists_signatories_and_neutralises_formulas(directory, secretariat_client):
    SignatoryApplicationFactory(organisation_name='=HYPERLINK("http://evil.example","x")')
    response = secretariat_client.get(f"{LISTING}?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == 'attachment; filename="signatories.csv"'
    assert body.splitlines()[0].startswith("Organisation name,Profile,Kind,Country")
    assert "'=HYPERLINK" in body
    assert "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


def test_hostile_text_is_escaped_in_the_secretariat_listing(directory, secretariat_client):
    SignatoryApplicationFactory(
        organisation_name='<script>alert("x")</script><img src=x onerror=1>'
    )
    html = secretariat_client.get(LISTING).content.decode()
    assert "<script>alert(" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html


def test_signed_commitment_is_downloadable_by_the_secretariat_only(pending, secretariat_client):
    pending.commitment.save("c.pdf", ContentFile(pdf_bytes()), save=True)
    response = secretariat_client.get(f"{LISTING}commitment/{pending.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "/media/" not in pending.commitment.name


def test_the_secretariat_cannot_manage_users_or_groups(secretariat_client):
    for url in ["/admin/users/", "/admin/groups/", "/admin/users/new/", "/admin/groups/new/"]:
        response = secretariat_client.get(url)
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"].startswith("/admin/")
    assert not Permission.objects.filter(group__name="Secretariat", codename="change_user")


# E-mail: text and HTML, sent outside the request, retried on failure


class AlwaysFailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_emails_have_plain_text_and_html_bodies(db):
    send_email(
        "accounts/emails/declined",
        "a@example.org",
        {"organisation_name": "A & B", "reason": "<b>x</b>"},
    )
    [message] = mail.outbox
    assert "A & B" in message.body and "<b>x</b>" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "A &amp; B" in html and "&lt;b&gt;x" in html


def test_an_email_refuses_at_once_what_the_task_queue_could_not_store(db):
    # Production stores the context as JSON; development must fail the same way, not later.
    with pytest.raises(TypeError):
        send_email("accounts/emails/declined", "a@example.org", {"reason": object()})
    assert mail.outbox == []


def test_a_failed_email_is_retried_until_it_goes(settings, caplog):
    server = mail_server_refusing(settings, 2)
    send_email(
        "accounts/emails/declined", "a@example.org", {"organisation_name": "A", "reason": "r"}
    )
    assert server.failures == 2
    assert len(mail.outbox) == 1
    assert caplog.text.count("retrying") == 2


def test_a_failing_email_gives_up_after_the_configured_attempts(settings, caplog):
    settings.EMAIL_BACKEND = "tests.test_approval.AlwaysFailingBackend"
    settings.EMAIL_MAX_ATTEMPTS = 3
    send_email(
        "accounts/emails/declined", "a@example.org", {"organisation_name": "A", "reason": "r"}
    )
    assert mail.outbox == []
    assert caplog.text.count("retrying") == 2
    assert "failed 3 times; giving up" in caplog.text


def test_production_queues_tasks_in_the_database_for_the_db_worker():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pactsite.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "pact.example.org",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.management import get_commands; "
        "print(settings.TASKS['default']['BACKEND'], 'db_worker' in get_commands())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["django_tasks_db.DatabaseBackend", "True"], result.stderr


def test_prune_applications_forgets_expired_and_old_declined_sign_ups(directory):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import SignatoryApplication as Application

    old = timezone.now() - timedelta(days=400)
    expired = SignatoryApplicationFactory(status=ApplicationStatus.PENDING_VERIFICATION, user=None)
    fresh = SignatoryApplicationFactory(status=ApplicationStatus.PENDING_VERIFICATION, user=None)
    declined = SignatoryApplicationFactory(status=ApplicationStatus.DECLINED, reviewed_at=old)
    recent_declined = SignatoryApplicationFactory(
        status=ApplicationStatus.DECLINED, reviewed_at=timezone.now()
    )
    Application.objects.filter(pk=expired.pk).update(created_at=old)

    call_command("prune_applications")

    remaining = set(Application.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, recent_declined.pk}
    assert not type(declined.user).objects.filter(pk=declined.user.pk).exists()
