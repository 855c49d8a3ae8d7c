"""Published pages made in bulk: thousands of pages in a handful of queries.

`add_child` then `save_revision().publish()` costs about twenty queries a page and locks the
parent for each one (issue 17: 1,000 signatories took 264 s among 45, 3,611 s among 20,000).
Here a whole batch is put in the tree at once: the tree paths are computed from the parent's
last child exactly as treebeard numbers them, the Page rows and then each page type's own rows
are inserted with one INSERT per few hundred rows, and each page gets what publishing gives it:
one revision that is both its latest and its live one, and a "wagtail.publish" log entry.

No model signal is sent (nothing is saved one by one), so callers do themselves what signals
would have done: index the pages in one pass (`pact.bulk.search.index_in_bulk`) and give
signatories their rights and monitoring record (`pact.bulk.signatories`).
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.models import Page, PageLogEntry, Revision

# Rows per INSERT: small enough for SQLite's limit on query parameters, large enough that a
# round trip is spent on hundreds of rows (Django lowers it further where a backend needs it).
BATCH_SIZE = 500


def last_step(parent):
    """The number of the parent's last child in its tree (0 without children), for a page or a
    collection: one indexed query on the path."""
    tree = parent._meta.get_field("path").model  # Page for every page type; Collection
    last = (
        tree.objects.filter(
            depth=parent.depth + 1,
            path__range=(parent.path + "0" * tree.steplen, parent.path + "Z" * tree.steplen),
        )
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return tree._str2int(last[-tree.steplen :]) if last else 0


def _place(parent, pages, now):
    """Give each page its place under `parent` (path, depth, url_path, locale) and the state of
    a page just published."""
    fresh = getattr(parent, "_bulk_fresh", False)
    first = 1 if fresh else last_step(parent) + 1
    if not fresh:
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    # A parent made by publish_new gets all its children at once, in one later call.
    parent._bulk_fresh = False
    for offset, page in enumerate(pages):
        page.path = Page._get_path(parent.path, parent.depth + 1, first + offset)
        page.depth = parent.depth + 1
        page.numchild = getattr(page, "numchild", 0) or 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.translation_key = page.translation_key or uuid.uuid4()
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
        page.latest_revision_created_at = now
        page._bulk_fresh = True
    return pages


def _insert_specific_rows(model, pages):
    """Each page type's own table, one INSERT per batch. Django's bulk_create refuses
    multi-table models, so the base rows are inserted first (with their ids returned) and the
    type's own columns here, through the same batched insert bulk_create itself uses."""
    for page in pages:
        page.page_ptr_id = page.id
    fields = list(model._meta.local_concrete_fields)
    model._default_manager.all()._batched_insert(pages, fields, BATCH_SIZE)


def add_revisions(pages, contents, user=None, now=None):
    """One revision per page with the content given; the pages' newest revision becomes their
    latest, and their live one for live pages, whose publication is logged ("wagtail.publish";
    "wagtail.edit" for the others)."""
    now = now or timezone.now()
    base_ct = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=base_ct,
                object_id=str(page.pk),
                created_at=now,
                user=user,
                content=content,
                object_str=page.title,
            )
            for page, content in zip(pages, contents, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = revision.pk
        if page.live:
            page.live_revision_id = revision.pk
    point_to_newest_revisions([page.pk for page in pages if page.live], live=True)
    point_to_newest_revisions([page.pk for page in pages if not page.live], live=False)
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type_id=page.content_type_id,
                label=page.title,
                action="wagtail.publish" if page.live else "wagtail.edit",
                data={},
                timestamp=now,
                user=user,
                revision_id=page.latest_revision_id,
                content_changed=True,
                page_id=page.pk,
            )
            for page in pages
        ],
        batch_size=BATCH_SIZE,
    )


def point_to_newest_revisions(page_ids, live):
    """Make each page's newest revision its latest (and live) one: one UPDATE per batch, each
    page finding its revision through the revisions' index (a CASE per page, as bulk_update
    writes it, costs more than the insert it follows)."""
    newest = (
        Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    for start in range(0, len(page_ids), BATCH_SIZE):
        revisions = {"latest_revision": Subquery(newest)}
        if live:
            revisions["live_revision"] = Subquery(newest)
        Page.objects.filter(pk__in=page_ids[start : start + BATCH_SIZE]).update(**revisions)


def _content(page, relations):
    """What `page.serializable_data()` gives the unsaved page, without building a query set
    for each of its empty child relations; the relations set in memory are added once their
    rows are saved."""
    content = get_serializable_data_for_fields(page)
    content.update(dict.fromkeys(relations, ()))
    return content


def _relation_names(model):
    """The child relations and child many-to-many fields a revision of `model` lists."""
    return [relation.get_accessor_name() for relation in get_all_child_relations(model)] + [
        field.name for field in get_all_child_m2m_relations(model) if field.serialize
    ]


def publish_new(pairs, user=None):
    """Insert unsaved specific pages as published children: `pairs` is [(parent, page)], the
    parents saved (already in the tree, or made by an earlier call), the pages of any types.

    A page that will have children carries their number in `numchild` beforehand and gets
    them all in one later call, so that they need no query to be numbered. Any other parent
    has its last child looked up and its `numchild` raised, one query each; the caller holds
    the transaction and, for a parent others may add pages under, its lock (see `locked`).
    Child relations set in memory (an initiative's Ps) are inserted too. Returns the pages,
    saved, with their ids.
    """
    if not pairs:
        return []
    now = timezone.now()
    by_parent = {}
    for parent, page in pairs:
        by_parent.setdefault(parent.pk, (parent, []))[1].append(page)
    pages = []
    for parent, children in by_parent.values():
        pages += _place(parent, children, now)
    # The revisions' content, from the fields alone (a saved page would query each of its
    # child relations); the relations set in memory are added once their rows have ids.
    relations = {model: _relation_names(model) for model in {type(page) for page in pages}}
    contents = [_content(page, relations[type(page)]) for page in pages]
    Page.objects.bulk_create(pages, batch_size=BATCH_SIZE)
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    for model, of_type in by_type.items():
        _insert_specific_rows(model, of_type)
        _insert_child_relations(model, of_type)
    for page, content in zip(pages, contents, strict=True):
        content["pk"] = page.pk
        for name, rows in getattr(page, "_cluster_related_objects", {}).items():
            content[name] = [get_serializable_data_for_fields(row) for row in rows]
    add_revisions(pages, contents, user, now)
    return pages


def _insert_child_relations(model, pages):
    """The rows of the pages' in-memory child relations (modelcluster), per relation."""
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        rows = []
        for page in pages:
            for row in getattr(page, "_cluster_related_objects", {}).get(name, ()):
                setattr(row, relation.field.attname, page.pk)
                rows.append(row)
        if rows:
            relation.related_model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def locked(page):
    """`page` read afresh with its row locked until the transaction ends: two imports, or an
    import and an approval, never number two children alike."""
    return Page.objects.select_for_update().get(pk=page.pk)
