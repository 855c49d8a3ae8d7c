"""The four Ps: the one fixed vocabulary every action in the Pact falls under.

This module is the single source of the four names and slugs. The FourP tag model (pact.models)
holds one row per entry here, created by a data migration, and nothing else may add a row.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class P:
    slug: str
    name: str
    summary: str


FOUR_PS = (
    P("prevention", "Prevention", "Preventing abuse before it happens."),
    P("protection", "Protection", "Protecting and supporting children who are victims."),
    P("prosecution", "Prosecution", "Bringing perpetrators to justice in child-friendly ways."),
    P("participation", "Participation", "Making children's voices heard in every decision."),
)

P_SLUGS = tuple(p.slug for p in FOUR_PS)
P_BY_SLUG = {p.slug: p for p in FOUR_PS}
P_CHOICES = tuple((p.slug, p.name) for p in FOUR_PS)
