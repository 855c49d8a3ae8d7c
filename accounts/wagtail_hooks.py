"""The admin side of joining: the secretariat's signatory listing with Approve/Decline, and the
dashboard approved signatories land on (their menus, choosers and reports are narrowed by
pact/signatory_rights/narrow_admin.py)."""

from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import re_path
from django_countries import countries
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from accounts import admin_views
from accounts.email_change import LoginEmailPanel
from accounts.models import ApplicationStatus, SignatoryApplication
from core.exports import SpreadsheetSafeExportMixin
from pact.models import InitiativePage
from pact.signatory_rights import admin_scale
from pact.signatory_rights.signatories import is_signatory, own_signatory_page


def countries_with_signatories():
    """The country codes of the applications, read from the index on country by skipping from
    one code to the next (a few dozen index lookups), never by reading all 200,000 rows as
    SELECT DISTINCT would."""
    quote = connection.ops.quote_name
    table, country = quote(SignatoryApplication._meta.db_table), quote("country")
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE codes(code) AS ("  # noqa: S608 - names from the model, no input
            f" SELECT MIN({country}) FROM {table}"
            f" UNION ALL"
            f" SELECT (SELECT MIN({country}) FROM {table} WHERE {country} > codes.code)"
            f" FROM codes WHERE codes.code IS NOT NULL"
            f") SELECT code FROM codes WHERE code IS NOT NULL"
        )
        return [code for (code,) in cursor.fetchall() if code]


class CountryFilter(SimpleListFilter):
    """Only the countries that have signatories, not all 250."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = countries_with_signatories()
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class SignatoryIndexView(SpreadsheetSafeExportMixin, IndexView):
    """The listing; its CSV and XLSX exports neutralise anything a spreadsheet would run as a
    formula."""

    export_headings = {
        "organisation_name": "Organisation name",
        "town": "Town or region",
        "trusted": "Publishes directly",
        "contact_name": "Contact person",
        "contact_role": "Contact person's role",
        "email": "E-mail",
        "contact_phone": "Phone",
        "authorised_to_sign": "Declared authorised to sign",
        "created_at": "Signed up on",
        "verified_at": "E-mail confirmed on",
        "reviewed_at": "Reviewed on",
    }


class SignatoryButtonHelper(ButtonHelper):
    """Adds Approve, Decline, "publishes directly" and the signed commitment to each row."""

    def _button(self, action, pk, label, title, extra=""):
        return {
            "url": self.url_helper.get_action_url(action, pk),
            "label": label,
            "classname": f"button button-small {extra}".strip(),
            "title": title,
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(
            obj, exclude, classnames_add=classnames_add, classnames_exclude=classnames_exclude
        )
        if not self.request.user.has_perm(admin_views.REVIEW_PERMISSION):
            return buttons
        name = obj.organisation_name
        if obj.status in (ApplicationStatus.PENDING_REVIEW, ApplicationStatus.DECLINED):
            buttons.append(self._button("approve", obj.pk, "Approve", f"Approve {name}"))
        if obj.status == ApplicationStatus.PENDING_REVIEW:
            buttons.append(
                self._button("decline", obj.pk, "Decline", f"Decline {name}", "button-secondary")
            )
        if obj.status == ApplicationStatus.APPROVED:
            label = "Require review" if obj.trusted else "Let publish directly"
            buttons.append(self._button("trust", obj.pk, label, label, "button-secondary"))
        if obj.commitment:
            buttons.append(
                self._button(
                    "commitment", obj.pk, "Signed commitment", "Download", "button-secondary"
                )
            )
        return buttons


class SignatoryAdmin(ModelAdmin):
    """Signatories by status, for the secretariat (accounts.review_signatory)."""

    model = SignatoryApplication
    menu_label = "Signatories"
    menu_icon = "group"
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = SignatoryIndexView
    button_helper_class = SignatoryButtonHelper
    list_display = (
        "organisation_name",
        "profile",
        "kind",
        "country_name",
        "status",
        "trusted",
        "created_at",
    )
    list_filter = (CountryFilter, "profile", "status")
    search_fields = ("organisation_name", "town", "contact_name", "email")
    list_export = (
        "organisation_name",
        "profile",
        "kind",
        "country",
        "town",
        "website",
        "status",
        "trusted",
        "contact_name",
        "contact_role",
        "email",
        "contact_phone",
        "authorised_to_sign",
        "created_at",
        "verified_at",
        "reviewed_at",
    )
    export_filename = "signatories"
    inspect_view_fields = (
        "organisation_name",
        "profile",
        "kind",
        "country",
        "town",
        "website",
        "contact_name",
        "contact_role",
        "email",
        "contact_phone",
        "authorised_to_sign",
        "commitments_accepted_at",
        "privacy_accepted_at",
        "status",
        "decline_reason",
        "trusted",
        "created_at",
        "verified_at",
        "reviewed_at",
    )

    @admin.display(description="country", ordering="country")
    def country_name(self, obj):
        """The country's name, read directly: Django's display of a country field rebuilds the
        list of all 250 countries for every row (a second for a page of 100 rows)."""
        return obj.country.name

    def get_admin_urls_for_registration(self):
        actions = {
            "approve": admin_views.ApproveView,
            "decline": admin_views.DeclineView,
            "trust": admin_views.TrustView,
            "commitment": admin_views.CommitmentDownloadView,
        }
        return super().get_admin_urls_for_registration() + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                view.as_view(model_admin=self),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view in actions.items()
        )


modeladmin_register(SignatoryAdmin)


# The dashboard of approved signatories; the rest of their narrow admin is in
# pact/signatory_rights/narrow_admin.py.


class SignatoryDashboardPanel(Component):
    """A signatory's dashboard: its page, its initiatives, what awaits approval."""

    name = "signatory_dashboard"
    template_name = "accounts/admin/signatory_dashboard.html"
    order = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        page = own_signatory_page(request.user)
        context["request"] = request
        context["own_page"] = page
        initiatives = []
        if page:
            initiatives = list(
                InitiativePage.objects.child_of(page).order_by("-latest_revision_created_at")
            )
        pages = ([context["own_page"]] if context["own_page"] else []) + initiatives
        in_moderation = set(
            WorkflowState.objects.active()
            .filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(p.pk) for p in pages],
            )
            .values_list("object_id", flat=True)
        )
        for p in pages:
            p.awaiting_approval = str(p.pk) in in_moderation
        context["initiatives"] = initiatives
        context["awaiting"] = [p for p in pages if p.awaiting_approval]
        return context


@hooks.register("construct_homepage_panels")
def signatory_dashboard(request, panels):
    if is_signatory(request.user):
        panels[:] = [SignatoryDashboardPanel()]


@hooks.register("register_account_settings_panel")
def login_email_panel(request, user, profile):
    """The login address changes only once the new one is confirmed (accounts/email_change.py);
    Wagtail's own e-mail field is off (WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False)."""
    return LoginEmailPanel(request, user, profile)


# Signatory groups and collections stay out of Wagtail's generic screens (they are managed from
# the listing above): pact/signatory_rights/admin_scale.py.
admin_scale.apply()
