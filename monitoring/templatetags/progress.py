"""`{% load progress %}{% progress_url country="FR" as url %}`: the address of the progress
dashboard (for one country when given), or "" when it is not public."""

from django import template
from django.http import QueryDict

from monitoring.models import ProgressPage

register = template.Library()


@register.simple_tag(takes_context=True)
def progress_url(context, country=""):
    page = ProgressPage.objects.publicly_visible().first()
    if page is None:
        return ""
    url = page.get_url(context.get("request"))
    if country:
        query = QueryDict(mutable=True)
        query["country"] = country
        url += f"?{query.urlencode()}"
    return url
