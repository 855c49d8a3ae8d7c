"""/sitemap.xml: every page of the site the public may see, and nothing else.

Wagtail's stock sitemap lists live, unrestricted pages, so it would list the initiatives and
events of a signatory whose page is unpublished; this one takes its pages from the site's
visibility rule (core/visibility.py). Same address, same XML, same entries per page (a page type
adds its routes through get_sitemap_urls, as the Pact page does for its four P listings).
"""

from wagtail.contrib.sitemaps import Sitemap

from core.visibility import publicly_visible


class PublicSitemap(Sitemap):
    """Wagtail's sitemap over the pages of the request's site that the public may see."""

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return publicly_visible(pages).order_by("path").defer_streamfields().specific()
