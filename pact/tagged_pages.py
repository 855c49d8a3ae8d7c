"""Everything on the site tagged with one P, whatever its page type.

A page type takes part by having a `ps = FourPsField(...)`: campaign pages and news today,
initiatives and events as they are added, with no list to keep up to date here.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q
from wagtail.models import Page, get_page_models

from core.visibility import publicly_visible
from pact.models.four_ps import FourPsField


def four_p_page_models():
    """Every page model that declares its own `ps` FourPsField (not one inherited from a parent
    page model, whose query already covers its subclasses)."""
    found = []
    for model in get_page_models():
        try:
            field = model._meta.get_field("ps")
        except FieldDoesNotExist:
            continue
        if isinstance(field, FourPsField) and field.model is model:
            found.append(model)
    return found


def pages_tagged_with(p_slug):
    """The pages the public may see, of every four-P page type, tagged with the P, newest first.

    One query whatever the number of page types (a subquery per type); `.specific()` then
    fetches each type's fields in one query per type, with its Ps prefetched, so a listing
    costs the same number of queries for ten items or a hundred.
    """
    tagged = Q()
    for model in four_p_page_models():
        tagged |= Q(pk__in=model.objects.filter(ps__slug=p_slug).values("pk"))
    if not tagged:
        return Page.objects.none()
    return (
        publicly_visible(Page.objects.all())
        .filter(tagged)
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        .specific()
        .prefetch_related("ps", for_specific_subqueries=True)
    )
