"""`{% featured_good_practices %}`: the initiatives the secretariat selected, for the home page."""

from django import template

from pact.good_practices import featured_good_practices as selected_good_practices
from pact.models import GoodPracticesPage

register = template.Library()

MAX_LIMIT = 12


@register.inclusion_tag("pact/includes/featured_good_practices.html")
def featured_good_practices(limit=3, heading="Selected good practices"):
    """Up to `limit` selected good practices as cards, with a link to the database; renders
    nothing when none is selected.

        {% load good_practices %}
        {% featured_good_practices limit=3 %}
    """
    try:
        limit = max(1, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        limit = 3
    initiatives = selected_good_practices(limit)
    for initiative in initiatives:
        initiative.is_featured = False  # they are all selected: no flag on each card
    database = GoodPracticesPage.objects.publicly_visible().first() if initiatives else None
    return {"initiatives": initiatives, "heading": heading, "database": database}
