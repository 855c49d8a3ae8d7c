"""From application to signatory: the account and draft page made at e-mail confirmation, and
the secretariat's approval, refusal and trust.

What an approved signatory may do in the admin (its groups, collection, page permissions and
the review workflow) is granted by pact/signatory_rights/grants.py; docs/permissions.md says why.
Every function here is idempotent: running it twice, or two POSTs at once, changes nothing more.
"""

from anyascii import anyascii
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model

from accounts.models import ApplicationStatus, SignatoryApplication
from core.email import send_email
from core.public_urls import absolute_url
from monitoring.status import refresh as refresh_monitoring
from pact.models import SignatoryIndexPage, SignatoryPage
from pact.signatory_rights.grants import (
    ensure_groups_and_workflow,
    grant_signatory_rights,
    new_signatory_collection,
    new_signatory_group,
    set_trusted_publishing,
)


class ApprovalError(Exception):
    """The secretariat's action cannot be done as asked; the message says why, in plain words."""


def build_signatory_page(application):
    """A draft SignatoryPage under the directory, from the application; None without directory."""
    directory = SignatoryIndexPage.objects.first()
    if directory is None:
        return None
    with transaction.atomic():
        # Two confirmations at once would give their pages one tree path (an IntegrityError):
        # the directory's row is locked until the transaction ends, and read afresh under it.
        directory = SignatoryIndexPage.objects.select_for_update().get(pk=directory.pk)
        page = SignatoryPage(
            title=application.organisation_name,
            slug=find_available_slug(directory, _slug_for(application.organisation_name)),
            live=False,
            owner=application.user,
        )
        _copy_details(application, page)
        directory.add_child(instance=page)
        page.save_revision(user=application.user, log_action=True)
        application.page = page
        application.save(update_fields=["page"])
    return page


def _slug_for(name):
    """An ASCII address part from any name: "Łódź" gives "lodz"."""
    return slugify(anyascii(name or ""))[:200] or "signatory"


def _copy_details(application, page):
    page.title = application.organisation_name
    page.profile = application.profile
    page.kind = application.kind
    page.country = application.country
    page.town = application.town
    page.website = application.website
    page.contact_name = application.contact_name
    page.contact_role = application.contact_role
    page.contact_email = application.email
    page.contact_phone = application.contact_phone


def update_draft_page(application):
    """Carry corrections made by a pending signatory over to its draft page."""
    page = application.page
    if page is None or page.live:
        return
    page = page.specific
    _copy_details(application, page)
    page.slug = find_available_slug(
        page.get_parent(), _slug_for(page.title), ignore_page_id=page.pk
    )
    page.save_revision(user=application.user, log_action=True)


def _image_from_logo(application, collection):
    if not application.logo:
        return None
    Image = get_image_model()
    with application.logo.open("rb") as logo_file:
        image = Image(
            title=f"{application.organisation_name} logo",
            collection=collection,
            uploaded_by_user=application.user,
        )
        image.file.save(
            f"logo.{application.logo_format or 'png'}", ImageFile(logo_file), save=False
        )
        image.save()
    return image


def approve(application_id, reviewer):
    """Publish the signatory's page and give it its own group, collection and permissions.

    Returns (application, changed). A second call for an approved application changes nothing.
    """
    with transaction.atomic():
        application = SignatoryApplication.objects.select_for_update().get(pk=application_id)
        if application.status == ApplicationStatus.APPROVED:
            return application, False
        if application.user is None or application.status not in (
            ApplicationStatus.PENDING_REVIEW,
            ApplicationStatus.DECLINED,
        ):
            raise ApprovalError(
                "This signatory has not confirmed its e-mail address yet, so it cannot be approved."
            )
        ensure_groups_and_workflow()
        page = application.page.specific if application.page else build_signatory_page(application)
        if page is None:
            raise ApprovalError(
                "There is no signatory directory page yet. Create it (under the home page) "
                "and approve again."
            )
        user = application.user
        name = application.organisation_name

        collection = application.collection
        if collection is None:
            collection = new_signatory_collection(name)
            application.collection = collection
        if application.logo and page.logo_id is None:
            page.logo = _image_from_logo(application, collection)
        if page.signed_on is None:
            page.signed_on = timezone.localdate()
        page.owner = user
        page.save_revision(user=reviewer, log_action=True).publish(user=reviewer)
        page.refresh_from_db()

        group = application.group
        if group is None:
            group = new_signatory_group(application.pk, name)
            application.group = group
        grant_signatory_rights(user, group, page, collection, trusted=application.trusted)
        # Its monitoring record: the action plan's deadline counts from the day it signed.
        refresh_monitoring(page)
        user.display_name = name
        user.is_active = True
        user.save(update_fields=["display_name", "is_active"])

        application.status = ApplicationStatus.APPROVED
        application.decline_reason = ""
        application.reviewed_at = timezone.now()
        application.reviewed_by = reviewer
        application.save()
        send_email(
            "accounts/emails/approved",
            application.email,
            {
                "organisation_name": name,
                "admin_url": absolute_url("/admin/"),
                "page_url": page.get_full_url() or "",
                "password_reset_url": absolute_url("/account/password-reset/"),
            },
        )
    return application, True


def decline(application_id, reviewer, reason):
    """Refuse an application, e-mail the reason, keep the record and remove the draft page.

    The draft was never public; removing it keeps the directory's tree clean and frees its
    address. The application keeps everything the form asked, so approving later rebuilds it.
    Returns (application, changed).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalError("Give the reason: it is sent to the applicant.")
    with transaction.atomic():
        application = SignatoryApplication.objects.select_for_update().get(pk=application_id)
        if application.status == ApplicationStatus.DECLINED:
            return application, False
        if application.status != ApplicationStatus.PENDING_REVIEW:
            raise ApprovalError("Only a signatory waiting for review can be declined.")
        page = application.page
        if page is not None and not page.live:
            application.page = None
            application.save(update_fields=["page"])
            page.delete()
        application.status = ApplicationStatus.DECLINED
        application.decline_reason = reason
        application.reviewed_at = timezone.now()
        application.reviewed_by = reviewer
        application.save()
        send_email(
            "accounts/emails/declined",
            application.email,
            {
                "organisation_name": application.organisation_name,
                "reason": reason,
                "status_url": absolute_url("/account/"),
            },
        )
    return application, True


def set_trusted(application_id, trusted):
    """Let an approved signatory publish without review (trusted=True), or require review again."""
    with transaction.atomic():
        application = SignatoryApplication.objects.select_for_update().get(pk=application_id)
        if application.trusted == trusted:
            return application, False
        application.trusted = trusted
        application.save(update_fields=["trusted"])
        if (
            application.status == ApplicationStatus.APPROVED
            and application.group
            and application.page
        ):
            set_trusted_publishing(application.group, application.page, trusted)
    return application, True
