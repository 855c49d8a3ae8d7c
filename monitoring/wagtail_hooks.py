"""The monitoring app in the admin.

- The secretariat's monitoring dashboard and hold views (admin_views.py, under
  /admin/monitoring/, for monitoring.view_signatorymonitoring), and the signatory's own deadline
  and reports on its admin dashboard. Signatories never reach /admin/monitoring/: the narrow
  admin's allow-list (pact/signatory_rights/narrow_admin.py) refuses it.
- The Lanzarote Convention's dates, country by country, for editors (modeladmin).
- The Pact's possible actions for the secretariat: listed by P in the Pact's order, retired
  (never deleted) so the checklists and reports that name them keep their meaning; the
  identifier cannot change once saved. Signatories never reach these addresses.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from monitoring.models import (
    LanzaroteStatus,
    MonitoringReportPage,
    MonitoringSettings,
    PossibleAction,
    ReportSnapshot,
    SignatoryMonitoring,
)
from monitoring.models.actions import p_order_expression
from pact.signatory_rights.signatories import is_signatory, own_signatory_page

from . import admin_views, status

# Possible actions ------------------------------------------------------------------------


class PossibleActionForm(WagtailAdminModelForm):
    """The identifier is shown but cannot be changed once the action is saved (a disabled
    field ignores whatever a request sends for it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = (
                "The identifier the API, the exports and the checklists use: it cannot change. "
                "To replace the action, retire it and add a new one."
            )


class InThePactFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "listed"

    def lookups(self, request, model_admin):
        return [("current", "Listed today"), ("retired", "Retired")]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(retired_on__isnull=True)
        if self.value() == "retired":
            return queryset.filter(retired_on__isnull=False)
        return queryset


class RetireNotDeletePermissionHelper(PermissionHelper):
    """Nobody deletes a possible action, superusers included: it is retired instead."""

    def user_can_delete_obj(self, user, obj):
        return False


class PossibleActionAdmin(ModelAdmin):
    """The Pact's possible actions, by P in the Pact's order, then by their order."""

    model = PossibleAction
    menu_label = "Possible actions"
    menu_icon = "tasks"
    menu_order = 210
    add_to_admin_menu = True
    exclude_from_explorer = True
    list_display = ("title", "p", "code", "sort_order", "retired_on")
    list_filter = ("p", InThePactFilter, "cost")
    search_fields = ("title", "code")
    ordering = ("p_order", "sort_order", "pk")
    permission_helper_class = RetireNotDeletePermissionHelper
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("p"), FieldPanel("sort_order")]),
            FieldPanel("title"),
            FieldPanel("code"),
            FieldPanel("description"),
            FieldPanel("cost"),
            FieldPanel("retired_on"),
        ],
        base_form_class=PossibleActionForm,
    )

    def get_queryset(self, request):
        queryset = self.model._default_manager.annotate(p_order=p_order_expression())
        return queryset.order_by(*self.get_ordering(request))


modeladmin_register(PossibleActionAdmin)


@hooks.register("insert_global_admin_css")
def checklist_editor_css():
    """The checklist panel's layout on the signatory page's edit form (a stylesheet: the admin's
    Content Security Policy allows no inline style)."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("monitoring/css/checklist-admin.css")
    )


@hooks.register("register_admin_urls")
def monitoring_admin_urls():
    return [
        path("monitoring/", admin_views.DashboardView.as_view(), name="monitoring_dashboard"),
        path(
            "monitoring/<int:signatory_id>/hold/",
            admin_views.HoldView.as_view(),
            name="monitoring_hold",
        ),
    ]


class MonitoringMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def monitoring_menu_item():
    return MonitoringMenuItem(
        "Monitoring", reverse("monitoring_dashboard"), icon_name="date", order=260
    )


class SignatoryDeadlinePanel(Component):
    """On a signatory's dashboard: its next deadline, its status and its reports."""

    name = "signatory_monitoring"
    template_name = "monitoring/admin/signatory_deadline.html"
    order = 20

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        page = own_signatory_page(request.user)
        context["own_page"] = page
        if page is None:
            return context
        record = SignatoryMonitoring.objects.filter(signatory=page).first()
        periods = MonitoringSettings.load()
        on = status.today()
        context["record"] = record
        context["status"] = status.status_of_record(record, on=on, periods=periods)
        context["today"] = on
        context["days_left"] = (record.next_deadline - on).days if record else None
        reports = list(
            MonitoringReportPage.objects.child_of(page)
            .defer_streamfields()
            .order_by("-latest_revision_created_at")
        )
        accepted = dict(
            ReportSnapshot.objects.filter(report__in=reports).values_list(
                "report_id", "accepted_on"
            )
        )
        in_review = set(
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS,
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(report.pk) for report in reports],
            ).values_list("object_id", flat=True)
        )
        for report in reports:
            report.accepted_on = accepted.get(report.pk)
            report.in_review = str(report.pk) in in_review
        context["reports"] = reports
        context["add_url"] = reverse(
            "wagtailadmin_pages:add", args=("monitoring", "monitoringreportpage", page.pk)
        )
        return context


class SecretariatMonitoringPanel(Component):
    """On the secretariat's dashboard: how many are overdue, due soon, waiting for review."""

    name = "secretariat_monitoring"
    template_name = "monitoring/admin/secretariat_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        on = status.today()
        periods = MonitoringSettings.load()
        by_status = admin_views.counts(admin_views.monitored(on, periods))
        context["overdue"] = by_status[status.Status.OVERDUE]
        context["on_hold"] = by_status[status.Status.ON_HOLD]
        context["awaiting"] = len(admin_views.reports_in_review())
        context["dashboard_url"] = reverse("monitoring_dashboard")
        return context


@hooks.register("construct_homepage_panels", order=100)
def monitoring_homepage_panels(request, panels):
    """After accounts' hook, which leaves a signatory its own dashboard panel only."""
    if is_signatory(request.user):
        panels.append(SignatoryDeadlinePanel())
    elif request.user.has_perm(admin_views.VIEW_PERMISSION):
        panels.append(SecretariatMonitoringPanel())


# --- The Lanzarote Convention, country by country (part "progress") ---------------------------


class LanzaroteStatusAdmin(ModelAdmin):
    """Each country's signature, ratification and entry into force of the Lanzarote Convention,
    kept by editors from the Council of Europe's Treaty Office and shown on the country pages
    (/participants/country/<code>/). Editors (the Secretariat group) hold the rights on it;
    signatories never do. The model refuses a ratification before the signature and an entry
    into force without a ratification."""

    model = LanzaroteStatus
    menu_label = "Lanzarote Convention"
    menu_icon = "globe"
    add_to_settings_menu = False
    exclude_from_explorer = True
    list_display = ("country", "signed_on", "ratified_on", "in_force_on", "note")
    list_filter = ("ratified_on", "in_force_on")
    ordering = ("country",)


modeladmin_register(LanzaroteStatusAdmin)
