"""The secretariat's listing of deletion requests, and the account menu's links to a user's
two-step login and personal data pages."""

from django.urls import re_path, reverse
from wagtail import hooks
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from privacy import admin_views
from privacy.models import DeletionRequest, DeletionStatus


class DeletionButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(
            obj, exclude, classnames_add=classnames_add, classnames_exclude=classnames_exclude
        )
        if obj.status == DeletionStatus.PENDING and self.request.user.has_perm(
            admin_views.EXECUTE_PERMISSION
        ):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("execute", obj.pk),
                    "label": "Delete the data",
                    "classname": "button button-small no",
                    "title": f"Delete the account and data of {obj}",
                }
            )
        return buttons


class DeletionRequestAdmin(ModelAdmin):
    """Deletion requests, for the secretariat (privacy.view_deletionrequest)."""

    model = DeletionRequest
    menu_label = "Deletion requests"
    menu_icon = "bin"
    menu_order = 260
    add_to_admin_menu = True
    button_helper_class = DeletionButtonHelper
    list_display = ("organisation_name", "email", "status", "requested_at", "executed_at")
    list_filter = ("status",)
    search_fields = ("organisation_name", "email")
    inspect_view_enabled = True
    inspect_view_fields = (
        "organisation_name",
        "email",
        "message",
        "status",
        "requested_at",
        "executed_at",
        "executed_by",
        "summary",
    )

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("execute"),
                admin_views.ExecuteDeletionView.as_view(model_admin=self),
                name=self.url_helper.get_action_url_name("execute"),
            ),
        )


modeladmin_register(DeletionRequestAdmin)


@hooks.register("register_account_menu_item")
def two_step_login_menu_item(request):
    return {
        "url": reverse("two_factor:overview"),
        "label": "Two-step login",
        "help_text": "Your authenticator app and recovery codes.",
    }


@hooks.register("register_account_menu_item")
def personal_data_menu_item(request):
    return {
        "url": reverse("privacy:my_data"),
        "label": "Your personal data",
        "help_text": "Download what the platform holds about you, or ask for its deletion.",
    }
