"""The one StreamField block library, used by every page type of the site.

Each block renders through its own template in templates/blocks/ and gives clean JSON to the API:
images, documents and page links come out as titles and absolute URLs, never as bare ids.
"""

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

from core.four_ps import P_BY_SLUG, P_CHOICES

# Rich text stays small on purpose: headings come from the heading block (so they get anchors and
# stay in order), images from the image block (so they get alt text); no raw HTML, no embeds.
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
# Inside table cells and accordion answers: inline formatting and links only.
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link"]

SAFE_URL_SCHEMES = ("http", "https")


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


def absolute_url(path, context=None):
    """An absolute URL for the API: from the request when there is one, else the site's base URL."""
    if not path or not path.startswith("/"):
        return path
    request = context.get("request") if context else None
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILAPI_BASE_URL.rstrip("/") + path


def image_api_representation(image, context=None, alt_text=""):
    """An image as the API gives it: title, alt text, size and a web-ready rendition's URL."""
    if image is None:
        return None
    rendition = image.get_rendition("max-1200x1200|format-webp")
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt_text,
        "url": absolute_url(rendition.url, context),
        "width": rendition.width,
        "height": rendition.height,
    }


def page_api_representation(page, context=None):
    """A page link as the API gives it: id, title and public URL (None while not live)."""
    if page is None:
        return None
    request = context.get("request") if context else None
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.get_full_url(request) if page.live else None,
    }


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


class ImageBlock(blocks.StructBlock):
    """An image with the text alternative screen-reader users hear, and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Optional text shown under the image."
    )

    def get_api_representation(self, value, context=None):
        return {
            "image": image_api_representation(value["image"], context, value["alt_text"]),
            "alt_text": value["alt_text"],
            "caption": value.get("caption"),
        }

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "An image with its alt text and an optional caption."


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


LINK_URL_HELP_TEXT = (
    "…or an address: a path on this site such as /join/, or a full address elsewhere "
    "starting with https://."
)


class LinkValue(blocks.StructValue):
    """A link that goes to a live page of the site or to a web address, never to both."""

    @cached_property
    def link_page(self):
        page = self.get("page")
        return page if page is not None and page.live else None

    @cached_property
    def external_url(self):
        url = self.get("url") or ""
        return url if is_safe_link(url) else ""

    @property
    def text(self):
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
        page = value.link_page
        return {
            "text": value.text,
            "url": page.get_full_url(context.get("request") if context else None)
            if page
            else absolute_url(value.external_url, context) or None,
            "page": page_api_representation(page, context),
        }


class LinkBlock(LinkTargetMixin, blocks.StructBlock):
    """One link, to a page of this site or to another site."""

    label = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="The words readers click. Leave blank to use the page's title.",
    )
    page = blocks.PageChooserBlock(required=False, help_text="A page of this site…")
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link_url],
        label="Address",
        help_text=LINK_URL_HELP_TEXT,
    )

    def get_api_representation(self, value, context=None):
        return self.link_api_representation(value, context)

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"
        value_class = LinkValue
        form_classname = "link-block"


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
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link_url],
        label="Address",
        help_text=LINK_URL_HELP_TEXT,
    )

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


YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def video_embed_url(url):
    """The player address for a YouTube or Vimeo video, or None for any other address.

    Built from the video's id rather than fetched from the host, so no third-party HTML (and no
    inline script or style) ever reaches the page.
    """
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    path = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in YOUTUBE_HOSTS or host.endswith(".youtube-nocookie.com"):
        if path[:1] == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(path) >= 2 and path[0] in {"embed", "shorts", "live"}:
            video_id = path[1]
        if video_id and YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be" and path and YOUTUBE_ID.match(path[0]):
        return f"https://www.youtube-nocookie.com/embed/{path[0]}"
    elif host in {"vimeo.com", "www.vimeo.com"} and path and path[-1].isdigit():
        return f"https://player.vimeo.com/video/{path[-1]}"
    elif host == "player.vimeo.com" and len(path) == 2 and path[1].isdigit():
        return f"https://player.vimeo.com/video/{path[1]}"
    return None


def frame_allowed(embed_url):
    """Whether the public Content Security Policy lets the browser show this player in a frame."""
    parts = urlsplit(embed_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin in settings.CSP_PUBLIC.get("frame-src", [])


class VideoValue(blocks.StructValue):
    """A video's value, with what its template needs to choose between a player and a link."""

    @cached_property
    def embed_url(self):
        """The player to show in a frame, or None: then the video is a link to its host."""
        embed_url = video_embed_url(self.get("url"))
        return embed_url if embed_url and frame_allowed(embed_url) else None

    @property
    def host(self):
        return (urlsplit(self.get("url") or "").hostname or "").removeprefix("www.")


class VideoBlock(blocks.StructBlock):
    """A video from YouTube, Vimeo or another host.

    Shown in a player when the site's CSP_FRAME_SRC setting lists the player's origin (see
    README); otherwise, as a link to the video with its title and an optional still image, so
    the page never breaks the Content Security Policy.
    """

    url = blocks.URLBlock(
        help_text="The video's address, e.g. https://www.youtube.com/watch?v=… or https://vimeo.com/…"
    )
    title = blocks.CharBlock(
        max_length=150,
        help_text="The video's title: screen readers announce it, and it is the link's text.",
    )
    description = blocks.TextBlock(
        required=False, max_length=400, help_text="Optional: what the video shows, how long it is."
    )
    still = ImageChooserBlock(
        required=False,
        help_text="Optional: a still from the video, shown with the link when no player is.",
    )

    def clean(self, value):
        value = super().clean(value)
        if urlsplit(value["url"]).scheme not in SAFE_URL_SCHEMES:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Enter an address starting with https://.")}
            )
        return value

    def get_api_representation(self, value, context=None):
        return {
            "url": value["url"],
            "title": value["title"],
            "description": value.get("description"),
            "embed_url": video_embed_url(value["url"]),
            "still": image_api_representation(value.get("still"), context, ""),
        }

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        value_class = VideoValue
        description = "A video, shown in a player or as a link to it."
        preview_value = {
            "url": "https://www.youtube.com/watch?v=aaaaaaaaaaa",
            "title": "Why towns sign the Pact",
            "description": "Two minutes.",
        }


class DocumentListBlock(blocks.StructBlock):
    """Documents to download, each with its format and size."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Downloads'."
    )
    documents = blocks.ListBlock(
        DocumentChooserBlock(), min_num=1, help_text="Choose or upload documents, in order."
    )

    def get_api_representation(self, value, context=None):
        return {
            "heading": value.get("heading"),
            "documents": [
                {
                    "id": document.pk,
                    "title": document.title,
                    "url": absolute_url(document.url, context),
                    "format": document.file_extension.upper(),
                    "size": document.file_size,
                }
                for document in value["documents"]
                if document is not None
            ],
        }

    class Meta:
        icon = "doc-full"
        template = "blocks/document_list_block.html"
        description = "A list of documents to download."


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


class FourPCardBlock(blocks.StructBlock):
    """One of the four Ps as a card that leads to everything tagged with it."""

    p = blocks.ChoiceBlock(choices=P_CHOICES, label="P", help_text="Which of the four Ps.")
    text = blocks.TextBlock(
        required=False,
        max_length=300,
        help_text="Optional: leave blank to use the Pact's own summary of this P.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["p"] = P_BY_SLUG[value["p"]]
        return context

    def get_api_representation(self, value, context=None):
        p = P_BY_SLUG[value["p"]]
        return {
            "p": p.slug,
            "name": p.name,
            "text": value.get("text") or p.summary,
            "url": absolute_url(p.listing_path, context),
        }

    class Meta:
        icon = "tag"
        template = "blocks/four_p_card_block.html"


class FourPCardsBlock(blocks.StructBlock):
    """The four Ps (or some of them) side by side, each linking to its listing."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Four ways to act'."
    )
    cards = blocks.ListBlock(
        FourPCardBlock(),
        min_num=1,
        max_num=4,
        default=[{"p": p} for p, _name in P_CHOICES],
        help_text="One card per P, in the order readers should see them.",
    )

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        card_errors = {}
        for index, card in enumerate(value["cards"]):
            if card["p"] in seen:
                card_errors[index] = ValidationError(
                    f"{P_BY_SLUG[card['p']].name} already has a card here: each P appears once."
                )
            seen.add(card["p"])
        if card_errors:
            raise blocks.StructBlockValidationError(
                block_errors={"cards": ListBlockValidationError(block_errors=card_errors)}
            )
        return value

    def get_api_representation(self, value, context=None):
        card_block = self.child_blocks["cards"].child_block
        return {
            "heading": value.get("heading"),
            "cards": [card_block.get_api_representation(card, context) for card in value["cards"]],
        }

    class Meta:
        icon = "tasks"
        template = "blocks/four_p_cards_block.html"
        description = "Cards for the four Ps, each linking to everything tagged with it."
        preview_value = {"heading": "Four ways to act", "cards": [{"p": p} for p, _ in P_CHOICES]}


class KeyFigureBlock(blocks.StructBlock):
    """One number and what it counts."""

    figure = blocks.CharBlock(
        max_length=20, help_text="The number as readers should see it, e.g. '1 in 5' or '46'."
    )
    label = blocks.CharBlock(
        max_length=120, help_text="What it counts, e.g. 'member states of the Council of Europe'."
    )

    class Meta:
        icon = "order"
        template = "blocks/key_figure_block.html"


class KeyFiguresBlock(blocks.StructBlock):
    """A few numbers that tell the story at a glance."""

    heading = blocks.CharBlock(required=False, max_length=120, help_text="Optional heading.")
    figures = blocks.ListBlock(
        KeyFigureBlock(), min_num=1, max_num=6, help_text="Between one and six figures."
    )

    class Meta:
        icon = "order"
        template = "blocks/key_figures_block.html"
        description = "Key figures: a number and what it counts."
        preview_value = {
            "heading": "",
            "figures": [
                {"figure": "1 in 5", "label": "children in Europe affected by sexual violence"},
                {"figure": "46", "label": "member states of the Council of Europe"},
            ],
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
                {
                    "question": "Who can sign the Pact?",
                    "answer": "<p>Towns, cities, regions and their associations.</p>",
                }
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
        description = "The live count of signatories, with a link to the directory."


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


class PossibleActionBlock(blocks.StructBlock):
    """One thing a town or region can do under a P, and what it costs."""

    title = blocks.CharBlock(
        max_length=200,
        help_text="The action in a few words, e.g. 'Train staff who work with children'.",
    )
    description = SanitisedRichTextBlock(
        features=RICH_TEXT_FEATURES, required=False, help_text="Optional: what it involves."
    )
    cost = blocks.ChoiceBlock(
        choices=[
            ("low", "Costs almost nothing"),
            ("investment", "Needs investment"),
        ],
        required=False,
        help_text="Optional: helps smaller authorities see where to start.",
    )

    def get_api_representation(self, value, context=None):
        return {
            "title": value["title"],
            "description": self.child_blocks["description"].get_api_representation(
                value.get("description"), context
            ),
            "cost": value.get("cost") or None,
        }

    class Meta:
        icon = "tick"
        template = "blocks/possible_action_block.html"


class PactSectionBlock(blocks.StructBlock):
    """The part of the Pact about one P: what it means and its possible actions.

    The P is the name the block has in PactSectionsBlock, so a section can't claim the wrong P.
    """

    introduction = SanitisedRichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="What this P means for a town or region."
    )
    actions = blocks.ListBlock(
        PossibleActionBlock(),
        min_num=1,
        help_text="The possible actions under this P; drag to reorder.",
    )

    @property
    def p(self):
        return P_BY_SLUG[self.name]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["p"] = self.p
        return context

    def get_api_representation(self, value, context=None):
        return {
            "p": self.p.slug,
            "name": self.p.name,
            "url": absolute_url(self.p.listing_path, context),
            **super().get_api_representation(value, context),
        }

    class Meta:
        icon = "tasks"
        template = "blocks/pact_section_block.html"


class PactSectionsBlock(blocks.StreamBlock):
    """The four sections of the Pact, one per P: none missing, none twice."""

    prevention = PactSectionBlock(label="Prevention")
    protection = PactSectionBlock(label="Protection")
    prosecution = PactSectionBlock(label="Prosecution")
    participation = PactSectionBlock(label="Participation")

    def clean(self, value):
        counts = Counter(child.block_type for child in value)
        messages = []
        if self.required and not self.is_deferred_validation:
            messages += [
                f"The Pact has a section for each P: add the {block.label} section."
                for name, block in self.child_blocks.items()
                if counts[name] == 0
            ]
        messages += [
            f"{block.label} has {counts[name]} sections; keep one and move its actions there."
            for name, block in self.child_blocks.items()
            if counts[name] > 1
        ]
        try:
            cleaned = super().clean(value)
        except blocks.StreamBlockValidationError as error:
            raise blocks.StreamBlockValidationError(
                block_errors=error.block_errors, non_block_errors=messages or error.non_block_errors
            ) from error
        if messages:
            raise blocks.StreamBlockValidationError(non_block_errors=messages)
        return cleaned

    class Meta:
        block_counts = {slug: {"max_num": 1} for slug, _name in P_CHOICES}
