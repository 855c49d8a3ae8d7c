"""/sitemap.xml: every page of the site the public may see, and nothing else.

Wagtail's stock sitemap lists live, unrestricted pages, so it would list the initiatives and
events of a signatory whose page is unpublished; this one takes its pages from the site's
visibility rule (core/visibility.py). Same address, same XML, same entries per page (a page type
adds its routes through get_sitemap_urls, as the Pact page does for its four P listings and the
toolkit page for its poster and badge). The public pages that are views, not Wagtail pages
(signing the Pact, the privacy notice), are listed after the pages.
"""

from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap

from core.public_urls import absolute_url
from core.visibility import publicly_visible

# URL names of the public views a search engine should find: pages of their own, the same for
# everyone, not reached only from an e-mail or a form.
PUBLIC_VIEWS = ("accounts:join", "accounts:privacy")


class PublicSitemap(Sitemap):
    """Wagtail's sitemap over the pages of the request's site that the public may see, then the
    public views."""

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return publicly_visible(pages).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if int(page) == self.paginator.num_pages:
            urls += [{"location": absolute_url(reverse(name))} for name in PUBLIC_VIEWS]
        return urls
