"""Open Graph and Twitter card metadata, the meta description and the canonical link for every
page: {% social_meta %} in base.html's <head>.

Plain <meta> tags only: sharing needs no third-party script (see components/share_links.html).
A view that renders no page (sign-up, privacy notice, search...) is shared under the title of its
own <title> and described by its `description` block: base.html captures both
({% capture %}) and hands them over, so one title is written once, per template.
"""

import html
import re

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


class CaptureNode(template.Node):
    # Lets a {% block %} inside be overridden by child templates, like one inside {% if %}.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}...{% endcapture %}: render the inside once into `name` instead of
    the page, e.g. the title block, written to <title> and to og:title."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def plain_text(rendered):
    """Rendered template text (HTML-escaped, with line breaks) as one line of plain text, which
    the tag's template escapes again."""
    return re.sub(r"\s+", " ", html.unescape(str(rendered or ""))).strip()


def canonical_url(page, request):
    """The page's public address; for an address a page answers below its own (the poster and
    badge of the toolkit page, a calendar month), that address: it is a page of its own."""
    parts = page.get_url_parts(request)
    page_path = parts[2] if parts else None
    if page_path and page_path != request.path:
        return absolute_url(request.path)
    return page.get_full_url(request) or absolute_url(request.path)


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def social_meta(context, title="", description=""):
    """The meta description, og:* and twitter:* tags and the canonical link for the current
    page or view. `title` and `description` are what the template says (base.html passes its
    title and description blocks); otherwise the page's fields, then the site's."""
    title = plain_text(title)
    description = plain_text(description)
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        title = title or page.seo_title or page.title
        description = description or page_description(page)
        url = canonical_url(page, request) if request is not None else None
        image_url, own_image = share_image_url(page_image(page))
        og_type = "article" if page.specific_class.__name__ == "NewsPage" else "website"
    else:
        title = title or settings.WAGTAIL_SITE_NAME
        description = description or SITE_DESCRIPTION
        url = absolute_url(request.path) if request is not None else None
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
