"""The one StreamField block library, used by every page type of the site.

Split by concern: links (safe addresses, one destination each), text (sanitised rich text,
headings, quotes, questions, tables), media (images, videos, documents), figures (four-P cards,
key figures, the signatory count), api (how images, documents and pages read in the API) and
stream (the body every page shares). Each block renders through its own template in
templates/blocks/, gives clean JSON to the API (titles and absolute URLs, never bare ids) and
has a preview value, so editors see it in the admin's block picker before choosing it.
"""

from core.blocks.api import (
    document_api_representation,
    image_api_representation,
    page_api_representation,
)
from core.blocks.figures import (
    FourPCardBlock,
    FourPCardsBlock,
    KeyFigureBlock,
    KeyFiguresBlock,
    SignatoryFiguresBlock,
)
from core.blocks.links import (
    CallToActionBlock,
    LinkBlock,
    LinkListBlock,
    LinkTargetMixin,
    LinkValue,
    is_safe_link,
    validate_link_url,
)
from core.blocks.media import (
    DocumentListBlock,
    ImageBlock,
    VideoBlock,
    VideoValue,
    frame_allowed,
    video_embed_url,
)
from core.blocks.stream import BaseStreamBlock, stream_of_child_previews
from core.blocks.text import (
    INLINE_RICH_TEXT_FEATURES,
    RICH_TEXT_FEATURES,
    AccordionBlock,
    AccordionItemBlock,
    HeadingBlock,
    ParagraphBlock,
    QuoteBlock,
    SanitisedRichText,
    SanitisedRichTextBlock,
    TableBlock,
    sanitise_rich_text,
)

__all__ = [
    "INLINE_RICH_TEXT_FEATURES",
    "RICH_TEXT_FEATURES",
    "AccordionBlock",
    "AccordionItemBlock",
    "BaseStreamBlock",
    "CallToActionBlock",
    "DocumentListBlock",
    "FourPCardBlock",
    "FourPCardsBlock",
    "HeadingBlock",
    "ImageBlock",
    "KeyFigureBlock",
    "KeyFiguresBlock",
    "LinkBlock",
    "LinkListBlock",
    "LinkTargetMixin",
    "LinkValue",
    "ParagraphBlock",
    "QuoteBlock",
    "SanitisedRichText",
    "SanitisedRichTextBlock",
    "SignatoryFiguresBlock",
    "TableBlock",
    "VideoBlock",
    "VideoValue",
    "document_api_representation",
    "frame_allowed",
    "image_api_representation",
    "is_safe_link",
    "page_api_representation",
    "sanitise_rich_text",
    "stream_of_child_previews",
    "validate_link_url",
    "video_embed_url",
]
