"""The monitoring app in the admin. Each part appends its own hooks at the end of this module.

Possible actions: the secretariat's listing of the Pact's possible actions (monitoring.
PossibleAction), by P in the Pact's order. An action is retired (its "retired on" date set),
never deleted, so the checklists and reports that name it keep their meaning; its identifier
cannot change once saved. Listing and editing need monitoring.add/change_possibleaction, which
the Secretariat group holds (pact/signatory_rights/grants.py); signatories never reach these
addresses (the admin allow-list, docs/permissions.md).
"""

from django.contrib import admin
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from monitoring.models import PossibleAction
from monitoring.models.actions import p_order_expression

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
