"""The narrow admin of approved signatories: an allow-list of the admin paths they need, and the
menu, reports, settings and page chooser hooks (registered in pact/wagtail_hooks.py).

Wagtail checks permissions view by view, and has had advisories where a limited editor could
read what it should not. Signatories only need their pages, their images and documents, the
choosers and their own account, so every other admin path is refused before Wagtail sees it.
docs/permissions.md lists what each rule closes.
"""

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.models import Page

from pact.signatory_rights.signatories import is_signatory, pages_a_signatory_may_choose

ALLOWED = re.compile(
    r"^/admin/("
    r"|pages/.*"
    r"|images/.*"
    r"|documents/.*"
    r"|choose-page/.*"
    r"|choose-(external|email|phone|anchor)-link/.*"
    r"|api/main/pages/.*"
    r"|account/.*"
    r"|login/|logout/|password_reset/.*"
    r"|jsi18n/|sprite/|tag-autocomplete/.*|embeds/.*|block-preview/.*"
    r"|dismissibles/|editing-sessions/.*"
    r")$"
)
# Inside allowed areas: listings that show other users or site-wide content, and page actions
# no signatory needs (there is nowhere a signatory may move or copy a page to; privacy and
# ordering are the secretariat's). Wagtail's copy and move views also ask a generic Page, not
# the SignatoryPage, so its permission tester (page_tester.py) would not be consulted.
REFUSED = re.compile(
    r"^/admin/pages/(usage/.*|\d+/usage/.*"
    r"|\d+/(move|copy|privacy|set_position|convert_alias)/.*)$"
)

# The page chooser shows the browsed parent's title whatever the chooser queryset says.
CHOOSER_BROWSE = re.compile(r"^/admin/choose-page/(\d+)/")
# Wagtail's revert view fails (500) on revision 0: answer 404 for everyone.
REVISION_ZERO = re.compile(r"^/admin/pages/\d+/revisions/0+/")

# Main menu items a signatory keeps, by Wagtail's menu item names.
SIGNATORY_MENU_ITEMS = {"explorer", "images", "documents", "help"}


class SignatoryAdminBoundaryMiddleware:
    """Refuses (403) every admin path a signatory has no business on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if REVISION_ZERO.match(path):
            raise Http404("No such revision.")
        if path.startswith("/admin/") and is_signatory(request.user):
            if not ALLOWED.match(path) or REFUSED.match(path):
                raise PermissionDenied("This part of the admin is not open to signatories.")
            browsed = CHOOSER_BROWSE.match(path)
            if (
                browsed
                and not (
                    pages_a_signatory_may_choose(request.user, Page.objects.filter(pk=browsed[1]))
                ).exists()
            ):
                raise PermissionDenied("Signatories may only browse pages they can link to.")
        return self.get_response(request)


def keep_signatory_menu_narrow(request, menu_items):
    """construct_main_menu: a signatory sees its pages, images, documents and help only."""
    if is_signatory(request.user):
        menu_items[:] = [item for item in menu_items if item.name in SIGNATORY_MENU_ITEMS]


def hide_reports_from_signatories(request, menu_items):
    """construct_reports_menu: reports list other users and drafts; their URLs are refused too."""
    if is_signatory(request.user):
        menu_items[:] = []


def hide_settings_from_signatories(request, menu_items):
    """construct_settings_menu: settings are the secretariat's; their URLs are refused too."""
    if is_signatory(request.user):
        menu_items[:] = []


def narrow_page_chooser_for_signatories(pages, request):
    """construct_page_chooser_queryset: signatories may link to their own pages and to the pages
    the public may see, never to drafts."""
    if not is_signatory(request.user):
        return pages
    return pages_a_signatory_may_choose(request.user, pages)
