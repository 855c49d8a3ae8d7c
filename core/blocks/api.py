"""How images, documents and pages read in the API: titles and absolute URLs, never bare ids.

Every absolute address comes from the one public base URL (core.public_urls), so an API client
gets the same links whatever Host header it sent; pages keep Wagtail's own full URL, which the
Site record (set from the same setting by `manage.py sync_site`) decides.
"""

from core.public_urls import absolute_url
from core.visibility import is_publicly_visible

# A web-ready size for API clients: large enough for a page, small enough for a phone.
API_IMAGE_RENDITION = "max-1200x1200|format-webp"


def image_api_representation(image, alt_text=""):
    """An image as the API gives it: title, alt text, size and a web-ready rendition's URL."""
    if image is None:
        return None
    rendition = image.get_rendition(API_IMAGE_RENDITION)
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt_text,
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def document_api_representation(document):
    """A document as the API gives it: title, absolute URL, format and size in bytes."""
    return {
        "id": document.pk,
        "title": document.title,
        "url": absolute_url(document.url),
        "format": document.file_extension.upper(),
        "size": document.file_size,
    }


def page_api_representation(page, context=None):
    """A page link as the API gives it: id, title and public URL (None while the public may not
    see the page: core.visibility)."""
    if page is None:
        return None
    return {
        "id": page.pk,
        "title": page.title,
        "url": page_full_url(page, context) if is_publicly_visible(page) else None,
    }


def page_full_url(page, context=None):
    """A page's absolute URL from Wagtail's Site record, using the API request when there is one
    (Wagtail caches the site lookup on it)."""
    return page.get_full_url(context.get("request") if context else None)
