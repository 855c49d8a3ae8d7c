"""What search engines and browsers read in every public page's <head>: its own description, a
share title that is the page's and not the site's, an icon that answers, and a sitemap that
lists every public page, including those that are views rather than Wagtail pages."""

import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from PIL import Image

from tests.browser.public_pages import PUBLIC_PAGES
from tests.sitemaps import sitemap_documents

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

pytestmark = pytest.mark.usefixtures("demo_site")


def head_of(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return BeautifulSoup(response.content, "html.parser").head


def meta_content(head, attrs):
    tags = head.find_all("meta", attrs=attrs)
    assert len(tags) == 1, f"{len(tags)} <meta {attrs}> tags"
    return tags[0]["content"]


@pytest.mark.parametrize("path, shows, status", PUBLIC_PAGES)
def test_every_public_page_describes_itself_and_links_its_icon(client, path, shows, status):
    head = head_of(client, path, status)

    description = meta_content(head, {"name": "description"})
    assert len(description) >= 50, f"{path}: description too short to help: {description!r}"
    assert "{%" not in description and "&amp;" not in description
    icons = head.find_all("link", rel="icon")
    assert icons, f"{path} links no icon"
    for icon in icons:
        relative = icon["href"].removeprefix("/static/")
        assert finders.find(relative), f"{path} links an icon that is not a static file: {icon}"


@pytest.mark.parametrize(
    "path, title",
    [
        ("/join/", "Sign the Pact"),
        ("/join/?profile=authority", "Sign the Pact: Local/Regional Authority"),
        ("/privacy/", "Privacy notice"),
        ("/search/", "Search"),
        ("/toolkit/poster/", "Make your poster | Toolkit"),
        ("/toolkit/badge/", "“We signed the Pact” badge | Toolkit"),
    ],
)
def test_a_view_is_shared_under_its_own_title_and_address(client, path, title):
    head = head_of(client, path)

    assert head.title.string == f"{title} | Pact of Towns and Regions"
    assert meta_content(head, {"property": "og:title"}) == title
    assert meta_content(head, {"name": "twitter:title"}) == title
    # Its own address, not that of the page it hangs from (the poster is not the toolkit page).
    canonical = head.find("link", rel="canonical")["href"]
    assert canonical == "http://testserver" + path.split("?")[0]
    assert meta_content(head, {"property": "og:url"}) == canonical


def test_views_that_are_not_pages_each_have_their_own_description(client):
    descriptions = {
        path: meta_content(head_of(client, path), {"name": "description"})
        for path in ("/join/", "/privacy/", "/search/", "/account/login/", "/toolkit/poster/")
    }
    assert len(set(descriptions.values())) == len(descriptions), descriptions


def test_the_sitemap_lists_the_public_views_and_the_toolkits_poster_and_badge(client):
    locations = [
        url.find("s:loc", NS).text
        for body in sitemap_documents(client)
        for url in ET.fromstring(body).findall("s:url", NS)
    ]

    for path in ("/join/", "/privacy/", "/toolkit/", "/toolkit/poster/", "/toolkit/badge/"):
        assert locations.count("http://testserver" + path) == 1, path
    # Every address listed answers 200 (a sitemap must not send crawlers to errors).
    for location in locations:
        if location.endswith(("/join/", "/privacy/", "/poster/", "/badge/")):
            assert client.get(location.removeprefix("http://testserver")).status_code == 200


def test_favicon_ico_answers_with_an_icon_that_caches(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=86400" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"] and (16, 16) in icon.info["sizes"]


def test_the_server_error_page_links_the_icon_and_describes_itself():
    """500.html is rendered without the site's context (nothing may fail while showing it), so
    it names its icon and description itself."""
    head = BeautifulSoup(get_template("500.html").render(), "html.parser").head
    assert head.find("link", rel="icon")["href"] == "/favicon.ico"
    assert meta_content(head, {"name": "description"})
