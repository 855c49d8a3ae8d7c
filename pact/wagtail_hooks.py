"""Admin wiring of the pact app: the signatories' narrow admin (pact/signatory_rights/)."""

from wagtail import hooks

from pact.signatory_rights import narrow_admin

hooks.register("construct_main_menu", narrow_admin.keep_signatory_menu_narrow)
hooks.register("construct_reports_menu", narrow_admin.hide_reports_from_signatories)
hooks.register("construct_settings_menu", narrow_admin.hide_settings_from_signatories)
hooks.register("construct_page_chooser_queryset", narrow_admin.narrow_page_chooser_for_signatories)
narrow_admin.narrow_explorer_user_filters()
narrow_admin.check_admin_api_publish_first()
