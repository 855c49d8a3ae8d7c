"""Open Graph / Twitter card metadata on every page, and plain share links."""

import re
from urllib.parse import quote

import pytest

from tests.factories import (
    CampaignPageFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_every_page_has_open_graph_and_twitter_card_metadata(client, home_page):
    html = client.get("/").content.decode()
    assert meta(html, "og:title") == home_page.title
    assert meta(html, "og:description") == home_page.introduction
    assert meta(html, "og:url") == "http://testserver/"
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:site_name").startswith("Pact of Towns and Regions")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:image").endswith("/static/img/share-default.png")
    assert '<link rel="canonical" href="http://testserver/">' in html


def test_a_page_with_its_own_picture_shares_a_1200x630_rendition(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    news = NewsPageFactory(
        parent=index,
        title="With a picture",
        image=ImageFactory(),
        image_alt="A town hall",
        search_description="Shared description",
    )
    html = client.get(news.url).content.decode()
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:description") == "Shared description"
    assert re.search(r"fill-1200x630", meta(html, "og:image"))


def test_views_that_are_not_pages_have_metadata_too(client, home_page):
    html = client.get("/alerts/subscribe/").content.decode()
    assert meta(html, "og:url") == "http://testserver/alerts/subscribe/"
    assert meta(html, "twitter:card") == "summary_large_image"


@pytest.mark.parametrize("kind", ["news", "campaign"])
def test_share_links_are_plain_links_with_the_page_address_encoded(client, home_page, kind):
    if kind == "news":
        page = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page), title="A & B")
    else:
        page = CampaignPageFactory(parent=home_page, title="A & B")
    html = client.get(page.url).content.decode()
    encoded = quote(page.full_url, safe="")
    assert f"https://www.facebook.com/sharer/sharer.php?u={encoded}" in html
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}" in html
    assert f"https://x.com/intent/post?url={encoded}" in html and "text=A%20%26%20B" in html
    assert "mailto:?subject=A%20%26%20B" in html
    assert 'rel="noopener noreferrer"' in html
    assert "facebook.net" not in html and "platform.twitter.com" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert all('src="/static/' in tag for tag in scripts)
