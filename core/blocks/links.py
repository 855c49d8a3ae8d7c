"""Links editors place in a body: safe addresses only, to one destination each.

A link goes to a page the public may see or to a web address (an https:// or http:// address, or
a path on this site such as /join/), never to both and never to a javascript: or data: address.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import cached_property
from wagtail import blocks

from core.blocks.api import page_api_representation, page_full_url
from core.public_urls import absolute_url
from core.visibility import is_publicly_visible

SAFE_URL_SCHEMES = ("http", "https")

LINK_URL_HELP_TEXT = (
    "…or an address: a path on this site such as /join/, or a full address elsewhere "
    "starting with https://."
)


def is_safe_link(url):
    """An https:// or http:// address, or a path on this site such as /join/.

    Paths let editors link to the parts of the site that are not pages in the tree (sign-up,
    calendar); anything else (javascript:, data:, //other-host) never becomes a link.
    """
    if url.startswith("/"):
        return not url.startswith("//") and not any(c.isspace() for c in url)
    parts = urlsplit(url)
    return parts.scheme in SAFE_URL_SCHEMES and bool(parts.netloc)


def validate_link_url(url):
    """Refuse, with a message editors understand, any link that is not a web page."""
    if not is_safe_link(url):
        raise ValidationError(
            "Enter a full address starting with https://, or a path on this site such as /join/."
        )
    if not url.startswith("/"):
        URLValidator(schemes=list(SAFE_URL_SCHEMES))(url)


def address_block():
    """The optional web address of a link (the other choice being a page), checked as safe."""
    return blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link_url],
        label="Address",
        help_text=LINK_URL_HELP_TEXT,
    )


class LinkValue(blocks.StructValue):
    """A link that goes to a page the public may see or to a web address, never to both."""

    @cached_property
    def link_page(self):
        """The chosen page while the public may see it (core.visibility), else None: a draft,
        or a page under an unpublished or private one, is not linked."""
        page = self.get("page")
        return page if page is not None and is_publicly_visible(page) else None

    @cached_property
    def external_url(self):
        """The address typed in, when it is a safe one; else an empty string."""
        url = self.get("url") or ""
        return url if is_safe_link(url) else ""

    @property
    def text(self):
        """The words readers click: the label, else the page's title, else the address."""
        label = self.get("label") or self.get("button_label")
        if label:
            return label
        return self.link_page.title if self.link_page else self.external_url

    @property
    def is_usable(self):
        """False when the chosen page was unpublished or deleted: the link is then not shown."""
        return bool(self.link_page or self.external_url)


class LinkTargetMixin:
    """Cross-field rules for blocks with a `page` and a `url`: exactly one of them."""

    label_field = "label"

    def clean(self, value):
        """One destination, and words to click when the destination is an address."""
        value = super().clean(value)
        page, url = value.get("page"), value.get("url")
        errors = {}
        non_block_errors = []
        if page and url:
            non_block_errors.append(
                ValidationError(
                    "Choose a page of this site or enter a web address, not both: "
                    "a link can go to only one place."
                )
            )
        elif not page and not url:
            non_block_errors.append(
                ValidationError("Choose a page of this site or enter a web address to link to.")
            )
        if url and not value.get(self.label_field):
            errors[self.label_field] = ValidationError(
                "Give the link the words readers will click: the address alone says little."
            )
        if errors or non_block_errors:
            raise blocks.StructBlockValidationError(
                block_errors=errors, non_block_errors=non_block_errors
            )
        return value

    def link_api_representation(self, value, context=None):
        """The link as the API gives it: its text, absolute URL and the page it goes to."""
        page = value.link_page
        return {
            "text": value.text,
            "url": page_full_url(page, context)
            if page
            else absolute_url(value.external_url) or None,
            "page": page_api_representation(page, context),
        }


# The sample link of a link's preview, also the first of the link list's.
SAMPLE_LINK = {"label": "How to sign the Pact", "page": None, "url": "/join/"}


class LinkBlock(LinkTargetMixin, blocks.StructBlock):
    """One link, to a page of this site or to another site."""

    label = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="The words readers click. Leave blank to use the page's title.",
    )
    page = blocks.PageChooserBlock(required=False, help_text="A page of this site…")
    url = address_block()

    def get_api_representation(self, value, context=None):
        return self.link_api_representation(value, context)

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"
        value_class = LinkValue
        form_classname = "link-block"
        description = "One link, to a page of this site or to another site."
        preview_value = SAMPLE_LINK


class CallToActionBlock(LinkTargetMixin, blocks.StructBlock):
    """A box that asks readers to do one thing, with one button."""

    label_field = "button_label"

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Is your town ready to act?'"
    )
    text = blocks.TextBlock(
        required=False, max_length=400, help_text="Optional: one or two sentences."
    )
    button_label = blocks.CharBlock(
        max_length=60, help_text="What the button says: a verb, e.g. 'Sign the Pact'."
    )
    page = blocks.PageChooserBlock(
        required=False, help_text="The button goes to a page of this site…"
    )
    url = address_block()

    def get_api_representation(self, value, context=None):
        return {
            "heading": value.get("heading"),
            "text": value.get("text"),
            "button": self.link_api_representation(value, context),
        }

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        value_class = LinkValue
        description = "A short appeal with one button."
        preview_value = {
            "heading": "Is your town or region ready to act?",
            "text": "Signing takes a few minutes.",
            "button_label": "Sign the Pact",
            "page": None,
            "url": "/join/",
        }


class LinkListBlock(blocks.StructBlock):
    """A short list of links, to pages of this site or elsewhere."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Read more'."
    )
    links = blocks.ListBlock(LinkBlock(), min_num=1, help_text="Add links, in order.")

    def get_api_representation(self, value, context=None):
        link_block = self.child_blocks["links"].child_block
        return {
            "heading": value.get("heading"),
            "links": [
                link_block.get_api_representation(link, context)
                for link in value["links"]
                if link.is_usable
            ],
        }

    class Meta:
        icon = "list-ul"
        template = "blocks/link_list_block.html"
        description = "A list of links."
        preview_value = {
            "heading": "Read more",
            "links": [
                SAMPLE_LINK,
                {"label": "Who has signed", "page": None, "url": "/participants/"},
            ],
        }
