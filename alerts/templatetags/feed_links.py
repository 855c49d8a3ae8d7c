"""<link rel="alternate"> tags announcing the RSS and Atom feeds: {% feed_links "news" %}.

Used in the {% block extra_head %} of the pages whose content a feed follows.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from alerts.feeds import feed_title
from alerts.items import KINDS_WITH_COUNTRY, parse_topics
from core.query_params import BadQuery

register = template.Library()


@register.inclusion_tag("components/feed_links.html")
def feed_links(*kinds, p="", country=""):
    """One RSS and one Atom link per kind, narrowed to a P and a country when given (a filter
    the kind does not take, or a bad value, is left out rather than making a broken link)."""
    links = []
    for kind in kinds:
        given = {"p": p or "", "country": country if kind in KINDS_WITH_COUNTRY else ""}
        try:
            topics = parse_topics(kind, given)
        except BadQuery:
            topics = parse_topics(kind, {})
        query = {"p": topics.ps[0] if topics.ps else ""}
        query["country"] = topics.countries[0] if topics.countries else ""
        query = urlencode({key: value for key, value in query.items() if value})
        suffix = f"?{query}" if query else ""
        title = feed_title(topics)
        links.append(
            {
                "title": title,
                "rss": reverse(f"feeds:{kind}") + suffix,
                "atom": reverse(f"feeds:{kind}_atom") + suffix,
            }
        )
    return {"links": links}
