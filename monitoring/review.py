"""What happens when the secretariat accepts, withdraws or moves a report, approves a signatory
or changes the periods: the report's snapshot is written and the deadlines are recomputed.

- A report's first publication is its acceptance: `accept_report` writes its ReportSnapshot
  once (accepted_on = that day, checklist = the signatory's live checklist rows) and recomputes
  the signatory's deadlines (monitoring.status.refresh). Publishing it again (a corrected
  narrative, an old revision) never rewrites the snapshot.
- Unpublishing, deleting or moving a report recomputes the deadlines of the signatory (or both
  signatories, for a move) from the reports that still count.
- Publishing a signatory's page recomputes its deadlines when it has a record already (the date
  it signed may have been corrected); approval creates the record (accounts/approval.py).
- Saving the monitoring periods recomputes every signatory's next deadline, in chunks, from the
  dates each record already holds (no page is read): `refresh_all_deadlines`.

A report waiting in review does not stop the clock: the deadline is met by the report the
secretariat accepts. Reminders are not sent while a report waits for review, and the
secretariat's dashboard lists waiting reports with their deadlines (docs/monitoring.md).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import status
from .models import (
    ActionState,
    MonitoringReportPage,
    MonitoringSettings,
    PossibleAction,
    ReportSnapshot,
    SignatoryAction,
    SignatoryMonitoring,
)

# Rows recomputed per query when the periods change.
CHUNK_SIZE = 500


def checklist_snapshot(signatory):
    """The signatory's live (approved) checklist as JSON-friendly rows, in the Pact's order:
    one per action the Pact lists today, with its code, P, title, state, year, note and the
    ids of the initiatives given as evidence (readers show only the publicly visible ones)."""
    rows = (
        SignatoryAction.objects.filter(signatory_id=signatory.pk, action__retired_on__isnull=True)
        .select_related("action")
        .prefetch_related("evidence")
    )
    by_action = {row.action_id: row for row in rows}

    snapshot = []
    for action in PossibleAction.objects.current().in_pact_order():
        row = by_action.get(action.pk)
        state = row.state if row else ActionState.NOT_STARTED
        snapshot.append(
            {
                "code": action.code,
                "p": action.p,
                "title": action.title,
                "state": state,
                "year": row.year if row and state != ActionState.NOT_STARTED else None,
                "note": row.note if row else "",
                "evidence": sorted(page.pk for page in row.evidence.all()) if row else [],
            }
        )
    return snapshot


def signatory_of(report):
    """The SignatoryPage a report sits under, or None (a report is only ever created there)."""
    parent = Page.objects.filter(path=report.path[: -Page.steplen]).first()
    if parent is None:
        return None
    parent = parent.specific
    return parent if parent.specific_class.__name__ == "SignatoryPage" else None


def refresh_signatory(signatory, after_commit=False):
    """status.refresh for the signatory; `after_commit` waits until the transaction commits and
    skips a signatory deleted by then (a report deleted with its signatory's page)."""
    if signatory is None:
        return
    if not after_commit:
        status.refresh(signatory)
        return
    pk = signatory.pk

    def run():
        page = Page.objects.filter(pk=pk).first()
        if page is not None:
            status.refresh(page.specific)

    transaction.on_commit(run)


def accept_report(report):
    """Write the report's snapshot on its first publication, then recompute the deadlines."""
    signatory = signatory_of(report)
    if signatory is None:
        return None
    snapshot, created = ReportSnapshot.objects.get_or_create(
        report_id=report.pk,
        defaults={
            "accepted_on": status.today(),
            "checklist": checklist_snapshot(signatory),
        },
    )
    refresh_signatory(signatory)
    return snapshot


def on_report_published(sender, instance, **kwargs):
    accept_report(instance)


def on_report_unpublished(sender, instance, **kwargs):
    refresh_signatory(signatory_of(instance))


def on_report_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    for parent in (parent_page_before, parent_page_after):
        page = parent.specific
        if page.specific_class.__name__ == "SignatoryPage":
            refresh_signatory(page)


def remember_signatory_before_delete(sender, instance, **kwargs):
    instance._monitoring_signatory = signatory_of(instance)


def on_report_deleted(sender, instance, **kwargs):
    refresh_signatory(getattr(instance, "_monitoring_signatory", None), after_commit=True)


def on_signatory_published(sender, instance, **kwargs):
    """Its signing date may have changed: recompute, if it is monitored already."""
    if SignatoryMonitoring.objects.filter(signatory_id=instance.pk).exists():
        refresh_signatory(instance)


def refresh_all_deadlines(periods=None):
    """Every signatory's stage and next deadline from the dates its record holds, under the
    periods now set: one read and one bulk update per CHUNK_SIZE records."""
    periods = periods or MonitoringSettings.load()
    changed = 0
    records = SignatoryMonitoring.objects.order_by("pk")
    last_pk = None
    while True:
        chunk = records.filter(pk__gt=last_pk) if last_pk is not None else records
        chunk = list(chunk[:CHUNK_SIZE])
        if not chunk:
            return changed
        last_pk = chunk[-1].pk
        dirty = []
        for record in chunk:
            stage, kind, deadline = status.next_deadline(
                record.joined_on, record.plan_accepted_on, record.last_report_on, periods
            )
            if (record.stage, record.next_deadline_kind, record.next_deadline) != (
                stage,
                kind,
                deadline,
            ):
                record.stage, record.next_deadline_kind, record.next_deadline = (
                    stage,
                    kind,
                    deadline,
                )
                dirty.append(record)
        if dirty:
            SignatoryMonitoring.objects.bulk_update(
                dirty, ["stage", "next_deadline_kind", "next_deadline"]
            )
            changed += len(dirty)


def on_settings_saved(sender, instance, **kwargs):
    refresh_all_deadlines(instance)


def connect_signals():
    """Called once from MonitoringConfig.ready()."""
    # The signatory page's model is pact's; looked up by name so this module imports no page
    # model of another app at import time.
    from django.apps import apps  # the registry is ready when this runs

    signatory_page = apps.get_model("pact", "SignatoryPage")
    uid = "monitoring.review"
    page_published.connect(on_report_published, sender=MonitoringReportPage, dispatch_uid=uid)
    page_unpublished.connect(on_report_unpublished, sender=MonitoringReportPage, dispatch_uid=uid)
    post_page_move.connect(on_report_moved, sender=MonitoringReportPage, dispatch_uid=uid)
    pre_delete.connect(
        remember_signatory_before_delete, sender=MonitoringReportPage, dispatch_uid=uid
    )
    post_delete.connect(on_report_deleted, sender=MonitoringReportPage, dispatch_uid=uid)
    page_published.connect(on_signatory_published, sender=signatory_page, dispatch_uid=uid)
    post_save.connect(on_settings_saved, sender=MonitoringSettings, dispatch_uid=uid)
