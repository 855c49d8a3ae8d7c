"""The subscribers list in the admin, for the secretariat only.

Listing needs a permission on Subscription (e.g. alerts.view_subscription), which only the
secretariat's group or superusers hold; signatories' groups never get it (see
docs/permissions.md).
"""

from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from alerts.models import Subscription
from core.exports import SpreadsheetSafeExportMixin


class SubscriptionIndexView(SpreadsheetSafeExportMixin, IndexView):
    """The listing; its CSV and XLSX exports neutralise addresses a spreadsheet would run as a
    formula (an address may start with = or +)."""


class SubscriptionAdmin(ModelAdmin):
    """Subscribers, their topics and frequency; exported as CSV or XLSX."""

    model = Subscription
    menu_label = "E-mail alerts"
    menu_icon = "mail"
    add_to_settings_menu = False
    exclude_from_explorer = True
    list_display = ("email", "is_confirmed", "topics_label", "frequency", "created_at")
    list_filter = ("frequency", "initiatives", "news", "events", "confirmed_at")
    search_fields = ("email",)
    list_export = (
        "email",
        "confirmed_at",
        "frequency",
        "initiatives",
        "news",
        "events",
        "ps",
        "countries",
        "created_at",
        "last_digest_at",
    )
    export_filename = "e-mail-alert-subscriptions"
    inspect_view_enabled = True
    index_view_class = SubscriptionIndexView


modeladmin_register(SubscriptionAdmin)
