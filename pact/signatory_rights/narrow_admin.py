"""The narrow admin of approved signatories: an allow-list of the admin paths they need, and the
menu, reports, settings and page chooser hooks (registered in pact/wagtail_hooks.py).

Wagtail checks permissions view by view, and has had advisories where a limited editor could
read what it should not. Signatories only need their pages, their images and documents, the
choosers and their own account, so every other admin path is refused before Wagtail sees it.
docs/permissions.md lists what each rule closes.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.api.actions.publish import PublishPageAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.models import Page, PageLogEntry

from core.query_params import PageId
from pact.signatory_rights.signatories import (
    is_signatory,
    own_signatory_page,
    pages_a_signatory_may_choose,
)

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


def users_a_signatory_may_see(request, users):
    """The explorer's Owner and Edited by filters: for a signatory, only the owners and editors
    of the pages of its own subtree (itself and the secretariat's reviewers), never the other
    signatories and applicants that Wagtail lists (every page owner and editor of the site)."""
    if not is_signatory(request.user):
        return users
    own = own_signatory_page(request.user)
    if own is None:
        return users.filter(pk=request.user.pk)
    subtree = Page.objects.filter(path__startswith=own.path)
    editors = PageLogEntry.objects.filter(action="wagtail.edit", page__in=subtree)
    return users.filter(
        Q(pk=request.user.pk)
        | Q(pk__in=subtree.order_by().values("owner_id"))
        | Q(pk__in=editors.order_by().values("user_id"))
    )


def narrow_explorer_user_filters():
    """Wrap the querysets of the explorer's (and page listings') Owner and Edited by filters in
    `users_a_signatory_may_see`. The choices are also what the filter accepts, so an id typed in
    the address is refused too. Called once, at start-up (pact/wagtail_hooks.py)."""
    for name in ("owner", "edited_by"):
        user_filter = PageFilterSet.declared_filters[name]
        if getattr(user_filter, "_pact_narrowed", False):
            continue
        wagtails = user_filter.queryset

        def narrowed(request, wagtails=wagtails):
            users = wagtails(request) if callable(wagtails) else wagtails
            if users is None:
                users = get_user_model().objects.all()
            return users_a_signatory_may_see(request, users)

        user_filter.queryset = narrowed
        user_filter._pact_narrowed = True


class ChosenPagesView(ChosenMultipleView):
    """/admin/choose-page/chosen-multiple/?id=...: Wagtail's answer (title, address) only for the
    pages the page chooser would offer the user (the construct_page_chooser_queryset hooks, so
    `narrow_page_chooser_for_signatories`); Wagtail's view answers for any page id, drafts
    included. An id that is no page id is ignored, never a 500."""

    def get(self, request):
        pks = []
        for text in request.GET.getlist("id"):
            try:
                pks.append(PageId("a page").clean(text.strip()))
            except ValueError:
                continue
        pages = Page.objects.filter(pk__in=pks)
        for hook in hooks.get_hooks("construct_page_chooser_queryset"):
            pages = hook(pages, request)
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": page.get_admin_display_title(),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages.specific()
        ]
        return self.render_chosen_response(result)


class CheckedPublishPageAPIAction(PublishPageAPIAction):
    """The admin API's publish action, with the permission asked first. Wagtail's action saves a
    revision (as the requesting user) before its publish step checks the right, so a refused
    publish still wrote a revision (issue 16, item 7)."""

    def execute(self, instance, data):
        if not instance.specific.permissions_for_user(self.request.user).can_publish():
            raise PermissionDenied("You do not have permission to publish this page.")
        return super().execute(instance, data)


def check_admin_api_publish_first():
    """Put CheckedPublishPageAPIAction in place of Wagtail's (pact/wagtail_hooks.py)."""
    PagesAdminAPIViewSet.actions = {
        **PagesAdminAPIViewSet.actions,
        "publish": CheckedPublishPageAPIAction,
    }
