"""The live figure of the campaign: how many towns and regions, from how many countries, have
signed, and how many associations and organisations. Counted from the data, and kept in the
cache until a page, a view restriction or a site changes (pact.public_cache), so it is always
true without a count over every signatory on every page that shows it."""

from dataclasses import dataclass

from django.db.models import Count, Q

from pact.models import Profile, SignatoryPage
from pact.public_cache import FIGURES_KEY, cached


@dataclass(frozen=True)
class SignatoryFigures:
    authorities: int
    countries: int
    organisations: int

    @property
    def total(self):
        return self.authorities + self.organisations


def signatory_figures(hidden=None):
    """Counts of the signatories the public may see: authorities, their countries,
    organisations; from the cache, else counted in one query (two when the hidden sections,
    from core.visibility.hidden_sections(), are not given)."""
    return cached(FIGURES_KEY, lambda: count_signatories(hidden))


def count_signatories(hidden):
    authority = Q(profile=Profile.AUTHORITY)
    counts = SignatoryPage.objects.publicly_visible(hidden).aggregate(
        authorities=Count("pk", filter=authority),
        countries=Count("country", filter=authority, distinct=True),
        organisations=Count("pk", filter=Q(profile=Profile.ORGANISATION)),
    )
    return SignatoryFigures(**counts)
