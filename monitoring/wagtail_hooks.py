"""The monitoring app in the admin. Each part appends its own section below."""

from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .models import LanzaroteStatus

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
