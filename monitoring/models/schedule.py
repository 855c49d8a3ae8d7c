"""The deadlines of each signatory, the secretariat's periods, and the reminders sent."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="date")
class MonitoringSettings(BaseGenericSetting):
    """The periods the secretariat sets for every signatory."""

    action_plan_months = models.PositiveSmallIntegerField(
        "action plan due after (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How long after joining a signatory has to submit its action plan.",
    )
    report_interval_months = models.PositiveSmallIntegerField(
        "progress report every (months)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How long after its last accepted plan or report the next report is due.",
    )
    reminder_days = models.PositiveSmallIntegerField(
        "first reminder (days before the deadline)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    hold_after_days = models.PositiveSmallIntegerField(
        "on hold after (days overdue)",
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="A signatory this many days past a deadline is shown as on hold.",
    )

    monitoring_started_on = models.DateField(
        "monitoring started on",
        null=True,
        blank=True,
        help_text="The day the secretariat started asking for action plans. A signatory that "
        "joined earlier has its plan due this many months after that day, not after the day it "
        "joined. Leave empty to count from each signatory's joining day.",
    )

    panels = [
        FieldPanel("monitoring_started_on"),
        FieldPanel("action_plan_months"),
        FieldPanel("report_interval_months"),
        FieldPanel("reminder_days"),
        FieldPanel("hold_after_days"),
    ]

    class Meta:
        verbose_name = "monitoring periods"


class Stage(models.TextChoices):
    """How far a signatory has come, before any deadline is looked at."""

    JOINED = "joined", "Joined"
    ACTION_PLAN = "action_plan", "Action plan in place"
    REPORTING = "reporting", "Reporting"


class DeadlineKind(models.TextChoices):
    ACTION_PLAN = "action_plan", "Action plan"
    PROGRESS_REPORT = "progress_report", "Progress report"


class SignatoryMonitoring(models.Model):
    """Where a signatory stands: its stage and its next deadline (monitoring.status keeps it).

    Not part of the signatory's page (so no revision can bring an old value back): it is
    recomputed from the accepted reports whenever one is published, unpublished or deleted,
    and when the secretariat changes the periods. The public status follows from it and from
    today's date alone (monitoring.status.STATUS), so it can be filtered on in SQL.
    """

    signatory = models.OneToOneField(
        "pact.SignatoryPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitoring",
    )
    joined_on = models.DateField()
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.JOINED)
    plan_accepted_on = models.DateField(null=True, blank=True)
    last_report_on = models.DateField(null=True, blank=True)
    next_deadline_kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    next_deadline = models.DateField(db_index=True)
    held = models.BooleanField(
        "put on hold by the secretariat",
        default=False,
        help_text="Shows the signatory as on hold whatever its deadlines say.",
    )
    hold_note = models.CharField(
        max_length=300, blank=True, help_text="Why it is on hold (seen by the secretariat only)."
    )

    class Meta:
        verbose_name = "signatory's monitoring"

    def __str__(self):
        return f"{self.signatory.title}: next deadline {self.next_deadline:%d %B %Y}"


class ReminderStage(models.TextChoices):
    BEFORE = "before", "Before the deadline"
    MISSED = "missed", "Deadline missed"


class ReminderSent(models.Model):
    """One reminder, claimed before it is sent: the unique constraint means that no re-run, and
    no second worker running at the same time, sends the same reminder twice."""

    signatory = models.ForeignKey("pact.SignatoryPage", on_delete=models.CASCADE, related_name="+")
    deadline_kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    deadline = models.DateField()
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["signatory", "deadline_kind", "deadline", "stage"],
                name="monitoring_one_reminder_per_deadline",
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()} reminder, {self.deadline:%d %B %Y}"
