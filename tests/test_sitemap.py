"""/sitemap.xml lists the live public pages with their last change; /robots.txt points to it."""

import xml.etree.ElementTree as ET

from wagtail.models import PageViewRestriction

from tests.factories import CampaignPageFactory

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_live_public_pages_with_lastmod(client, home_page):
    CampaignPageFactory(parent=home_page, slug="public-page")
    CampaignPageFactory(parent=home_page, slug="draft-page", live=False)
    private = CampaignPageFactory(parent=home_page, slug="private-page")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {url.find("s:loc", NS).text: url for url in root.findall("s:url", NS)}
    assert "http://testserver/public-page/" in urls
    assert not any("draft-page" in loc or "private-page" in loc for loc in urls)
    assert urls["http://testserver/public-page/"].find("s:lastmod", NS) is not None


def test_robots_txt_allows_the_site_but_not_admin_or_alert_links(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /alerts/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
