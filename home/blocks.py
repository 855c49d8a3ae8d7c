"""Where the block library lived before it moved to core.blocks; kept only for migrations.

Existing migrations name `home.blocks.ParagraphBlock`, `home.blocks.SanitisedRichTextBlock` and
`home.blocks.validate_link_url`; these names lead to the very same objects in core.blocks, so
those migrations load and no field changes. New migrations write the core.blocks paths. Code
imports the library from core.blocks, never from here.
"""

from core.blocks import ParagraphBlock, SanitisedRichTextBlock, validate_link_url

__all__ = ["ParagraphBlock", "SanitisedRichTextBlock", "validate_link_url"]
