"""Open Graph and Twitter card metadata for every page: {% social_meta %} in base.html's <head>.

Plain <meta> tags only: sharing needs no third-party script (see components/share_links.html).
"""

from django import template
from django.conf import settings
from django.templatetags.static import static
from wagtail.models import Page

from core.public_urls import absolute_url

register = template.Library()

SITE_DESCRIPTION = (
    "Towns and regions of Europe commit to prevent sexual violence against children, protect "
    "victims, prosecute perpetrators and make children's voices heard."
)
DEFAULT_IMAGE = "img/share-default.png"
# The fields a page's own picture may be in, in order of preference.
IMAGE_FIELDS = ("hero_image", "image", "logo")
DESCRIPTION_FIELDS = ("search_description", "introduction", "summary")


def page_description(page):
    for field in DESCRIPTION_FIELDS:
        value = getattr(page, field, "")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return SITE_DESCRIPTION


def page_image(page):
    for field in IMAGE_FIELDS:
        image = getattr(page, field, None)
        if image is not None:
            return image
    return None


def share_image_url(image):
    """An absolute URL of a 1200x630 crop of the image, or of the default share image."""
    if image is not None:
        try:
            return absolute_url(image.get_rendition("fill-1200x630").url), True
        except OSError:  # the original file is missing (SourceImageIOError is an OSError)
            pass
    return absolute_url(static(DEFAULT_IMAGE)), False


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def social_meta(context):
    """og:* and twitter:* tags and the canonical link for the current page (or view: a view
    that renders no page may set `social_title` and `social_description`)."""
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        title = page.seo_title or page.title
        description = page_description(page)
        url = page.get_full_url(request) or absolute_url(request.path)
        image_url, own_image = share_image_url(page_image(page))
        og_type = "article" if page.specific_class.__name__ == "NewsPage" else "website"
    else:
        title = context.get("social_title") or settings.WAGTAIL_SITE_NAME
        description = context.get("social_description") or SITE_DESCRIPTION
        url = absolute_url(request.path)
        image_url, own_image = share_image_url(None)
        og_type = "website"
    return {
        "title": title,
        "description": description[:300],
        "url": url,
        "image_url": image_url,
        "image_alt": title if own_image else "The Pact of Towns and Regions and its four Ps",
        "og_type": og_type,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
