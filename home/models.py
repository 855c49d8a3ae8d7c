"""Page types of the campaign site."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from home.blocks import BaseStreamBlock


class HomePage(Page):
    """The site root: what the Pact is, in a sentence, and where to go next."""

    introduction = models.TextField(
        max_length=600,
        help_text="One or two sentences under the title: what the Pact is and why it matters.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The rest of the home page.")

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"
