"""The body every page type shares: the library's blocks, with headings kept in order."""

from django.core.exceptions import ValidationError
from wagtail import blocks

from core.blocks.figures import FourPCardsBlock, KeyFiguresBlock, SignatoryFiguresBlock
from core.blocks.links import CallToActionBlock, LinkListBlock
from core.blocks.media import DocumentListBlock, ImageBlock, VideoBlock
from core.blocks.text import (
    AccordionBlock,
    HeadingBlock,
    ParagraphBlock,
    QuoteBlock,
    TableBlock,
)


def stream_of_child_previews(stream_block, names):
    """A stream made of the named children's own previews, in that order: a stream's preview
    then follows its blocks' sample values instead of repeating them."""
    return stream_block.normalize(
        [(name, stream_block.child_blocks[name].get_preview_value()) for name in names]
    )


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks an editor can put in any page body.

    A body sits under the page's h1: it checks that an h3 subsection comes after an h2 section
    and that no two headings share an anchor, so pages keep headings in order.
    """

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    video = VideoBlock()
    documents = DocumentListBlock()
    links = LinkListBlock()
    four_ps = FourPCardsBlock(label="Four P cards")
    key_figures = KeyFiguresBlock()
    accordion = AccordionBlock(label="Accordion (FAQ)")
    table = TableBlock()
    signatory_figures = SignatoryFiguresBlock()

    def clean(self, value):
        """An h3 only under an h2, and each anchor used once."""
        cleaned = super().clean(value)
        errors = {}
        seen_h2 = False
        anchors = set()
        for index, child in enumerate(cleaned):
            if child.block_type != "heading":
                continue
            heading = child.value
            if heading["level"] == "h2":
                seen_h2 = True
            elif not seen_h2:
                errors[index] = blocks.StructBlockValidationError(
                    block_errors={
                        "level": ValidationError(
                            "A subsection (h3) needs a section heading (h2) above it; "
                            "make this one a section."
                        )
                    }
                )
            if heading["anchor"] in anchors:
                errors[index] = blocks.StructBlockValidationError(
                    block_errors={
                        "anchor": ValidationError(
                            f"Another heading already uses the anchor '{heading['anchor']}'."
                        )
                    }
                )
            if heading["anchor"]:
                anchors.add(heading["anchor"])
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return cleaned

    def get_preview_value(self):
        """A short body: a section heading, a paragraph, a quote and a call to action."""
        return stream_of_child_previews(self, ("heading", "paragraph", "quote", "call_to_action"))

    class Meta:
        description = "The body of a page: headings, text, media, links and figures."
