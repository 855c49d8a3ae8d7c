"""The secretariat's monitoring dashboard (/admin/monitoring/) and putting a signatory on hold.

The dashboard counts the monitored signatories by status (monitoring.status, in SQL: one query)
and lists one group at a time, paginated: overdue, due soon (within the reminder period), every
coming deadline, on hold, and the reports waiting for review. Holding and lifting a hold act on
POST only, ask on GET, and need monitoring.change_signatorymonitoring.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail.models import Page, WorkflowState

from core.pagination import paginate
from core.query_params import Choice, Parameters
from core.visibility import publicly_visible
from pact.caching import purge_after_change
from pact.models import SignatoryPage

from . import status
from .models import MonitoringReportPage, MonitoringSettings, ReportSnapshot, SignatoryMonitoring

VIEW_PERMISSION = "monitoring.view_signatorymonitoring"
HOLD_PERMISSION = "monitoring.change_signatorymonitoring"
PER_PAGE = 50

GROUPS = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "due": "Every coming deadline",
    "on_hold": "On hold",
    "awaiting": "Reports awaiting review",
}
PARAMETERS = Parameters(show=Choice(list(GROUPS)))


def monitored(on, periods):
    """The records of the signatories the public may see, with their `monitoring_status`."""
    return (
        SignatoryMonitoring.objects.filter(
            signatory__in=publicly_visible(SignatoryPage.objects.all())
        )
        .annotate(monitoring_status=status.status_expression("", on=on, periods=periods))
        .select_related("signatory")
    )


def reports_in_review():
    """The MonitoringReportPages waiting for the secretariat's review, oldest request first,
    each with `.signatory`, `.submitted_at` and `.workflow_state`."""
    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
        ).only("object_id", "created_at")
        if state.object_id.isdigit()
    }
    reports = list(MonitoringReportPage.objects.filter(pk__in=states).defer_streamfields())
    parents = {
        page.path: page
        for page in SignatoryPage.objects.filter(
            path__in={report.path[: -Page.steplen] for report in reports}
        ).select_related("monitoring")
    }
    accepted = set(
        ReportSnapshot.objects.filter(report_id__in=[report.pk for report in reports]).values_list(
            "report_id", flat=True
        )
    )
    for report in reports:
        report.signatory = parents.get(report.path[: -Page.steplen])
        report.submitted_at = states[report.pk].created_at
        report.accepted = report.pk in accepted
    return sorted(reports, key=lambda report: report.submitted_at)


def counts(records):
    """{status value: count} in one query."""
    by_status = dict.fromkeys(status.Status.values, 0)
    for row in records.order_by().values("monitoring_status").annotate(n=Count("pk")):
        by_status[row["monitoring_status"]] = row["n"]
    return by_status


class DashboardView(View):
    template_name = "monitoring/admin/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        filters = PARAMETERS.for_page(request.GET)
        show = filters.values.get("show", "overdue")
        on = status.today()
        periods = MonitoringSettings.load()
        soon = on + datetime.timedelta(days=periods.reminder_days)
        records = monitored(on, periods)
        by_status = counts(records)
        due_soon = records.filter(
            monitoring_status__in=status.Stage.values, next_deadline__lte=soon
        )
        awaiting = reports_in_review()
        tally = {
            "overdue": by_status[status.Status.OVERDUE],
            "due_soon": due_soon.count(),
            "due": sum(by_status[value] for value in status.Stage.values),
            "on_hold": by_status[status.Status.ON_HOLD],
            "awaiting": len(awaiting),
        }
        if show == "awaiting":
            items = awaiting
        elif show == "due_soon":
            items = due_soon.order_by("next_deadline", "pk")
        elif show == "due":
            items = records.filter(monitoring_status__in=status.Stage.values).order_by(
                "next_deadline", "pk"
            )
        else:
            items = records.filter(monitoring_status=show).order_by("next_deadline", "pk")
        page, notice = paginate(items, request.GET.get("page"), PER_PAGE)
        notices = filters.notices + ([notice] if notice else [])
        for record in page if show != "awaiting" else []:
            record.status_label = status.Status(record.monitoring_status).label
            record.days = (on - record.next_deadline).days
        return TemplateResponse(
            request,
            self.template_name,
            {
                "show": show,
                "groups": [(key, label, tally[key]) for key, label in GROUPS.items()],
                "group_label": GROUPS[show],
                "by_status": [(choice.label, by_status[choice.value]) for choice in status.Status],
                "page_obj": page,
                "notices": notices,
                "periods": periods,
                "today": on,
                "may_hold": request.user.has_perm(HOLD_PERMISSION),
                "settings_url": reverse(
                    "wagtailsettings:edit", args=("monitoring", "monitoringsettings")
                ),
            },
        )


class HoldForm(forms.Form):
    note = forms.CharField(
        label="Why",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen by the secretariat only. At most 300 characters.",
        error_messages={"required": "Say why it is put on hold: the secretariat sees it later."},
    )


class HoldView(View):
    """Put a signatory on hold (hold=1, with a note) or lift its hold (hold=0)."""

    template_name = "monitoring/admin/hold.html"

    def dispatch(self, request, signatory_id, *args, **kwargs):
        if not request.user.has_perm(HOLD_PERMISSION):
            raise PermissionDenied
        self.record = get_object_or_404(
            SignatoryMonitoring.objects.select_related("signatory"), signatory_id=signatory_id
        )
        self.back = reverse("monitoring_dashboard") + ("?show=on_hold" if self.record.held else "")
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status_code=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"record": self.record, "form": form, "back": self.back},
            status=status_code,
        )

    def get(self, request):
        form = None if self.record.held else HoldForm(initial={"note": self.record.hold_note})
        return self.render(form)

    def post(self, request):
        if self.record.held:
            self.record.held = False
            self.record.save(update_fields=["held"])
            purge_after_change(self.record.signatory)
            messages.success(request, f"{self.record.signatory.title} is no longer on hold.")
            return redirect(reverse("monitoring_dashboard") + "?show=on_hold")
        form = HoldForm(request.POST)
        if not form.is_valid():
            return self.render(form, status_code=400)
        self.record.held = True
        self.record.hold_note = form.cleaned_data["note"].strip()
        self.record.save(update_fields=["held", "hold_note"])
        # No page is published: purge what shows the status (its page, the directory, the map,
        # the exports) as a publish would.
        purge_after_change(self.record.signatory)
        messages.success(request, f"{self.record.signatory.title} is now on hold.")
        return redirect(reverse("monitoring_dashboard") + "?show=on_hold")
