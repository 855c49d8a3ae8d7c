"""`{% signatory_figures %}`: the live figure, e.g. "77 cities and regions from 22 countries"."""

from django import template

from pact.figures import signatory_figures as count_signatories

register = template.Library()


@register.inclusion_tag("pact/includes/signatory_figures.html")
def signatory_figures(figures=None):
    """Renders the figure; pass `figures` when the view has counted them already."""
    return {"figures": figures or count_signatories()}
