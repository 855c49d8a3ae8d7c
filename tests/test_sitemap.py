"""/sitemap.xml is a sitemap index of documents of at most 10,000 addresses, which together
list every live public page with its last change; /robots.txt points to the index."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home import sitemap as sitemap_module
from tests.factories import CampaignPageFactory
from tests.sitemaps import NS, sitemap_documents, sitemap_urls


def test_sitemap_lists_live_public_pages_with_lastmod(client, home_page):
    CampaignPageFactory(parent=home_page, slug="public-page")
    CampaignPageFactory(parent=home_page, slug="draft-page", live=False)
    private = CampaignPageFactory(parent=home_page, slug="private-page")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"] == "application/xml"
    assert ET.fromstring(index.content).tag == f"{{{NS['s']}}}sitemapindex"
    urls = sitemap_urls(client)
    assert "http://testserver/public-page/" in urls
    assert not any("draft-page" in loc or "private-page" in loc for loc in urls)
    assert urls["http://testserver/public-page/"].find("s:lastmod", NS) is not None
    assert "http://testserver/join/" in urls


@pytest.fixture
def small_documents(monkeypatch):
    """Documents of 4 pages, so that a few pages need several documents."""
    monkeypatch.setattr(sitemap_module.PublicSitemap, "limit", 4)


def test_every_public_page_is_in_exactly_one_document(client, home_page, small_documents):
    for number in range(13):
        CampaignPageFactory(parent=home_page, slug=f"page-{number:02d}")
    documents = sitemap_documents(client)
    assert len(documents) == 4  # the home page and 13 pages, 4 a document
    locations = [
        url.find("s:loc", NS).text
        for body in documents
        for url in ET.fromstring(body).findall("s:url", NS)
    ]
    assert len(locations) == len(set(locations))
    for number in range(13):
        assert f"http://testserver/page-{number:02d}/" in locations
    # The public views come once, at the end of the last document.
    assert locations[-2:] == ["http://testserver/join/", "http://testserver/privacy/"]


def test_no_document_lists_more_than_10000_addresses():
    assert sitemap_module.PublicSitemap.limit + len(sitemap_module.PUBLIC_VIEWS) <= 10_000
    assert sitemap_module.MAX_ADDRESSES == 10_000


def test_the_index_costs_the_same_queries_for_5_or_50_pages(client, home_page, small_documents):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/sitemap.xml").status_code == 200
        return len(captured.captured_queries)

    for number in range(5):
        CampaignPageFactory(parent=home_page, slug=f"few-{number}")
    with_5 = queries()
    for number in range(45):
        CampaignPageFactory(parent=home_page, slug=f"many-{number}")
    assert queries() == with_5


@pytest.mark.parametrize("query", ["?p=99", "?p=x", "?p=0"])
def test_a_document_that_does_not_exist_is_a_404(client, home_page, query):
    assert client.get("/sitemap-pages.xml" + query).status_code == 404
    assert client.get("/sitemap-other.xml").status_code == 404


def test_robots_txt_allows_the_site_but_not_admin_or_alert_links(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /alerts/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
