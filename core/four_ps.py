"""The four Ps: the one fixed vocabulary every action in the Pact falls under.

This module is the single source of the four names and slugs. The FourP tag model (pact.models)
holds one row per entry here, created by a data migration, and nothing else may add a row.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

# Every P has its own listing on the Pact page; the Pact page keeps the slug "pact" under the
# site root (PactPage.clean enforces it), so the path is fixed and other sites can link to it.
P_LISTING_PATH = "/pact/{slug}/"


@dataclass(frozen=True)
class P:
    slug: str
    name: str
    summary: str

    @property
    def listing_path(self):
        """Where everything tagged with this P is listed."""
        return P_LISTING_PATH.format(slug=self.slug)


FOUR_PS = (
    P("prevention", "Prevention", "Preventing abuse before it happens."),
    P("protection", "Protection", "Protecting and supporting children who are victims."),
    P("prosecution", "Prosecution", "Bringing perpetrators to justice in child-friendly ways."),
    P("participation", "Participation", "Making children's voices heard in every decision."),
)

P_SLUGS = tuple(p.slug for p in FOUR_PS)
P_BY_SLUG = {p.slug: p for p in FOUR_PS}
P_CHOICES = tuple((p.slug, p.name) for p in FOUR_PS)


def in_pact_order(slugs):
    """The Ps these slugs name, in the Pact's order, each once; unknown slugs are left out."""
    wanted = set(slugs)
    return [p for p in FOUR_PS if p.slug in wanted]


def _letters(text):
    """Lower-case ASCII letters only: 'Prévention ' and 'PREVENTION!' compare equal."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_text.lower())


def _word_resembling(word):
    letters = _letters(word)
    if len(letters) < 5:
        return None
    for p in FOUR_PS:
        # The stem every variant shares ("prevent", "protect", "prosecu", "partici"), with at most
        # a short ending: "preventions" is Prevention, "protected areas" is a theme of its own.
        stem = p.slug[:7]
        if (letters.startswith(stem) or p.slug.startswith(letters)) and len(letters) <= len(
            p.slug
        ) + 3:
            return p
    match = difflib.get_close_matches(letters, P_SLUGS, n=1, cutoff=0.8)
    return P_BY_SLUG[match[0]] if match else None


def p_resembling(text):
    """The P a free-text tag stands for (same word, variant spelling, typo), or None.

    Free thematic tags live beside the four Ps; this keeps "Prevention", "preventon",
    "Protections" or "Prosecution of perpetrators" from turning up as a fifth P among them.
    """
    words = text.split()
    if not words:
        return None
    whole = _word_resembling("".join(words))
    if whole:
        return whole
    # The Pact's own long forms: "Prevention of abuse", "Participation of children".
    if len(words) > 2 and _letters(words[1]) == "of":
        return _word_resembling(words[0])
    return None
