"""Reminder e-mails before a deadline and when it is missed: `manage.py send_monitoring_reminders`.

Run it once a day (README, "Deploying to production"). For each monitored signatory whose page
the public may see and that the secretariat has not put on hold:

- "before": its next deadline is today or within `reminder_days` (MonitoringSettings);
- "missed": its deadline has passed and it is overdue (not yet on hold).

Nothing is sent while one of its reports waits for the secretariat's review: it has done its
part. Each reminder is claimed first (a ReminderSent row, unique per signatory, deadline kind,
deadline and stage) and queued for the e-mail task (core/email.py) in the same transaction, so
no re-run and no second run at the same time sends one twice; a deadline that moves (a report
accepted, new periods) is a new deadline with reminders of its own.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from core.email import send_email
from core.public_urls import absolute_url
from core.visibility import publicly_visible
from pact.models import SignatoryPage
from pact.signatory_rights.grants import OWN_PAGE_PERMISSION

from . import status
from .models import (
    MonitoringReportPage,
    MonitoringSettings,
    ReminderSent,
    ReminderStage,
    SignatoryMonitoring,
)

EMAIL_TEMPLATE = "monitoring/emails/reminder"


@dataclass
class Outcome:
    sent: int = 0
    already_sent: int = 0
    waiting_for_review: int = 0
    no_address: int = 0


def signatories_with_report_in_review():
    """Paths of the signatory pages one of whose reports waits for review (in progress)."""
    in_review = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    report_paths = MonitoringReportPage.objects.filter(
        pk__in=[int(pk) for pk in in_review if pk.isdigit()]
    ).values_list("path", flat=True)
    return {path[: -Page.steplen] for path in report_paths}


def addresses_of(signatory_ids):
    """{signatory page id: [e-mail addresses]}: the active accounts that may edit the page (its
    own group's right), else the contact address the signatory gave (never public)."""
    found = {}
    rows = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__page_permissions__page_id__in=signatory_ids,
            groups__page_permissions__permission__codename=OWN_PAGE_PERMISSION,
        )
        .values_list("groups__page_permissions__page_id", "email")
        .distinct()
    )
    for page_id, email in rows:
        if email:
            found.setdefault(page_id, set()).add(email)
    return {pk: sorted(emails) for pk, emails in found.items()}


def due_reminders(on=None, periods=None):
    """[(record, stage)] of the reminders due on the day `on`, for visible, unheld signatories."""
    on = on or status.today()
    periods = periods or MonitoringSettings.load()
    soon = on + datetime.timedelta(days=periods.reminder_days)
    hold_from = on - datetime.timedelta(days=periods.hold_after_days)
    records = (
        SignatoryMonitoring.objects.filter(
            held=False,
            next_deadline__gte=hold_from,
            next_deadline__lte=soon,
            signatory__in=publicly_visible(SignatoryPage.objects.all()),
        )
        .select_related("signatory")
        .order_by("next_deadline", "pk")
    )
    return [
        (record, ReminderStage.BEFORE if record.next_deadline >= on else ReminderStage.MISSED)
        for record in records
    ]


def reminder_context(record, stage, on, periods):
    signatory = record.signatory
    deadline = record.next_deadline
    return {
        "organisation_name": signatory.title,
        "missed": stage == ReminderStage.MISSED,
        "what": record.get_next_deadline_kind_display().lower(),
        "deadline": f"{deadline:%d %B %Y}".lstrip("0"),
        "days_left": (deadline - on).days,
        "days_late": (on - deadline).days,
        "hold_on": f"{deadline + datetime.timedelta(days=periods.hold_after_days):%d %B %Y}".lstrip(
            "0"
        ),
        "add_report_url": absolute_url(
            reverse(
                "wagtailadmin_pages:add",
                args=("monitoring", "monitoringreportpage", signatory.pk),
            )
        ),
        "admin_url": absolute_url("/admin/"),
    }


def send_reminders(on=None, dry_run=False):
    """Claim and queue every reminder due on the day `on` (today); returns an Outcome."""
    on = on or status.today()
    periods = MonitoringSettings.load()
    outcome = Outcome()
    due = due_reminders(on, periods)
    if not due:
        return outcome
    in_review = signatories_with_report_in_review()
    addresses = addresses_of([record.signatory_id for record, _ in due])
    for record, stage in due:
        if record.signatory.path in in_review:
            outcome.waiting_for_review += 1
            continue
        to = addresses.get(record.signatory_id) or (
            [record.signatory.contact_email] if record.signatory.contact_email else []
        )
        if not to:
            outcome.no_address += 1
            continue
        claim = {
            "signatory_id": record.signatory_id,
            "deadline_kind": record.next_deadline_kind,
            "deadline": record.next_deadline,
            "stage": stage,
        }
        if dry_run:
            if ReminderSent.objects.filter(**claim).exists():
                outcome.already_sent += 1
            else:
                outcome.sent += 1
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(**claim)
                send_email(EMAIL_TEMPLATE, to, reminder_context(record, stage, on, periods))
        except IntegrityError:
            outcome.already_sent += 1
            continue
        outcome.sent += 1
    return outcome
