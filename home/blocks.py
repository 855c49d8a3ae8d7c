"""The one StreamField block library, used by every page type of the site.

Each block renders through its own template in templates/blocks/ and gives clean JSON to the API.
"""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Rich text stays small on purpose: no raw HTML, no embeds, no images inside paragraphs.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; its anchor lets other pages link straight to the section."""

    text = blocks.CharBlock(max_length=200, help_text="The heading as readers see it.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")],
        default="h2",
        help_text="Use h2 for sections and h3 inside them, so headings stay in order.",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Optional link target: 'how-to-sign' makes the address end in #how-to-sign.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Why the Pact matters", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """An image with the text alternative screen-reader users hear, and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class SignatoryFiguresBlock(blocks.StructBlock):
    """The live count of signatories ("77 cities and regions from 22 countries"), counted when
    the page is shown, with a link to the directory."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Who has signed so far'."
    )

    class Meta:
        icon = "group"
        template = "blocks/signatory_figures_block.html"
        preview_value = {"heading": "Who has signed so far"}
        label = "Signatory figures"


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks an editor can put in any page body."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", template="blocks/paragraph_block.html"
    )
    image = ImageBlock()
    signatory_figures = SignatoryFiguresBlock()
