"""Admin wiring of the toolkit: the badge panel on every user's dashboard."""

from django.forms import Media
from wagtail import hooks
from wagtail.admin.ui.components import Component

from toolkit.badges import badge_snippets
from toolkit.models import ToolkitPage


class BadgePanel(Component):
    """The "We signed the Pact" badge, with the HTML to copy for each size and language, on the
    dashboard where signatories land after logging in."""

    name = "toolkit_badge"
    order = 120
    template_name = "toolkit/admin/badge_panel.html"

    @property
    def media(self):
        return Media(
            css={"all": ["toolkit/css/badge-panel.css"]}, js=["toolkit/js/copy-snippet.js"]
        )

    def get_context_data(self, parent_context):
        toolkit = ToolkitPage.objects.publicly_visible().first()
        return {
            "badge_groups": badge_snippets(),
            "badge_page_url": (toolkit.url + toolkit.reverse_subpage("badge") if toolkit else ""),
            "poster_url": toolkit.url + toolkit.reverse_subpage("poster") if toolkit else "",
        }


@hooks.register("construct_homepage_panels")
def add_badge_panel(request, panels):
    panels.append(BadgePanel())
