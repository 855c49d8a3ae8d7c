"""The Pact itself: in brief, its four Ps with their possible actions, and in full.

The possible actions are data (monitoring.PossibleAction, kept by the secretariat); the page
shows the current ones under each P's section and on /pact/<p>/.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.four_ps import FOUR_PS, P_BY_SLUG
from core.pagination import paginate
from core.visibility import SitePage
from pact.blocks import ACTIONS_CONTEXT_KEY, PactSectionsBlock, current_actions_by_p

TAGGED_PAGES_PER_PAGE = 12
PACT_SLUG = "pact"


def four_empty_sections():
    """A new Pact page starts with its four sections in place, for the editor to fill in."""
    return [(p.slug, {"introduction": ""}) for p in FOUR_PS]


class PactPage(RoutablePageMixin, SitePage):
    """The Pact of Towns and Regions, at /pact/.

    Each P also has its own listing at /pact/<p>/ (e.g. /pact/prevention/) with every live page
    tagged with it, whatever its type. Children would hide behind those addresses, so the Pact
    page has none.
    """

    introduction = models.TextField(
        "the Pact in brief",
        max_length=800,
        help_text="A short paragraph under the title: what a town or region commits to.",
    )
    sections = StreamField(
        PactSectionsBlock(),
        default=four_empty_sections,
        verbose_name="the four Ps",
        help_text=(
            "One section per P: what it means for a town or region. The sections appear in "
            "the order set here; under each, the page lists its possible actions, which the "
            "secretariat keeps under “Possible actions” in the admin menu."
        ),
    )
    full_text = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name="the Pact in full",
        help_text="The complete text of the Pact, with headings for its parts.",
    )
    sign_text = models.CharField(
        "invitation to sign",
        max_length=250,
        default="Is your town or region ready to act? Signing the Pact takes a few minutes.",
        help_text="The sentence beside the “Sign the Pact” button, which leads to /join/.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("sections"),
        FieldPanel("full_text"),
        FieldPanel("sign_text"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("sections"),
        index.SearchField("possible_actions_text"),
        index.SearchField("full_text"),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("sections"),
        APIField("full_text"),
        APIField("sign_text"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = "Pact page"

    def clean(self):
        super().clean()
        if self.slug != PACT_SLUG:
            raise ValidationError(
                {
                    "slug": "The Pact lives at /pact/, where the whole site and other sites "
                    "link to it: keep the slug 'pact'."
                }
            )

    def possible_actions_text(self):
        """The current actions' titles and descriptions, found by site search with the page
        (re-indexed when an action is saved: pact/caching.py)."""
        return "\n".join(
            f"{action.title}\n{strip_tags(action.description)}"
            for actions in current_actions_by_p().values()
            for action in actions
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The four sections' actions in one query (PactSectionBlock reads them from here).
        context[ACTIONS_CONTEXT_KEY] = current_actions_by_p()
        return context

    @path("")
    def pact(self, request):
        return self.render(request)

    @path("<slug:p_slug>/", name="p_listing")
    def p_listing(self, request, p_slug):
        """Everything tagged with one P, newest first, paginated; an unknown P is a 404."""
        # pact.tagged_pages imports the page models, so it is imported when this runs.
        from pact.tagged_pages import pages_tagged_with

        p = P_BY_SLUG.get(p_slug)
        if p is None:
            raise Http404("There is no such P.")
        tagged_page, page_notice = paginate(
            pages_tagged_with(p.slug), request.GET.get("page"), TAGGED_PAGES_PER_PAGE
        )
        section = next((child.value for child in self.sections if child.block_type == p.slug), None)
        return self.render(
            request,
            template="pact/p_listing.html",
            context_overrides={
                "p": p,
                "p_section": section,
                "p_actions": current_actions_by_p()[p.slug],
                "tagged_page": tagged_page,
                "notices": [page_notice] if page_notice else [],
                "other_ps": [other for other in FOUR_PS if other != p],
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [
                {"location": base + p.slug + "/", "lastmod": self.last_published_at}
                for p in FOUR_PS
            ]
        return urls
