"""`{% upcoming_events %}`: the next events, for the home page and a signatory's page."""

from django import template

from core.visibility import hidden_sections
from pact.models import CalendarPage, EventPage, attach_signatories
from pact.models.signatories import SignatoryPage

register = template.Library()

MAX_LIMIT = 20


@register.inclusion_tag("pact/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, under=None, limit=3, heading="Upcoming events"):
    """The next `limit` events the public may see, soonest first; with `under=page`, only the events
    below that page (e.g. a SignatoryPage's own events).

        {% load pact_events %}
        {% upcoming_events limit=3 %}
        {% upcoming_events under=page limit=3 %}
    """
    try:
        limit = max(1, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        limit = 3
    hidden = hidden_sections()
    events = EventPage.objects.publicly_visible(hidden)
    if under is not None:
        events = events.descendant_of(under)
    events = attach_signatories(events.upcoming().for_listing()[:limit])
    calendar = CalendarPage.objects.publicly_visible(hidden).first()
    feed_url = ""
    if calendar is not None:
        request = context.get("request")
        if isinstance(under, SignatoryPage):
            feed_url = calendar.ics_url("signatory_feed_route", (under.slug,), request)
        else:
            feed_url = calendar.ics_url(request=request)
    return {
        "request": context.get("request"),
        "events": events,
        "heading": heading,
        "under": under,
        "calendar": calendar,
        "feed_url": feed_url,
    }
