"""Template tags that show which of the four Ps a page serves."""

from django import template

from core.four_ps import in_pact_order

register = template.Library()


@register.inclusion_tag("components/p_badges.html")
def p_badges(page):
    """The page's Ps as small labelled links to their listings, in the Pact's order.

    Works for any page with a `ps` FourPsField; prefetch `ps` in listings to keep them to one
    query per page type.
    """
    ps = getattr(page, "ps", None)
    return {"ps": in_pact_order(p.slug for p in ps.all()) if ps is not None else []}


@register.filter
def page_type_label(page):
    """What kind of page this is, for readers: "Campaign page", "News item", "Initiative"."""
    return page._meta.verbose_name[:1].upper() + page._meta.verbose_name[1:]
