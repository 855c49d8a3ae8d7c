"""Images, videos and documents in a body, each with what readers and the API need.

Videos play in a frame only when the public Content Security Policy allows their player;
otherwise they are a link to the video, so the page never breaks the policy.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from core.blocks.api import document_api_representation, image_api_representation
from core.blocks.links import SAFE_URL_SCHEMES

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def newest_shared(model, count):
    """The newest items of the root collection's library, the campaign's shared images and
    documents: previews show them rather than what a signatory keeps in its own collection."""
    return list(model.objects.filter(collection__depth=1).order_by("-created_at", "-pk")[:count])


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
            "image": image_api_representation(value["image"], value["alt_text"]),
            "alt_text": value["alt_text"],
            "caption": value.get("caption"),
        }

    def get_preview_value(self):
        """The newest shared image with sample words: an image block shows nothing of itself
        without one (with an empty library, the preview shows the caption alone)."""
        images = newest_shared(get_image_model(), 1)
        return self.normalize(
            {
                "image": images[0] if images else None,
                "alt_text": "Mayors of signatory towns meeting in Strasbourg",
                "caption": "The caption readers see under the image.",
            }
        )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "An image with its alt text and an optional caption."


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
        """The video's host as readers know it, e.g. 'youtube.com'."""
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
        """Only web addresses: a URLBlock alone would also take ftp://."""
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
            "still": image_api_representation(value.get("still")),
        }

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        value_class = VideoValue
        description = "A video, shown in a player or as a link to it."
        preview_value = {
            "url": "https://www.youtube.com/watch?v=aaaaaaaaaaa",
            "title": "Why towns sign the Pact",
            "description": "Three mayors say, in two minutes, what signing changed in their towns.",
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
                document_api_representation(document)
                for document in value["documents"]
                if document is not None
            ],
        }

    def get_preview_value(self):
        """The newest shared documents under a sample heading: a list of downloads shows
        nothing of itself without documents (with none, the preview shows the heading alone)."""
        return self.normalize(
            {"heading": "Downloads", "documents": newest_shared(get_document_model(), 2)}
        )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_list_block.html"
        description = "A list of documents to download."
