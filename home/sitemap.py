"""/sitemap.xml: every page of the site the public may see, and nothing else, as a sitemap index
of documents of at most 10,000 addresses each (`/sitemap-pages.xml`, `?p=2`, `?p=3`...).

Wagtail's stock sitemap lists live, unrestricted pages, so it would list the initiatives and
events of a signatory whose page is unpublished; this one takes its pages from the site's
visibility rule (core/visibility.py). Same entries per page (a page type adds its routes through
get_sitemap_urls, as the Pact page does for its four P listings and the toolkit page for its
poster and badge). The public pages that are views, not Wagtail pages (signing the Pact, the
privacy notice), are listed after the pages, in the last document.

One document used to list every page: 6.7 MB and 8.6 s at 140,000 pages, of which search engines
read only the first 50,000 (their limit). The index costs two aggregate queries whatever the
number of pages, and each document a slice of the pages in tree order.
"""

from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from core.public_urls import absolute_url
from core.visibility import publicly_visible

# URL names of the public views a search engine should find: pages of their own, the same for
# everyone, not reached only from an e-mail or a form.
PUBLIC_VIEWS = ("accounts:join", "accounts:privacy")
# The most addresses one document lists. A page may add addresses of its own routes (the Pact
# page its four Ps, the toolkit its poster and badge) and the last document the public views:
# each document takes fewer pages than that, leaving room for them.
MAX_ADDRESSES = 10_000
PAGES_PER_DOCUMENT = MAX_ADDRESSES - 100


class PublicSitemap(Sitemap):
    """Wagtail's sitemap over the pages of the request's site that the public may see, then the
    public views."""

    limit = PAGES_PER_DOCUMENT

    def pages(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return publicly_visible(pages)

    def items(self):
        return self.pages().order_by("path").defer_streamfields().specific()

    def get_latest_lastmod(self):
        """One aggregate, where Django's would read every page (lastmod is a method)."""
        latest = self.pages().aggregate(
            published=Max("last_published_at"), revised=Max("latest_revision_created_at")
        )
        return latest["published"] or latest["revised"]

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if int(page) == self.paginator.num_pages:
            urls += [{"location": absolute_url(reverse(name))} for name in PUBLIC_VIEWS]
        return urls


SECTIONS = {"pages": PublicSitemap}


@x_robots_tag
def sitemap_index(request):
    """/sitemap.xml: the address of each document, with the latest change of the pages."""
    pages = PublicSitemap(request)
    location = absolute_url(reverse("sitemap_section", kwargs={"section": "pages"}))
    lastmod = pages.get_latest_lastmod()
    documents = [SitemapIndexItem(location, lastmod)] + [
        SitemapIndexItem(f"{location}?p={number}", lastmod)
        for number in range(2, pages.paginator.num_pages + 1)
    ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": documents}, content_type="application/xml"
    )


def sitemap_section(request, section):
    """/sitemap-pages.xml?p=N: one document of the index (a page number that does not exist,
    or is not a number, is a 404, as Django's sitemaps answer)."""
    return wagtail_sitemap(request, SECTIONS, section=section)
