"""The Pact page's own blocks: its four sections, one per P.

They live with the Pact rather than in the shared library (core.blocks) because no other page
has sections of the Pact; they build on the library's sanitised rich text.

A section's possible actions are not blocks: they are data (monitoring.PossibleAction), kept by
the secretariat under "Possible actions" in the admin, with stable identifiers the checklists,
the API and the open data use. A section shows them, and gives them to the API under `actions`
in the shape the block had (title, description, cost), so the API's `sections` did not change.
"""

from collections import Counter

from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES, SanitisedRichTextBlock, stream_of_child_previews
from core.four_ps import P_BY_SLUG, P_CHOICES
from core.public_urls import absolute_url
from monitoring.models import PossibleAction

# Where a page's context keeps the actions of its four Ps, so its sections share one query.
ACTIONS_CONTEXT_KEY = "possible_actions_by_p"


def current_actions_by_p():
    """{P slug: [PossibleAction, ...]}: the actions the Pact lists today, in the Pact's order."""
    by_p = {slug: [] for slug, _name in P_CHOICES}
    for action in PossibleAction.objects.current().in_pact_order():
        by_p[action.p].append(action)
    return by_p


# How an action's description reaches the API: as the block's rich text did (display HTML,
# cleaned to the rich-text features however it was stored).
_DESCRIPTION = SanitisedRichTextBlock(features=RICH_TEXT_FEATURES)


def action_api_representation(action, context=None):
    """One action as the API gave the block: title, description and cost (None when not given)."""
    description = _DESCRIPTION.to_python(action.description or "")
    return {
        "title": action.title,
        "description": _DESCRIPTION.get_api_representation(description, context),
        "cost": action.cost or None,
    }


class PactSectionBlock(blocks.StructBlock):
    """The part of the Pact about one P: what it means, then its possible actions (from the
    data, see the module's docstring).

    The P is the name the block has in PactSectionsBlock, so a section can't claim the wrong P.
    """

    introduction = SanitisedRichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="What this P means for a town or region. Its possible actions are listed "
        "below it from “Possible actions” in the admin menu.",
    )

    @property
    def p(self):
        """The P this section is about, from its name in PactSectionsBlock."""
        return P_BY_SLUG[self.name]

    def actions(self, context=None):
        """This P's current actions: from the page's context when it gathered them (one query
        for the four sections), else from the database."""
        by_p = (context or {}).get(ACTIONS_CONTEXT_KEY)
        if by_p is None:
            return list(PossibleAction.objects.current().in_pact_order().filter(p=self.p.slug))
        return by_p.get(self.p.slug, [])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["p"] = self.p
        context["actions"] = self.actions(parent_context)
        return context

    def get_api_representation(self, value, context=None):
        introduction = self.child_blocks["introduction"]
        return {
            "p": self.p.slug,
            "name": self.p.name,
            "url": absolute_url(self.p.listing_path),
            "introduction": introduction.get_api_representation(value.get("introduction"), context),
            "actions": [action_api_representation(a, context) for a in self.actions(context)],
        }

    def get_preview_value(self):
        """This P's own summary as the introduction (its actions come from the data)."""
        return self.normalize({"introduction": f"<p>{self.p.summary}</p>"})

    class Meta:
        icon = "tasks"
        template = "blocks/pact_section_block.html"
        description = "What this P means for a town or region, and its possible actions."


class PactSectionsBlock(blocks.StreamBlock):
    """The four sections of the Pact, one per P: none missing, none twice."""

    prevention = PactSectionBlock(label="Prevention")
    protection = PactSectionBlock(label="Protection")
    prosecution = PactSectionBlock(label="Prosecution")
    participation = PactSectionBlock(label="Participation")

    def clean(self, value):
        """One section per P: name each missing P and each P given twice."""
        counts = Counter(child.block_type for child in value)
        messages = []
        if self.required and not self.is_deferred_validation:
            messages += [
                f"The Pact has a section for each P: add the {block.label} section."
                for name, block in self.child_blocks.items()
                if counts[name] == 0
            ]
        messages += [
            f"{block.label} has {counts[name]} sections; keep one."
            for name, block in self.child_blocks.items()
            if counts[name] > 1
        ]
        try:
            cleaned = super().clean(value)
        except blocks.StreamBlockValidationError as error:
            raise blocks.StreamBlockValidationError(
                block_errors=error.block_errors, non_block_errors=messages or error.non_block_errors
            ) from error
        if messages:
            raise blocks.StreamBlockValidationError(non_block_errors=messages)
        return cleaned

    def get_preview_value(self):
        """The four sections, each with its own preview."""
        return stream_of_child_previews(self, self.child_blocks.keys())

    class Meta:
        block_counts = {slug: {"max_num": 1} for slug, _name in P_CHOICES}
        description = "The Pact's four sections, one per P: what each means for a town or region."
