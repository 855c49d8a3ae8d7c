"""Every feed address against the rules of its format, as a feed reader that the project did not
write applies them: RSS 2.0 (the RSS Advisory Board's specification) and Atom (RFC 4287).

The addresses come from the URL patterns of the `feeds` namespace, each plain and narrowed by a
P (and by a country where the kind takes one), on the demo site, so a new feed is checked too.
"""

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import feedparser
import pytest
from django.urls import get_resolver, reverse

from alerts.items import KINDS_WITH_COUNTRY
from pact.models import SignatoryPage

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
# RFC 3339 date-time, as RFC 4287 3.3 requires: a "T", seconds, and a "Z" or an offset.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def feed_addresses():
    """(address, format) of every feed the site serves, from the feeds URL namespace."""
    names = [
        name
        for name in get_resolver().namespace_dict["feeds"][1].reverse_dict
        if isinstance(name, str)
    ]
    addresses = []
    for name in sorted(names):
        kind = name.removesuffix("_atom")
        url = reverse(f"feeds:{name}")
        queries = ["", "?p=prevention"]
        if kind in KINDS_WITH_COUNTRY:
            queries += ["?country=FR", "?p=prevention&country=FR"]
        addresses += [
            (url + query, "atom" if name.endswith("_atom") else "rss") for query in queries
        ]
    return addresses


def is_absolute(url):
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https", "tag") and bool(parts.netloc or parts.path)


def text_of(element, tag):
    found = element.find(tag)
    return None if found is None or found.text is None else found.text.strip()


def rss_problems(root, address):
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root is <{root.tag} version={root.get('version')}>, not <rss version=2.0>"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} <channel> elements"]
    channel = channels[0]
    for required in ("title", "link", "description"):
        if not text_of(channel, required):
            problems.append(f"channel has no <{required}>")
    if not is_absolute(text_of(channel, "link")):
        problems.append("channel <link> is not absolute")
    for date_tag in ("lastBuildDate", "pubDate"):
        if channel.find(date_tag) is not None:
            problems += rfc822_problems(text_of(channel, date_tag), f"channel <{date_tag}>")
    self_links = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if not self_links or not self_links[0].get("href", "").endswith(address):
        problems.append(f"no atom:link rel=self to {address}")
    guids = []
    for number, item in enumerate(channel.findall("item")):
        where = f"item {number}"
        if not (text_of(item, "title") or text_of(item, "description")):
            problems.append(f"{where} has neither title nor description")
        if not is_absolute(text_of(item, "link")):
            problems.append(f"{where} <link> is not absolute")
        guid = item.find("guid")
        if guid is None or not guid.text:
            problems.append(f"{where} has no <guid>")
        else:
            guids.append(guid.text)
            if guid.get("isPermaLink", "true") == "true" and not is_absolute(guid.text):
                problems.append(f"{where} <guid> is a permalink but not a URL")
        problems += rfc822_problems(text_of(item, "pubDate"), f"{where} <pubDate>")
        author = text_of(item, "author")
        if author is not None and "@" not in author:
            problems.append(f"{where} <author> is not an e-mail address: {author}")
        if not (author or text_of(item, f"{DC}creator")):
            problems.append(f"{where} names no author")
    if len(guids) != len(set(guids)):
        problems.append("two items share a <guid>")
    return problems


def rfc822_problems(value, where):
    if not value:
        return [f"{where} is missing"]
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return [f"{where} is not an RFC 822 date: {value}"]
    return [] if parsed.tzinfo else [f"{where} has no time zone: {value}"]


def rfc3339_problems(value, where):
    if not value or not RFC3339.match(value):
        return [f"{where} is not an RFC 3339 date-time: {value}"]
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return []


def author_problems(element, where):
    authors = element.findall(f"{ATOM}author")
    problems = []
    for author in authors:
        if not text_of(author, f"{ATOM}name"):
            problems.append(f"{where} has an atom:author without atom:name")
        uri = text_of(author, f"{ATOM}uri")
        if uri is not None and not is_absolute(uri):
            problems.append(f"{where} author uri is not absolute: {uri}")
    return problems


def atom_problems(root, address):
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"root is <{root.tag}>, not atom:feed"]
    for required in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{required}")) != 1:
            problems.append(f"feed has not exactly one atom:{required}")
    if not is_absolute(text_of(root, f"{ATOM}id")):
        problems.append("feed atom:id is not an absolute IRI")
    problems += rfc3339_problems(text_of(root, f"{ATOM}updated"), "feed atom:updated")
    links = root.findall(f"{ATOM}link")
    if not any(
        link.get("rel") == "self" and link.get("href", "").endswith(address) for link in links
    ):
        problems.append(f"feed has no link rel=self to {address}")
    if not any(link.get("rel", "alternate") == "alternate" for link in links):
        problems.append("feed has no alternate link")
    feed_has_author = bool(root.findall(f"{ATOM}author"))
    # RFC 4287 4.1.1: a feed has an author unless every entry has one; 4.1.2: so has an entry,
    # or its feed.
    problems += author_problems(root, "feed")
    ids = []
    entries = root.findall(f"{ATOM}entry")
    for number, entry in enumerate(entries):
        where = f"entry {number}"
        for required in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{required}")) != 1:
                problems.append(f"{where} has not exactly one atom:{required}")
        ids.append(text_of(entry, f"{ATOM}id"))
        if not is_absolute(ids[-1]):
            problems.append(f"{where} atom:id is not an absolute IRI")
        problems += rfc3339_problems(text_of(entry, f"{ATOM}updated"), f"{where} atom:updated")
        if entry.find(f"{ATOM}published") is not None:
            published = text_of(entry, f"{ATOM}published")
            problems += rfc3339_problems(published, f"{where} atom:published")
        if not feed_has_author and not entry.findall(f"{ATOM}author"):
            problems.append(f"{where} has no atom:author, nor has its feed (RFC 4287 4.1.2)")
        problems += author_problems(entry, where)
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if entry.find(f"{ATOM}content") is None and not alternates:
            problems.append(f"{where} has neither atom:content nor an alternate link")
        if not all(is_absolute(link.get("href")) for link in alternates):
            problems.append(f"{where} alternate link is not absolute")
    if len(ids) != len(set(ids)):
        problems.append("two entries share an atom:id")
    return problems


def test_the_site_serves_an_rss_and_an_atom_feed_of_each_kind():
    formats = {}
    for address, kind in feed_addresses():
        formats.setdefault(kind, set()).add(address.split("?")[0])
    assert len(formats["rss"]) == len(formats["atom"]) == 3


@pytest.mark.django_db
def test_every_feed_address_follows_the_rules_of_its_format(client, demo_site):
    problems = []
    entries_seen = 0
    for address, kind in feed_addresses():
        response = client.get(address)
        assert response.status_code == 200, address
        expected_type = "application/atom+xml" if kind == "atom" else "application/rss+xml"
        assert response["Content-Type"].startswith(expected_type), address
        assert "charset=utf-8" in response["Content-Type"].lower(), address
        root = ET.fromstring(response.content)
        found = atom_problems(root, address) if kind == "atom" else rss_problems(root, address)
        problems += [f"{address}: {problem}" for problem in found]
        # A second, independent reader: feedparser accepts it without complaint.
        parsed = feedparser.parse(response.content)
        if parsed.bozo:
            problems.append(f"{address}: feedparser: {parsed.bozo_exception}")
        elif kind == "atom":
            # The author every feed reader shows, for each entry.
            problems += [
                f"{address}: feedparser sees no author on {entry.title}"
                for entry in parsed.entries
                if not entry.get("author")
            ]
        entries_seen += len(root.findall(f"{ATOM}entry")) + len(root.findall("channel/item"))

    assert not problems, "\n".join(problems)
    assert entries_seen > 20, "the demo's feeds should have entries to check"


@pytest.mark.django_db
def test_atom_entries_name_their_signatory_or_the_congress_as_author(client, demo_site):
    feed = feedparser.parse(client.get("/feeds/initiatives/atom/").content)
    authors = {entry.author for entry in feed.entries}
    signatories = set(SignatoryPage.objects.values_list("title", flat=True))
    assert len(authors & signatories) > 3, authors
    assert feed.feed.author == "Congress of Local and Regional Authorities of the Council of Europe"
    news = feedparser.parse(client.get("/feeds/news/atom/").content)
    assert {entry.author for entry in news.entries} == {feed.feed.author}
