"""The public progress dashboard: one page, /progress/, under the home page."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from core.visibility import SitePage

# The datasets one can download, each as CSV and JSON (monitoring.dashboard.SLUGS).
DOWNLOAD_PATTERN = (
    r"^(?P<slug>signatories-over-time|statuses|actions-by-p|actions|countries)"
    r"\.(?P<extension>csv|json)/$"
)


class ProgressPage(RoutablePageMixin, SitePage):
    """Where the Pact stands, in charts and tables: signatories over time, who is up to date
    with their reports, the actions in place per P and one by one, and per country. Every view
    is an address (`?country=FR`, `?p=prevention`) and each chart's data can be downloaded as
    CSV or JSON at `<slug>.csv` and `<slug>.json` with the same parameters.

    The numbers are counted on every request from the live data (monitoring/progress.py), so
    the page holds no figure of its own: an editor writes only its title and introduction.
    """

    introduction = models.TextField(
        blank=True,
        help_text="A short text above the charts: what they show and where the data comes from.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "progress dashboard"

    @path("")
    def dashboard(self, request):
        # monitoring.views imports the page models, so it is imported when this runs.
        from monitoring.views import dashboard_context

        return self.render(request, context_overrides=dashboard_context(self, request))

    @re_path(DOWNLOAD_PATTERN)
    def download(self, request, slug, extension):
        # monitoring.views imports the page models, so it is imported when this runs.
        from monitoring.views import dataset_response

        return dataset_response(self, request, slug, extension)

    def download_path(self, slug, extension):
        """The address of one dataset, without the trailing slash Wagtail adds to routes."""
        return f"{self.url}{slug}.{extension}"
