"""The database of good practices: every live initiative, searchable and filterable, at
/good-practices/, with the initiatives the secretariat chose to feature shown first.

Featuring is an orderable list on this page rather than a flag on InitiativePage: signatories
edit their own initiatives (and so could tick a flag on them), but only editors can edit this
page, so no signatory can feature its own work.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from core.visibility import SitePage


class TargetGroup(models.Model):
    """Who an initiative is for, from a short controlled list (rows made by a migration), so the
    database can filter on it; the initiative's free-text `target_groups` describes it in full."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "name")
        verbose_name = "target group"

    def __str__(self):
        return self.name


class GoodPracticesPage(RoutablePageMixin, SitePage):
    """/good-practices/: the initiatives as a database, filtered and searched by query
    parameters (see pact/good_practices.py), every state of it a shareable address."""

    introduction = models.TextField(
        blank=True,
        help_text="A short text above the database: what it holds and how to use it.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel(
            "featured_items",
            heading="Selected good practices",
            label="Selected good practice",
            help_text="Initiatives shown first in the database and on the home page, in this "
            "order. Only live, public initiatives are shown.",
        ),
    ]

    api_fields = [
        APIField("introduction"),
        APIField("featured_initiatives"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "good practices database"

    @property
    def featured_initiatives(self):
        """The selected good practices that are live and public, as {id, title, url}, for the
        API (the database itself is /api/v2/pages/?type=pact.InitiativePage)."""
        # pact.good_practices imports the page models, so it is imported when this runs.
        from pact.good_practices import featured_ids

        ids = featured_ids()
        pages = {
            page.pk: page for page in Page.objects.filter(pk__in=ids).only("title", "url_path")
        }
        return [
            {"id": pk, "title": pages[pk].title, "url": pages[pk].full_url}
            for pk in ids
            if pk in pages
        ]

    @path("")
    def database(self, request):
        # pact.views imports the page models, so it is imported when this runs.
        from pact.views import good_practices_context

        return self.render(request, context_overrides=good_practices_context(self, request))


class FeaturedGoodPractice(Orderable):
    """One initiative the secretariat selected as a good practice."""

    page = ParentalKey(GoodPracticesPage, related_name="featured_items", on_delete=models.CASCADE)
    initiative = models.ForeignKey(
        "pact.InitiativePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("initiative", "pact.InitiativePage")]

    class Meta(Orderable.Meta):
        verbose_name = "selected good practice"
