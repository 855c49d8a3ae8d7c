"""Text in a body: sanitised rich text, paragraphs, headings, quotes, questions and tables.

Rich text stays small on purpose: headings come from the heading block (so they get anchors and
stay in order), images from the image block (so they get alt text); no raw HTML, no embeds. And
whatever way rich text reached the database, it is cleaned against its feature list on output.
"""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.rich_text import RichText

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
# Inside table cells and accordion answers: inline formatting and links only.
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link"]


def sanitise_rich_text(source, features):
    """Database-format rich text reduced to what `features` allow: no script, no on* attribute,
    no javascript: link, no element the editor could not have made."""
    if not source:
        return ""
    # Imported here: the sanitiser loads the page model, which isn't ready at import time.
    from wagtail.api.rich_text import APIRichText

    cleaned, _removals = APIRichText.sanitize_db_html(source, features=features)
    return cleaned


class SanitisedRichText(RichText):
    """Rich text that is cleaned against its block's features whenever it is shown.

    The stored source stays as the editor saved it (Draftail's block keys included, which
    comments in the admin rely on); what reaches a page or the API is the cleaned version.
    """

    def __init__(self, source, features=None):
        super().__init__(source)
        self.features = features

    @cached_property
    def clean_source(self):
        """The source with everything its features do not allow taken out."""
        return sanitise_rich_text(self.source, self.features)

    def __html__(self):
        return RichText(self.clean_source).__html__()


class SanitisedRichTextBlock(blocks.RichTextBlock):
    """Rich text limited to its feature list however it reached the database.

    The admin's editor already drops what the features don't allow; content written another
    way (code, imports, an API client) is cleaned the same way on output, so a stored <script>
    or on* attribute never reaches a page or the API.
    """

    def to_python(self, value):
        return SanitisedRichText(value, self.features)

    def value_from_form(self, value):
        return SanitisedRichText(value, self.features)

    def normalize(self, value):
        source = value.source if isinstance(value, RichText) else value
        return SanitisedRichText(source, self.features)

    def get_api_representation(self, value, context=None):
        return super().get_api_representation(RichText(value.clean_source), context)

    class Meta:
        preview_value = (
            "<p>Towns and regions can act under each of the four Ps, often at "
            "<b>little cost</b>.</p>"
        )


class ParagraphBlock(SanitisedRichTextBlock):
    """Running text: paragraphs, lists, bold, italic and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        description = "Paragraphs of text, with lists, bold, italic and links."
        preview_value = (
            "<p>Towns and regions are closest to children and families. The Pact gives them "
            "<b>concrete actions</b> under four headings.</p>"
        )


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

    def clean(self, value):
        """The anchor becomes a slug ('How to sign' -> 'how-to-sign'); refused if none is left."""
        value = super().clean(value)
        if value.get("anchor"):
            anchor = slugify(value["anchor"])
            if not anchor:
                raise blocks.StructBlockValidationError(
                    block_errors={
                        "anchor": ValidationError(
                            "Use letters, digits and hyphens, e.g. 'how-to-sign'."
                        )
                    }
                )
            value["anchor"] = anchor
        return value

    def get_api_representation(self, value, context=None):
        return {
            "text": value.get("text"),
            "level": value["level"],
            "anchor": slugify(value.get("anchor") or "") or None,
        }

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = "A section (h2) or subsection (h3) heading, with an optional anchor."
        preview_value = {"text": "Why the Pact matters", "level": "h2", "anchor": ""}


class QuoteBlock(blocks.StructBlock):
    """A quotation set apart from the text, with who said it."""

    quote = blocks.TextBlock(max_length=600, help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text="Who said it, e.g. 'Mayor of Lanzarote'."
    )
    source = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Optional: where or when it was said, e.g. 'Congress session, October 2013'.",
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "A quotation with its author."
        preview_value = {
            "quote": "Every town can do something, and most of it costs very little.",
            "attribution": "A signatory mayor",
            "source": "",
        }


# The sample question of an item's preview, also the first of the accordion's.
SAMPLE_QUESTION = {
    "question": "Who can sign the Pact?",
    "answer": "<p>Towns, cities, regions and their associations.</p>",
}


class AccordionItemBlock(blocks.StructBlock):
    """One question and its answer."""

    question = blocks.CharBlock(max_length=200, help_text="The question, as a reader would ask it.")
    answer = SanitisedRichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="The answer, shown when the reader opens it."
    )

    class Meta:
        icon = "help"
        template = "blocks/accordion_item_block.html"
        description = "One question and the answer readers see when they open it."
        preview_value = SAMPLE_QUESTION


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that open one by one (works without JavaScript)."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Questions and answers'."
    )
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1, help_text="Questions, in order.")

    class Meta:
        icon = "list-ol"
        template = "blocks/accordion_block.html"
        description = "Questions and answers (FAQ) that readers open one by one."
        preview_value = {
            "heading": "Questions and answers",
            "items": [
                SAMPLE_QUESTION,
                {
                    "question": "Does signing cost anything?",
                    "answer": "<p>No. Many of the possible actions cost <b>almost nothing</b>.</p>",
                },
            ],
        }


class TableBlock(TypedTableBlock):
    """A data table with typed columns: text, numbers or short rich text.

    Wagtail's TypedTableBlock rather than the spreadsheet-like TableBlock: its HTML carries no
    style="" attributes, which the public Content Security Policy would block.
    """

    text = blocks.CharBlock(label="Text", max_length=200)
    number = blocks.DecimalBlock(label="Number")
    rich_text = SanitisedRichTextBlock(label="Text with links", features=INLINE_RICH_TEXT_FEATURES)

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        description = "A table with a caption and column headings."
        preview_value = {
            "caption": "Signatories by kind of authority",
            "columns": [
                {"type": "text", "heading": "Kind"},
                {"type": "number", "heading": "Signatories"},
            ],
            "rows": [
                {"values": ["Cities and towns", "58"]},
                {"values": ["Regions", "19"]},
            ],
        }
