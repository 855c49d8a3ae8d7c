"""RSS 2.0 and Atom feeds of initiatives, news and events (Django's syndication framework).

/feeds/<kind>/ is RSS, /feeds/<kind>/atom/ is Atom; `?p=<P slug>` narrows any feed to one P and
`?country=<ISO code>` narrows initiatives (by their signatory's country) and events. News belong to
no country, so `country` on the news feed is refused like any other bad value: 400 with a plain
message, never an error page or a silently unfiltered feed.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django_countries import countries

from alerts.items import (
    KIND_LABELS,
    pages_for,
    parse_topics,
    plain_summary,
)
from core.four_ps import P_BY_SLUG
from core.public_urls import absolute_url
from core.query_params import BadQuery, bad_request
from pact.models import attach_signatories

FEED_LENGTH = 50
SITE_TITLE = "Pact of Towns and Regions"
# Who writes the news and publishes the platform: the author of a feed (Atom requires one,
# RFC 4287 4.1.1) and of every entry that no signatory wrote.
PUBLISHER = "Congress of Local and Regional Authorities of the Council of Europe"
LISTING_PATHS = {"initiatives": "/participants/", "news": "/news/", "events": "/calendar/"}


@dataclass
class FeedQuery:
    """What one request asked for, and the request itself (Feed instances are shared between
    requests, so nothing request-specific may be stored on them)."""

    topics: object
    request: object

    @property
    def query_string(self):
        params = {"p": self.topics.ps[0] if self.topics.ps else ""}
        params["country"] = self.topics.countries[0] if self.topics.countries else ""
        encoded = urlencode({key: value for key, value in params.items() if value})
        return f"?{encoded}" if encoded else ""


def feed_title(topics):
    parts = [KIND_LABELS[topics.kind]]
    if topics.ps:
        parts.append(P_BY_SLUG[topics.ps[0]].name)
    if topics.countries:
        parts.append(countries.name(topics.countries[0]))
    return f"{' — '.join(parts)} | {SITE_TITLE}"


class PageFeed(Feed):
    """The RSS feed of one kind of page; subclasses set `kind` (and Atom's feed_type)."""

    kind = ""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadQuery as error:
            return bad_request(error)

    def get_object(self, request, *args, **kwargs):
        return FeedQuery(parse_topics(self.kind, request.GET), request)

    def title(self, query):
        return feed_title(query.topics)

    def link(self, query):
        # Absolute, so the syndication framework does not prefix the request's host.
        return absolute_url(LISTING_PATHS[self.kind])

    def description(self, query):
        return f"New {KIND_LABELS[self.kind].lower()} on the {SITE_TITLE} platform."

    subtitle = description

    author_name = PUBLISHER

    def author_link(self, query):
        return absolute_url("/")

    def feed_url(self, query):
        return absolute_url(query.request.path + query.query_string)

    def items(self, query):
        pages = list(pages_for(query.topics)[:FEED_LENGTH])
        if self.kind != "news":
            attach_signatories(pages)
        for page in pages:
            page.feed_link = page.get_full_url(query.request)
            # An initiative or a signatory's event is written by its signatory; the news and
            # the secretariat's own events by the Congress.
            signatory = page.signatory if self.kind != "news" else None
            page.feed_author = (
                (signatory.title, signatory.get_full_url(query.request))
                if signatory
                else (PUBLISHER, absolute_url("/"))
            )
        return pages

    def item_title(self, page):
        return page.title

    def item_link(self, page):
        return page.feed_link

    def item_description(self, page):
        return plain_summary(page)

    def item_author_name(self, page):
        return page.feed_author[0]

    def item_author_link(self, page):
        return page.feed_author[1]

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at or page.first_published_at

    def item_categories(self, page):
        return [p.name for p in page.four_ps]

    def item_guid(self, page):
        # A tag URI (RFC 4151) on the page id: stable when the page moves or changes slug.
        return f"tag:pact-platform,2013:page-{page.pk}"

    item_guid_is_permalink = False


class AtomPageFeed(PageFeed):
    feed_type = Atom1Feed


def feed_views(kind):
    """The RSS and Atom views of one kind, for pactsite/urls.py."""
    rss = type(f"{kind.title()}RssFeed", (PageFeed,), {"kind": kind})
    atom = type(f"{kind.title()}AtomFeed", (AtomPageFeed,), {"kind": kind})
    return rss(), atom()
