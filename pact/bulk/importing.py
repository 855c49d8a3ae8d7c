"""`manage.py import_signatories FILE`: a list of signatories made into published pages.

Every row is checked first (pact/bulk/rows.py); a bad row is reported by its line and left out,
the others go on. Each good row is then matched with the signatories already in the directory:

- by its address's slug (the `url` column of the export): that page is the same signatory;
- without an address, by its name (in any case) and country.

A match whose values differ is updated: its page gets the new values and a new revision,
published when the page is live (a page the secretariat unpublished stays unpublished). A
match with the same values is left alone, so importing a file twice changes nothing the second
time. Any other row becomes a new published page with what approval gives a signatory (its own
group and collection, their permissions, its monitoring record), through the bulk machinery of
pact/bulk/pages.py, a batch at a time, each batch committed; the search index is filled in one
pass per batch. A dry run does all the checking and matching and writes nothing.
"""

from dataclasses import dataclass, field

from anyascii import anyascii
from django.db import transaction
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from monitoring.status import refresh as refresh_monitoring
from pact.models import InitiativePage, SignatoryIndexPage, SignatoryPage

from .pages import BATCH_SIZE, add_revisions, locked, publish_new
from .public import purge_directory, refresh_public_data
from .reading import FileError, read_table
from .rows import check_row, ignored_columns, missing_columns
from .search import index_in_bulk
from .signatories import give_rights


@dataclass
class Report:
    """What an import did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)


@dataclass
class Plan:
    """The checked rows, sorted into what they will do."""

    create: list = field(default_factory=list)
    update: list = field(default_factory=list)  # (page id, row)
    unchanged: int = 0


def _slug_for(name):
    """An ASCII address part from any name, as approval makes it: "Łódź" gives "lodz"."""
    return slugify(anyascii(name or ""))[:200] or "signatory"


def _free_slug(base, taken):
    """`base`, or `base-2`, `base-3`... whichever no signatory has yet (as Wagtail's
    find_available_slug, against the set in memory rather than a query each)."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base[:190]}-{number}"
    taken.add(slug)
    return slug


def plan_import(directory, rows, report):
    """Match checked rows with the directory's signatories (one query for all of them)."""
    existing = SignatoryPage.objects.child_of(directory).values_list(
        "pk", "slug", "title", "country"
    )
    by_slug, by_name = {}, {}
    for pk, slug, title, country in existing:
        by_slug[slug] = pk
        by_name.setdefault((title.casefold(), country), pk)
    # A slug named by a row's url is never given to another row that has none.
    taken = set(by_slug) | {row.slug for row in rows if row.slug and not row.errors}
    seen = {}
    plan = Plan()
    for row in rows:
        if row.errors:
            report.errors += [(row.line, message) for message in row.errors]
            continue
        if row.key in seen:
            report.errors.append(
                (row.line, f"the same signatory as line {seen[row.key]} (same {row.key[0]}).")
            )
            continue
        seen[row.key] = row.line
        pk = by_slug.get(row.slug) if row.slug else by_name.get(row.name_key)
        if pk is not None:
            plan.update.append((pk, row))
            continue
        row.slug = row.slug or _free_slug(_slug_for(row.values["title"]), taken)
        taken.add(row.slug)
        plan.create.append(row)
    return plan


def _changed(page, row):
    return {name: value for name, value in row.values.items() if getattr(page, name) != value}


def _with_related(page_ids):
    """The pages with their child relations loaded, so that their revisions need no query
    each."""
    return SignatoryPage.objects.filter(pk__in=page_ids).prefetch_related(
        "wagtail_admin_comments", "action_items"
    )


def _initiatives_of(pages):
    """The initiatives of these signatories, each told its signatory: indexing an initiative
    reads its signatory's name, town and country."""
    by_path = {page.path: page for page in pages}
    initiatives = list(
        InitiativePage.objects.filter(
            # The range the index finds; then exactly the children of these pages.
            path__range=(min(by_path), max(by_path) + "Z" * Page.steplen),
            depth=pages[0].depth + 1,
        )
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=by_path)
        .prefetch_related("p_items__tag")
    )
    for initiative in initiatives:
        initiative._cached_parent_obj = by_path[initiative.parent_path]
    return initiatives


@transaction.atomic
def _update_batch(pairs, report, dry_run):
    """New values, a new revision, and the index, for pages whose row differs."""
    now = timezone.now()
    rows = dict(pairs)
    changed_pages, fields, dates_changed = [], set(), []
    for page in _with_related(list(rows)):
        changes = _changed(page, rows[page.pk])
        if not changes:
            report.unchanged += 1
            continue
        report.updated += 1
        if dry_run:
            continue
        for name, value in changes.items():
            setattr(page, name, value)
        fields |= changes.keys()
        page.draft_title = page.title
        page.latest_revision_created_at = now
        page.has_unpublished_changes = not page.live
        if page.live:
            page.last_published_at = now
        changed_pages.append(page)
        if "signed_on" in changes:
            dates_changed.append(page)
    if not changed_pages:
        return
    SignatoryPage.objects.bulk_update(
        changed_pages,
        [
            *sorted(fields),
            "draft_title",
            "latest_revision_created_at",
            "has_unpublished_changes",
            "last_published_at",
        ],
        batch_size=BATCH_SIZE,
    )
    add_revisions(changed_pages, [page.serializable_data() for page in changed_pages], now=now)
    for page in dates_changed:
        refresh_monitoring(page)
    index_in_bulk(changed_pages + _initiatives_of(changed_pages))
    refresh_public_data(changed_pages)


@transaction.atomic
def _create_batch(directory, rows, report):
    """New published signatories, with their rights, indexed."""
    # A row without a date of signature keeps none (an export of it gives an empty cell
    # again); its monitoring counts from the day its page is published.
    pages = []
    for row in rows:
        row.page.slug = row.slug
        pages.append(row.page)
    parent = locked(directory)
    publish_new([(parent, page) for page in pages])
    give_rights(pages)
    index_in_bulk(pages)
    refresh_public_data(pages)
    report.created += len(pages)


def import_signatories(path, *, dry_run=False, progress=None):
    """Import the file at `path`; returns a Report. Raises FileError for a file that cannot be
    read at all, or whose columns cannot make any signatory. `progress(total)` gives a
    callable told of each row checked, then of each row written."""
    directory = SignatoryIndexPage.objects.first()
    if directory is None:
        raise FileError("There is no signatory directory page: create it (or run load_demo).")
    columns, records = read_table(path)
    missing = missing_columns(columns)
    if missing:
        raise FileError(
            f"{path} lacks the column {', '.join(missing)} (the export's columns are expected)."
        )
    report = Report(ignored_columns=ignored_columns(columns))
    tick = progress(None) if progress else (lambda n: None)
    rows = []
    for line, cells in records:
        rows.append(check_row(line, cells))
        tick(1)
    plan = plan_import(directory, rows, report)
    tick = progress(len(plan.create) + len(plan.update)) if progress else (lambda n: None)
    for start in range(0, len(plan.update), BATCH_SIZE):
        batch = plan.update[start : start + BATCH_SIZE]
        _update_batch(batch, report, dry_run)
        tick(len(batch))
    if dry_run:
        report.created = len(plan.create)
        return report
    for start in range(0, len(plan.create), BATCH_SIZE):
        batch = plan.create[start : start + BATCH_SIZE]
        _create_batch(directory, batch, report)
        tick(len(batch))
    if plan.create or plan.update:
        purge_directory(directory)
    return report
