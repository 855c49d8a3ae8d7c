"""The Pact page's own blocks: its four sections, one per P, each with its possible actions.

They live with the Pact rather than in the shared library (core.blocks) because no other page
has sections of the Pact; they build on the library's sanitised rich text.
"""

from collections import Counter

from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES, SanitisedRichTextBlock, stream_of_child_previews
from core.four_ps import P_BY_SLUG, P_CHOICES
from core.public_urls import absolute_url


class PossibleActionBlock(blocks.StructBlock):
    """One thing a town or region can do under a P, and what it costs."""

    title = blocks.CharBlock(
        max_length=200,
        help_text="The action in a few words, e.g. 'Train staff who work with children'.",
    )
    description = SanitisedRichTextBlock(
        features=RICH_TEXT_FEATURES, required=False, help_text="Optional: what it involves."
    )
    cost = blocks.ChoiceBlock(
        choices=[
            ("low", "Costs almost nothing"),
            ("investment", "Needs investment"),
        ],
        required=False,
        help_text="Optional: helps smaller authorities see where to start.",
    )

    def get_api_representation(self, value, context=None):
        return {
            "title": value["title"],
            "description": self.child_blocks["description"].get_api_representation(
                value.get("description"), context
            ),
            "cost": value.get("cost") or None,
        }

    class Meta:
        icon = "tick"
        template = "blocks/possible_action_block.html"
        description = "One thing a town or region can do under this P, and what it costs."
        preview_value = {
            "title": "Train staff who work with children",
            "description": (
                "<p>A half-day course helps teachers, coaches and social workers recognise the "
                "signs of abuse and know whom to call.</p>"
            ),
            "cost": "low",
        }


class PactSectionBlock(blocks.StructBlock):
    """The part of the Pact about one P: what it means and its possible actions.

    The P is the name the block has in PactSectionsBlock, so a section can't claim the wrong P.
    """

    introduction = SanitisedRichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="What this P means for a town or region."
    )
    actions = blocks.ListBlock(
        PossibleActionBlock(),
        min_num=1,
        help_text="The possible actions under this P; drag to reorder.",
    )

    @property
    def p(self):
        """The P this section is about, from its name in PactSectionsBlock."""
        return P_BY_SLUG[self.name]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["p"] = self.p
        return context

    def get_api_representation(self, value, context=None):
        return {
            "p": self.p.slug,
            "name": self.p.name,
            "url": absolute_url(self.p.listing_path),
            **super().get_api_representation(value, context),
        }

    def get_preview_value(self):
        """This P's own summary as the introduction, above a sample action."""
        action = self.child_blocks["actions"].child_block.get_preview_value()
        return self.normalize({"introduction": f"<p>{self.p.summary}</p>", "actions": [action]})

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
            f"{block.label} has {counts[name]} sections; keep one and move its actions there."
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
        description = "The Pact's four sections, one per P, each with its possible actions."
