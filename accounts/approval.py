"""From application to signatory: the account and draft page made at e-mail confirmation, the
secretariat's approval or refusal, and the groups, collection, permissions and workflow these
rely on (see /work/shared/PERMISSIONS.md for why it is built this way).

- "Signatories": one shared group holding only wagtailadmin.access_admin. Removing that one
  permission locks every signatory out at once.
- One group per approved signatory: add_page + change_page on its own SignatoryPage (plus
  publish_page when trusted), and add + choose for images and documents on its own collection.
- "Secretariat": the editors. Page rights on the whole tree, every image and document, the
  signatory listing with Approve/Decline; never users or groups (that would let an editor make
  itself a superuser).
- The "Secretariat review" workflow, a group approval task for the Secretariat, on the
  signatory directory: every signatory change is submitted, then approved or sent back.

Every function here is idempotent: running it twice, or two POSTs at once, changes nothing more.
"""

from anyascii import anyascii
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.emails import send_email
from accounts.models import ApplicationStatus, SignatoryApplication
from core.public_urls import absolute_url
from pact.models import SignatoryIndexPage, SignatoryPage

SIGNATORIES_GROUP = "Signatories"
SECRETARIAT_GROUP = "Secretariat"
SECRETARIAT_REVIEW = "Secretariat review"

SIGNATORY_PAGE_PERMISSIONS = ("add_page", "change_page")
TRUSTED_PAGE_PERMISSION = "publish_page"
SIGNATORY_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)
SECRETARIAT_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
)
SECRETARIAT_COLLECTION_PERMISSIONS = SIGNATORY_COLLECTION_PERMISSIONS + (
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
)
SECRETARIAT_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("accounts", "view_signatoryapplication"),
    ("accounts", "review_signatory"),
    # E-mail alert subscribers: listed and exported in the admin, never shown publicly.
    ("alerts", "view_subscription"),
)


class ApprovalError(Exception):
    """The secretariat's action cannot be done as asked; the message says why, in plain words."""


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return _permission("wagtailcore", codename)


def ensure_signatories_group():
    """The shared group of approved signatories: admin access, nothing else."""
    group, _ = Group.objects.get_or_create(name=SIGNATORIES_GROUP)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


def ensure_secretariat_group():
    """The secretariat's editors: the whole page tree and media, the signatory listing."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    group.permissions.add(*(_permission(a, c) for a, c in SECRETARIAT_MODEL_PERMISSIONS))
    root_page = Page.get_first_root_node()
    if root_page:
        for codename in SECRETARIAT_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_page_permission(codename)
            )
    root_collection = Collection.get_first_root_node()
    if root_collection:
        for app_label, codename in SECRETARIAT_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(app_label, codename),
            )
    return group


def ensure_secretariat_review_workflow():
    """The "Secretariat review" workflow, assigned to the directory page when it exists."""
    secretariat = ensure_secretariat_group()
    task = GroupApprovalTask.objects.filter(name=SECRETARIAT_REVIEW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=SECRETARIAT_REVIEW)
    task.groups.add(secretariat)
    workflow = Workflow.objects.filter(name=SECRETARIAT_REVIEW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=SECRETARIAT_REVIEW, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    directory = SignatoryIndexPage.objects.first()
    if directory and not WorkflowPage.objects.filter(page=directory).exists():
        WorkflowPage.objects.create(page=directory, workflow=workflow)
    return workflow


def ensure_groups_and_workflow(**kwargs):
    """Everything joining relies on; run after every migrate, by load_demo and at approval."""
    ensure_signatories_group()
    ensure_secretariat_review_workflow()


def build_signatory_page(application):
    """A draft SignatoryPage under the directory, from the application; None without directory."""
    directory = SignatoryIndexPage.objects.first()
    if directory is None:
        return None
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


def _grant_page_permissions(group, page, trusted):
    for codename in SIGNATORY_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )
    publish = GroupPagePermission.objects.filter(
        group=group, page=page, permission=_page_permission(TRUSTED_PAGE_PERMISSION)
    )
    if trusted and not publish.exists():
        GroupPagePermission.objects.create(
            group=group, page=page, permission=_page_permission(TRUSTED_PAGE_PERMISSION)
        )
    elif not trusted:
        publish.delete()


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
            collection = Collection.get_first_root_node().add_child(name=f"Signatory: {name}")
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
            group = Group.objects.create(name=f"Signatory {application.pk}: {name}"[:150])
            application.group = group
        _grant_page_permissions(group, page, application.trusted)
        for app_label, codename in SIGNATORY_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app_label, codename)
            )
        user.groups.add(ensure_signatories_group(), group)
        user.display_name = name
        user.is_active = True
        user.save(update_fields=["display_name", "is_active"])

        application.status = ApplicationStatus.APPROVED
        application.decline_reason = ""
        application.reviewed_at = timezone.now()
        application.reviewed_by = reviewer
        application.save()
        send_email(
            "approved",
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
            "declined",
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
            _grant_page_permissions(application.group, application.page, trusted)
    return application, True
