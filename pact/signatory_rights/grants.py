"""The rights signatories and the secretariat hold, and the workflow their changes go through.

- "Signatories": one shared group holding only wagtailadmin.access_admin. Removing that one
  permission locks every signatory out at once.
- One group per approved signatory: add_page + change_page on its own SignatoryPage (plus
  publish_page when trusted), and add + choose for images and documents on its own collection.
- "Secretariat": the editors. Page rights on the whole tree, every image and document, the
  signatory listing with Approve/Decline; never users or groups (that would let an editor make
  itself a superuser).
- The "Secretariat review" workflow, a group approval task for the Secretariat, on the
  signatory directory: every signatory change is submitted, then approved or sent back.

docs/permissions.md says why. Every function here is idempotent: running it twice, or two
approvals at once, changes nothing more.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import F, Q
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

from pact.models import SignatoryIndexPage

SIGNATORIES_GROUP = "Signatories"
SECRETARIAT_GROUP = "Secretariat"
SECRETARIAT_REVIEW = "Secretariat review"

SIGNATORY_PAGE_PERMISSIONS = ("add_page", "change_page")
# The page permission a signatory's own page is found by (signatories.own_signatory_page).
OWN_PAGE_PERMISSION = "change_page"
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
    # Deletion requests (privacy/): listed, and carried out from the listing.
    ("privacy", "view_deletionrequest"),
    ("privacy", "execute_deletionrequest"),
    # Monitoring (monitoring/): the dashboard, putting a signatory on hold, the periods.
    ("monitoring", "view_signatorymonitoring"),
    ("monitoring", "change_signatorymonitoring"),
    ("monitoring", "change_monitoringsettings"),
    # Each country's standing under the Lanzarote Convention, shown on the country pages.
    ("monitoring", "add_lanzarotestatus"),
    ("monitoring", "change_lanzarotestatus"),
    ("monitoring", "delete_lanzarotestatus"),
    ("monitoring", "view_lanzarotestatus"),
    # The Pact's possible actions (monitoring/wagtail_hooks.py): listed, added, edited and
    # retired; never deleted (no one holds delete_possibleaction, and the listing refuses it).
    ("monitoring", "view_possibleaction"),
    ("monitoring", "add_possibleaction"),
    ("monitoring", "change_possibleaction"),
)


def _permission(app_label, codename):
    """A permission by app and codename; they all exist once every app has migrated."""
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    """A Wagtail page permission (add_page, change_page, publish_page...)."""
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


def ensure_groups_and_workflow():
    """Everything joining relies on; run after every migrate, by load_demo and at approval."""
    ensure_signatories_group()
    ensure_secretariat_review_workflow()


# Every signatory's own group and collection is named with these prefixes: that is how the
# admin tells them from the secretariat's (pact/signatory_rights/admin_scale.py).
SIGNATORY_GROUP_PREFIX = "Signatory "
SIGNATORY_COLLECTION_PREFIX = "Signatory: "


def signatory_group_q():
    """Matches the groups of single signatories (not the shared "Signatories" group)."""
    return Q(name__startswith=SIGNATORY_GROUP_PREFIX)


def signatory_collection_q():
    """Matches the collections of single signatories."""
    return Q(name__startswith=SIGNATORY_COLLECTION_PREFIX)


def new_signatory_group(number, name):
    """A signatory's own group; its name says which application and organisation it serves."""
    return Group.objects.create(name=f"{SIGNATORY_GROUP_PREFIX}{number}: {name}"[:150])


def new_signatory_collection(name):
    """A signatory's own collection of images and documents, the last child of the root.

    Wagtail's Collection keeps its children in name order (treebeard's node_order_by), so its
    add_child moves every later sibling, one UPDATE each: an approval at 200,000 signatories
    would rewrite up to 200,000 paths. Appended after the last child instead (one indexed
    lookup), the way treebeard adds a child to an unordered tree; the root's row is locked so
    that two approvals at once never take the same path. Signatory collections are kept out of
    Wagtail's collection screens and choosers (admin_scale.py), so their order shows nowhere.
    """
    root = Collection.get_first_root_node()
    with transaction.atomic():
        root = Collection.objects.select_for_update().get(pk=root.pk)
        last = root.get_last_child()
        collection = Collection(
            name=f"{SIGNATORY_COLLECTION_PREFIX}{name}",
            depth=root.depth + 1,
            path=last._inc_path() if last else Collection._get_path(root.path, root.depth + 1, 1),
            numchild=0,
        )
        collection.save()
        Collection.objects.filter(pk=root.pk).update(numchild=F("numchild") + 1)
    return collection


def set_trusted_publishing(group, page, trusted):
    """add_page + change_page on the signatory's own page, and publish_page only when trusted:
    a trusted signatory's changes skip the review workflow."""
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


def grant_signatory_rights(user, group, page, collection, *, trusted):
    """Everything an approved signatory holds: its page and collection through its own group,
    admin access through the shared one."""
    set_trusted_publishing(group, page, trusted)
    for app_label, codename in SIGNATORY_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )
    user.groups.add(ensure_signatories_group(), group)
