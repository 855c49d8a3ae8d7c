"""What approval gives a signatory, given to thousands at once.

accounts/approval.py approves one application: its own group, its own collection under the
root collection, add_page + change_page on its page through that group, add + choose of images
and documents in that collection, and its monitoring record (monitoring.status.refresh). The
same rights come from pact/signatory_rights/grants.py's lists here, with one INSERT per few
hundred rows instead of a dozen queries a signatory. A signatory brought in by import or
seeding has no user account yet: the secretariat adds a person to its group when one joins.

Collections are numbered after the root's last child, in the order they are made (Wagtail
orders collection siblings by name when it adds one itself; keeping that order would renumber
every later sibling for each new one, which is what made each approval slower than the last).
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from monitoring.models import MonitoringSettings, SignatoryMonitoring
from monitoring.status import joined_on, next_deadline
from pact.signatory_rights.grants import (
    SIGNATORY_COLLECTION_PERMISSIONS,
    SIGNATORY_PAGE_PERMISSIONS,
    ensure_groups_and_workflow,
)

from .pages import BATCH_SIZE, last_step


def group_name(page):
    """A signatory's own group, named after its page (approval names it after its
    application, which an imported signatory does not have): unique, as group names must be."""
    return f"Signatory page {page.pk}: {page.title}"[:150]


def collection_name(page):
    return f"Signatory: {page.title}"[:255]


def _permissions(pairs):
    """{(app_label, codename): Permission} in one query."""
    wanted = set(pairs)
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    ).select_related("content_type")
    return {
        key: permission
        for permission in found
        if (key := (permission.content_type.app_label, permission.codename)) in wanted
    }


def _new_collections(pages):
    """One collection per page, appended under the root collection (locked meanwhile)."""
    root = Collection.objects.select_for_update().get(pk=Collection.get_first_root_node().pk)
    first = last_step(root) + 1
    collections = [
        Collection(
            name=collection_name(page),
            path=Collection._get_path(root.path, root.depth + 1, first + offset),
            depth=root.depth + 1,
            numchild=0,
        )
        for offset, page in enumerate(pages)
    ]
    Collection.objects.bulk_create(collections, batch_size=BATCH_SIZE)
    Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + len(collections))
    return collections


def give_rights(pages):
    """Groups, collections, permissions and monitoring records for new signatory pages (saved,
    published, none of them holding any yet). Returns {page id: (group, collection)}."""
    if not pages:
        return {}
    ensure_groups_and_workflow()
    groups = Group.objects.bulk_create(
        [Group(name=group_name(page)) for page in pages], batch_size=BATCH_SIZE
    )
    collections = _new_collections(pages)
    page_permissions = _permissions(("wagtailcore", c) for c in SIGNATORY_PAGE_PERMISSIONS)
    collection_permissions = _permissions(SIGNATORY_COLLECTION_PERMISSIONS)
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=page.pk, permission=permission)
            for page, group in zip(pages, groups, strict=True)
            for permission in page_permissions.values()
        ],
        batch_size=BATCH_SIZE,
    )
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=group, collection=collection, permission=permission)
            for group, collection in zip(groups, collections, strict=True)
            for permission in collection_permissions.values()
        ],
        batch_size=BATCH_SIZE,
    )
    add_monitoring_records(pages)
    return {
        page.pk: (group, collection)
        for page, group, collection in zip(pages, groups, collections, strict=True)
    }


def add_monitoring_records(pages):
    """Each new signatory's monitoring record, as monitoring.status.refresh makes it for a
    signatory without accepted reports: its action plan is due counting from the day it
    signed."""
    periods = MonitoringSettings.load()
    records = []
    for page in pages:
        joined = joined_on(page)
        stage, kind, deadline = next_deadline(joined, None, None, periods)
        records.append(
            SignatoryMonitoring(
                signatory_id=page.pk,
                joined_on=joined,
                stage=stage,
                next_deadline_kind=kind,
                next_deadline=deadline,
            )
        )
    SignatoryMonitoring.objects.bulk_create(records, batch_size=BATCH_SIZE)
