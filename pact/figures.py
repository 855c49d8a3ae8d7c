"""The live figure of the campaign: how many towns and regions, from how many countries, have
signed, and how many associations and organisations. Counted from the data on every request,
so it is always true."""

from dataclasses import dataclass

from django.db.models import Count, Q
from wagtail.models import Page

from pact.models import Profile, SignatoryPage


@dataclass(frozen=True)
class SignatoryFigures:
    authorities: int
    countries: int
    organisations: int

    @property
    def total(self):
        return self.authorities + self.organisations


def signatory_figures(private_q=None):
    """Counts of live, public signatories: authorities, their countries, organisations.

    One query (two when the private sections are not given)."""
    private_q = Page.objects.private_q() if private_q is None else private_q
    authority = Q(profile=Profile.AUTHORITY)
    counts = (
        SignatoryPage.objects.live()
        .exclude(private_q)
        .aggregate(
            authorities=Count("pk", filter=authority),
            countries=Count("country", filter=authority, distinct=True),
            organisations=Count("pk", filter=Q(profile=Profile.ORGANISATION)),
        )
    )
    return SignatoryFigures(**counts)
