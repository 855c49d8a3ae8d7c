"""Action plans and progress reports: pages under the signatory's page, reviewed like it."""

from django.db import models
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from core.blocks import BaseStreamBlock
from core.visibility import SitePage
from monitoring.api_fields import ParentSignatoryAPIField, SnapshotAPIField


class ReportKind(models.TextChoices):
    ACTION_PLAN = "action_plan", "Action plan"
    PROGRESS_REPORT = "progress_report", "Progress report"


# The figures a report may give, in the form's order.
FIGURES = ("professionals_trained", "children_and_families_reached", "services_set_up")


class MonitoringReportPage(SitePage):
    """A signatory's action plan or progress report.

    A page under the signatory's page, so the signatory writes it in its narrow admin and the
    secretariat's review publishes it, as for every page of the signatory. When it is published
    its `checklist` keeps, as a dated snapshot, the signatory's checklist as approved at that
    moment (ReportSnapshot): later changes to the checklist never rewrite a report.
    """

    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    narrative = StreamField(
        BaseStreamBlock(),
        help_text="What you planned or did, what worked and what comes next: a page or two.",
    )
    professionals_trained = models.PositiveIntegerField(
        null=True, blank=True, help_text="People working with children trained in the period."
    )
    children_and_families_reached = models.PositiveIntegerField(
        null=True, blank=True, help_text="Children and families reached by the actions."
    )
    services_set_up = models.PositiveIntegerField(
        null=True, blank=True, help_text="Services, structures or procedures set up."
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("narrative"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("professionals_trained"),
                        FieldPanel("children_and_families_reached"),
                        FieldPanel("services_set_up"),
                    ]
                )
            ],
            heading="Figures for the period (leave empty what you do not count)",
        ),
    ]

    # The figures are those of the live page; accepted_on and checklist come from the snapshot
    # taken when the report was first published (null and [] before).
    api_fields = [
        APIField("kind"),
        APIField("kind_label", serializer=serializers.CharField(source="get_kind_display")),
        APIField("signatory", serializer=ParentSignatoryAPIField()),
        APIField("narrative"),
        APIField("professionals_trained"),
        APIField("children_and_families_reached"),
        APIField("services_set_up"),
        APIField("accepted_on", serializer=SnapshotAPIField("accepted_on")),
        APIField("checklist", serializer=SnapshotAPIField("checklist")),
    ]

    parent_page_types = ["pact.SignatoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "action plan or progress report"

    @property
    def figures(self):
        """(label, value) of the figures given, in the form's order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in FIGURES
            if getattr(self, name) is not None
        ]

    def get_context(self, request, *args, **kwargs):
        # The report's view module reads the signatory's checklist and its initiatives; it
        # imports this module, so it is imported when a report is shown.
        from monitoring.report_view import report_context  # imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(report_context(self))
        return context


class ReportSnapshot(models.Model):
    """What a report recorded when the secretariat first published it: the date it was accepted
    and the signatory's approved checklist at that moment.

    Kept apart from the page because publishing an older revision rewrites every page field;
    this row is written once, on the first publication, and never again.
    """

    report = models.OneToOneField(
        MonitoringReportPage, on_delete=models.CASCADE, primary_key=True, related_name="snapshot"
    )
    accepted_on = models.DateField()
    checklist = models.JSONField(
        default=list,
        help_text="One entry per action: its code, P, title, state, year and note, as approved.",
    )

    class Meta:
        verbose_name = "report snapshot"

    def __str__(self):
        return f"{self.report.title}: accepted on {self.accepted_on:%d %B %Y}"
