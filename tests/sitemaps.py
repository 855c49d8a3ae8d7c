"""Reading /sitemap.xml as a search engine does: the index, then each document it names."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_documents(client, **extra):
    """The bodies of every document the index at /sitemap.xml names, in its order."""
    index = client.get("/sitemap.xml", **extra)
    assert index.status_code == 200
    bodies = []
    for loc in ET.fromstring(index.content).findall("s:sitemap/s:loc", NS):
        address = urlsplit(loc.text)
        path = address.path + (f"?{address.query}" if address.query else "")
        response = client.get(path, **extra)
        assert response.status_code == 200, path
        bodies.append(response.content.decode())
    return bodies


def sitemap_text(client, **extra):
    """Every document of the sitemap, one after the other."""
    return "\n".join(sitemap_documents(client, **extra))


def sitemap_urls(client, **extra):
    """Every <url> element of every document, by its <loc>."""
    return {
        url.find("s:loc", NS).text: url
        for body in sitemap_documents(client, **extra)
        for url in ET.fromstring(body).findall("s:url", NS)
    }
