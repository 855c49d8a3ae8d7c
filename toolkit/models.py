"""The toolkit page, its documents, and the poster's design chosen by editors."""

import re
from http import HTTPMethod

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.visibility import SitePage
from toolkit import poster
from toolkit.badges import badge_snippets
from toolkit.languages import LANGUAGE_BY_CODE, LANGUAGE_CHOICES
from toolkit.views import poster_view

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


# The artwork band's proportions at about 200 dpi.
ARTWORK_RENDITION_WIDTH = 2340
ARTWORK_RENDITION_HEIGHT = round(2340 * poster.BAND_HEIGHT / poster.PAGE_WIDTH)


def validate_colour_for_white_text(value):
    """A colour written as #rrggbb, dark enough for white text on it (WCAG AA, 4.5:1)."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Write the colour as # and six hexadecimal digits, e.g. #0b3a75.")
    ratio = contrast_with_white(value)
    if ratio < 4.5:
        raise ValidationError(
            f"White text on {value} has a contrast of {ratio:.1f}:1; it needs 4.5:1 to be "
            "readable. Choose a darker colour."
        )


def contrast_with_white(hex_colour):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


@register_setting(icon="image")
class PosterSettings(BaseSiteSetting):
    """The campaign's look on the customisable poster, chosen by the secretariat."""

    artwork = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Optional picture for the top of the poster, cropped around its focal point to a "
            "wide band. Leave empty for the built-in artwork (five children, one in the accent "
            "colour)."
        ),
    )
    brand_colour = models.CharField(
        max_length=7,
        default=poster.DEFAULT_BRAND_COLOUR,
        validators=[validate_colour_for_white_text],
        help_text="Background of the artwork band and colour of the message, e.g. #0b3a75.",
    )
    accent_colour = models.CharField(
        max_length=7,
        default=poster.DEFAULT_ACCENT_COLOUR,
        validators=[validate_colour_for_white_text],
        help_text="The campaign mark, the highlighted child and the message's bar, e.g. #b0173c.",
    )
    headline = models.CharField(
        max_length=90,
        default=poster.DEFAULT_HEADLINE,
        help_text="The big line at the top of every poster; three lines at most once printed.",
    )

    panels = [
        FieldPanel("headline"),
        MultiFieldPanel(
            [FieldPanel("artwork"), FieldPanel("brand_colour"), FieldPanel("accent_colour")],
            heading="Artwork and colours",
        ),
    ]
    select_related = ["artwork"]

    class Meta:
        verbose_name = "poster design"

    def design(self):
        """The poster design to draw with; the artwork goes through a cropped rendition."""
        artwork = None
        if self.artwork:
            rendition = self.artwork.get_rendition(
                f"fill-{ARTWORK_RENDITION_WIDTH}x{ARTWORK_RENDITION_HEIGHT}"
                "|format-jpeg|jpegquality-85"
            )
            with rendition.file.open("rb") as handle:
                artwork = handle.read()
        return poster.PosterDesign(
            brand_colour=self.brand_colour,
            accent_colour=self.accent_colour,
            headline=self.headline,
            artwork=artwork,
        )


class ToolkitPage(RoutablePageMixin, SitePage):
    """The campaign toolkit: documents to download, the customisable poster (/poster/) and the
    "We signed the Pact" badge (/badge/)."""

    # The poster's form posts to /toolkit/poster/.
    allowed_http_methods = [*SitePage.allowed_http_methods, HTTPMethod.POST]

    introduction = models.TextField(
        max_length=600,
        help_text="A sentence or two on what the toolkit offers and how to use it.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel(
            "documents",
            heading="Documents",
            label="Document",
            help_text=(
                "One row per file. Give the language versions of a publication the same "
                "name so they are listed together."
            ),
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("introduction")]
    api_fields = [APIField("introduction"), APIField("documents")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "toolkit page"

    def publications(self):
        """The documents grouped by publication name, in the editors' order: one query."""
        groups = {}
        for row in self.documents.select_related("document").order_by("sort_order"):
            if row.document is None:
                continue
            groups.setdefault(row.title, []).append(row)
        return [{"title": title, "versions": rows} for title, rows in groups.items()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["publications"] = self.publications()
        return context

    def get_sitemap_urls(self, request=None):
        """The page, then its poster maker and badge: pages of their own for search engines."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [
                {"location": base + route, "lastmod": self.last_published_at}
                for route in ("poster/", "badge/")
            ]
        return urls

    @path("poster/", name="poster")
    def poster(self, request):
        return poster_view(request, self, PosterSettings.for_request(request).design())

    @path("badge/", name="badge")
    def badge(self, request):
        return TemplateResponse(
            request,
            "toolkit/badge_page.html",
            {"page": self, "self": self, "badge_groups": badge_snippets()},
        )


class ToolkitDocument(Orderable):
    """One downloadable file of the toolkit in one language, e.g. the French leaflet on the
    Lanzarote Convention."""

    page = ParentalKey(ToolkitPage, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(
        "publication",
        max_length=120,
        help_text=(
            "The publication's name as readers see it, e.g. 'Leaflet: ONE in FIVE and the Pact'."
        ),
    )
    language = models.CharField(max_length=5, choices=LANGUAGE_CHOICES, default="en")
    description = models.TextField(
        max_length=400, help_text="What the document is and who it is for, in its language."
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The file (PDF preferred).",
    )

    api_fields = [
        APIField("title"),
        APIField("language"),
        APIField("description"),
        APIField("document"),
    ]

    panels = [
        FieldPanel("title"),
        FieldPanel("language"),
        FieldPanel("description"),
        FieldPanel("document"),
    ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    @property
    def language_info(self):
        return LANGUAGE_BY_CODE.get(self.language)

    @property
    def file_size(self):
        """The file's size in bytes (Wagtail stores it when the file is uploaded)."""
        return self.document.get_file_size() if self.document else None

    @property
    def file_format(self):
        """The file's format as readers know it: PDF, DOCX..."""
        return self.document.file_extension.upper() if self.document else ""
