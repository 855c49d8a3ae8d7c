"""Page types of the campaign site: the home page, campaign pages and news."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.http import urlencode
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock, LinkBlock
from core.four_ps import FOUR_PS, P_BY_SLUG
from core.pagination import paginate
from core.query_params import P_SLUG, Lookup, Parameters
from core.visibility import SitePage, publicly_visible
from pact.api_fields import FourPsAPIField, TagNamesAPIField
from pact.forms import FourPsTaggedPageForm
from pact.models import FourPItemBase, FourPsField, ServesFourPs

NEWS_PER_PAGE = 10
# What narrows the news listing: a P, or a free tag by its slug.
NEWS_FILTERS = Parameters(
    p=P_SLUG,
    tag=Lookup(
        "the slug of a tag that news carry, such as schools",
        lambda slug: Tag.objects.filter(slug=slug).first(),
    ),
)
LATEST_NEWS_ON_HOME = 3

TAGS_HELP_TEXT = (
    "Optional themes beyond the four Ps, e.g. 'schools' or 'online safety'. "
    "Press Enter or type a comma after each tag."
)
ALT_TEXT_HELP_TEXT = "Describe what the image shows for people who cannot see it."


def image_alt_text_error(image, alt_text, field_name):
    """The error to show when an image is chosen without its alt text."""
    if image is not None and not alt_text.strip():
        return {field_name: "An image needs its alt text: describe what it shows in a sentence."}
    return {}


class HomePage(SitePage):
    """The site root: what the Pact is, the live count of signatories, and where to go next."""

    introduction = models.TextField(
        max_length=600,
        help_text="One or two sentences under the title: what the Pact is and why it matters.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a picture beside the title, at least 1200 pixels wide.",
    )
    hero_image_alt = models.CharField(
        "hero image alt text", max_length=250, blank=True, help_text=ALT_TEXT_HELP_TEXT
    )
    hero_call_to_action = StreamField(
        [("link", LinkBlock())],
        max_num=1,
        blank=True,
        verbose_name="hero button",
        help_text="Optional: the one button under the introduction, e.g. 'Read the Pact'.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The rest of the home page.")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("introduction"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_call_to_action"),
            ],
            heading="Hero",
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("hero_image", serializer=ImageRenditionField("max-1600x900|format-webp")),
        APIField("hero_image_alt"),
        APIField("hero_call_to_action"),
        APIField("body"),
    ]

    # No subpage_types: each page type names its parents, so the features other apps add under
    # the home page (signatories, calendar, toolkit, sign-up) need no change here.
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def clean(self):
        super().clean()
        errors = image_alt_text_error(self.hero_image, self.hero_image_alt, "hero_image_alt")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.publicly_visible()
            .order_by("-date", "-first_published_at")
            .prefetch_related("ps")[:LATEST_NEWS_ON_HOME]
        )
        return context


class CampaignPageP(FourPItemBase):
    """Links a campaign page to the Ps it serves."""

    content_object = ParentalKey(
        "home.CampaignPage", related_name="p_items", on_delete=models.CASCADE
    )


class CampaignPageTag(TaggedItemBase):
    """Links a campaign page to its free thematic tags."""

    content_object = ParentalKey(
        "home.CampaignPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CampaignPage(ServesFourPs, SitePage):
    """General campaign content: ONE in FIVE, the Lanzarote Convention, about the Congress.

    Campaign pages nest, so a topic can have its own subpages.
    """

    introduction = models.TextField(
        max_length=600,
        help_text="One or two sentences under the title: what readers will find on this page.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The content of the page.")
    ps = FourPsField(through="home.CampaignPageP", blank=True)
    tags = ClusterTaggableManager(
        through="home.CampaignPageTag", blank=True, help_text=TAGS_HELP_TEXT
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("ps"), FieldPanel("tags")], heading="Tagging"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("body"),
        APIField("ps", serializer=FourPsAPIField(source="p_items")),
        APIField("tags", serializer=TagNamesAPIField()),
    ]
    base_form_class = FourPsTaggedPageForm

    parent_page_types = ["home.HomePage", "home.CampaignPage"]
    subpage_types = ["home.CampaignPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = "campaign page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = publicly_visible(self.get_children()).specific()
        return context


class NewsIndexPage(SitePage):
    """The campaign's news, newest first, filterable by P and by tag."""

    introduction = models.TextField(
        max_length=600,
        blank=True,
        help_text="Optional: a sentence under the title, e.g. what the news covers.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = "news index"

    def clean(self):
        super().clean()
        if self.slug != "news":
            raise ValidationError(
                {"slug": "The news lives at /news/, where other sites link to it: keep 'news'."}
            )

    def get_context(self, request, *args, **kwargs):
        """The news items of one page of the listing, with the filter that produced them.

        A filter that names no P or tag is dropped with a notice; a page that does not exist
        gives the nearest one that does. Nothing a reader types produces an error page.
        """
        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.child_of(self)
            .publicly_visible()
            .order_by("-date", "-first_published_at")
            .prefetch_related("ps")
        )
        read = NEWS_FILTERS.for_page(request.GET)
        active_p = P_BY_SLUG.get(read.values.get("p"))
        active_tag = read.values.get("tag")
        if active_p:
            news = news.filter(ps__slug=active_p.slug)
        if active_tag:
            news = news.filter(tags__slug=active_tag.slug)

        news_page, page_notice = paginate(news, request.GET.get("page"), NEWS_PER_PAGE)
        context["notices"] = read.notices + ([page_notice] if page_notice else [])
        query = {
            "p": active_p.slug if active_p else "",
            "tag": active_tag.slug if active_tag else "",
        }
        context.update(
            news_page=news_page,
            four_ps=FOUR_PS,
            active_p=active_p,
            active_tag=active_tag,
            query_string=urlencode({key: value for key, value in query.items() if value}),
        )
        return context


class NewsPageP(FourPItemBase):
    """Links a news item to the Ps it is about."""

    content_object = ParentalKey("home.NewsPage", related_name="p_items", on_delete=models.CASCADE)


class NewsPageTag(TaggedItemBase):
    """Links a news item to its free thematic tags."""

    content_object = ParentalKey(
        "home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(ServesFourPs, SitePage):
    """One dated piece of campaign news."""

    date = models.DateField(
        default=timezone.localdate,
        help_text="The date the news is about or was announced; the listing is sorted by it.",
    )
    introduction = models.TextField(
        max_length=400,
        help_text="One or two sentences: the news in brief. Also shown in the news listing.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a picture shown under the title.",
    )
    image_alt = models.CharField(
        "image alt text", max_length=250, blank=True, help_text=ALT_TEXT_HELP_TEXT
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The full story.")
    ps = FourPsField(through="home.NewsPageP", blank=True)
    tags = ClusterTaggableManager(through="home.NewsPageTag", blank=True, help_text=TAGS_HELP_TEXT)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("ps"), FieldPanel("tags")], heading="Tagging"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("date"),
        APIField("introduction"),
        APIField("image", serializer=ImageRenditionField("max-1200x1200|format-webp")),
        APIField("image_alt"),
        APIField("body"),
        APIField("ps", serializer=FourPsAPIField(source="p_items")),
        APIField("tags", serializer=TagNamesAPIField()),
    ]
    base_form_class = FourPsTaggedPageForm

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news item"
        verbose_name_plural = "news items"

    def clean(self):
        super().clean()
        errors = image_alt_text_error(self.image, self.image_alt, "image_alt")
        if errors:
            raise ValidationError(errors)
