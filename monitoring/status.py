"""The public status of a signatory: one rule, in Python and in SQL, used everywhere.

A signatory's stage (joined, action plan in place, reporting) and its next deadline are kept in
SignatoryMonitoring by `refresh()`. Its status then depends on today's date alone:

- on hold when the secretariat put it on hold, or when it is more than `hold_after_days` past
  its deadline;
- overdue when it is past its deadline, by `hold_after_days` at most;
- otherwise its stage.

`status_expression()` is the same rule as a database expression, so the directory, the map, the
exports and the API filter and count by status in SQL; `status_of()` reads it for one signatory.
"""

import calendar
import datetime

from django.db import models, transaction
from django.utils import timezone

from core.visibility import hidden_sections

from .models import (
    DeadlineKind,
    MonitoringReportPage,
    MonitoringSettings,
    ReportKind,
    SignatoryMonitoring,
    Stage,
)


class Status(models.TextChoices):
    """The values are the `status` query parameter, API field and export column."""

    JOINED = "joined", "Joined"
    ACTION_PLAN = "action_plan", "Action plan in place"
    REPORTING = "reporting", "Reporting"
    OVERDUE = "overdue", "Overdue"
    ON_HOLD = "on_hold", "On hold"


def today():
    """Today in Strasbourg (settings.TIME_ZONE): every deadline is a date there."""
    return timezone.localdate()


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def status_expression(prefix="", on=None, periods=None):
    """The status as a database expression over SignatoryMonitoring's columns.

    `prefix` reaches them from another model ("monitoring__" from SignatoryPage). A signatory
    without a row yet (approved a moment ago) is joined.
    """
    on = on or today()
    periods = periods or MonitoringSettings.load()
    hold_from = on - datetime.timedelta(days=periods.hold_after_days)
    return models.Case(
        models.When(**{f"{prefix}held": True}, then=models.Value(Status.ON_HOLD.value)),
        models.When(**{f"{prefix}next_deadline__gte": on}, then=models.F(f"{prefix}stage")),
        models.When(
            **{f"{prefix}next_deadline__gte": hold_from}, then=models.Value(Status.OVERDUE.value)
        ),
        models.When(
            **{f"{prefix}next_deadline__lt": hold_from}, then=models.Value(Status.ON_HOLD.value)
        ),
        default=models.Value(Status.JOINED.value),
        output_field=models.CharField(),
    )


def with_status(signatories, on=None, periods=None):
    """SignatoryPage rows annotated with `monitoring_status` (one of Status's values)."""
    return signatories.annotate(
        monitoring_status=status_expression("monitoring__", on=on, periods=periods)
    )


def status_of_record(record, on=None, periods=None):
    """The Status of one SignatoryMonitoring row (None: no row yet, so joined)."""
    if record is None:
        return Status.JOINED
    on = on or today()
    periods = periods or MonitoringSettings.load()
    if record.held:
        return Status.ON_HOLD
    if record.next_deadline >= on:
        return Status(record.stage)
    if record.next_deadline >= on - datetime.timedelta(days=periods.hold_after_days):
        return Status.OVERDUE
    return Status.ON_HOLD


def status_of(signatory, on=None, periods=None):
    """The Status of one signatory page (uses an annotated `monitoring_status` when present)."""
    annotated = getattr(signatory, "monitoring_status", None)
    if annotated:
        return Status(annotated)
    record = SignatoryMonitoring.objects.filter(signatory=signatory).first()
    return status_of_record(record, on=on, periods=periods)


def joined_on(signatory):
    """The day a signatory joined: the date it signed, else the day its page first went live."""
    if signatory.signed_on:
        return signatory.signed_on
    if signatory.first_published_at:
        return timezone.localdate(signatory.first_published_at)
    return today()


def accepted_reports(signatory):
    """Its action plans and progress reports that count: publicly visible and accepted."""
    return (
        MonitoringReportPage.objects.child_of(signatory)
        .publicly_visible(hidden_sections())
        .filter(snapshot__isnull=False)
    )


def next_deadline(joined, plan_accepted_on, last_report_on, periods):
    """(stage, deadline kind, deadline) from the dates that matter."""
    if plan_accepted_on is None:
        # Signatories that joined before the secretariat started monitoring get the same
        # period from that day, rather than a deadline that passed before anyone asked.
        start = max(filter(None, (joined, periods.monitoring_started_on)))
        return (
            Stage.JOINED,
            DeadlineKind.ACTION_PLAN,
            add_months(start, periods.action_plan_months),
        )
    anchor = max(filter(None, (plan_accepted_on, last_report_on)))
    return (
        Stage.REPORTING if last_report_on else Stage.ACTION_PLAN,
        DeadlineKind.PROGRESS_REPORT,
        add_months(anchor, periods.report_interval_months),
    )


def refresh(signatory, periods=None):
    """Recompute a signatory's stage and next deadline from its accepted reports; keep the
    secretariat's hold. Called when a report is published, unpublished, moved or deleted."""
    periods = periods or MonitoringSettings.load()
    dates = {
        kind: accepted_reports(signatory)
        .filter(kind=kind)
        .aggregate(
            first=models.Min("snapshot__accepted_on"), last=models.Max("snapshot__accepted_on")
        )
        for kind in ReportKind.values
    }
    plan_accepted_on = dates[ReportKind.ACTION_PLAN]["first"]
    last_report_on = dates[ReportKind.PROGRESS_REPORT]["last"]
    joined = joined_on(signatory)
    stage, kind, deadline = next_deadline(joined, plan_accepted_on, last_report_on, periods)
    with transaction.atomic():
        record, _ = SignatoryMonitoring.objects.update_or_create(
            signatory=signatory,
            defaults={
                "joined_on": joined,
                "stage": stage,
                "plan_accepted_on": plan_accepted_on,
                "last_report_on": last_report_on,
                "next_deadline_kind": kind,
                "next_deadline": deadline,
            },
        )
    return record
