"""Blocks that show the Pact at a glance: four-P cards, key figures and the live signatory count."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError

from core.four_ps import P_BY_SLUG, P_CHOICES
from core.public_urls import absolute_url


class FourPCardBlock(blocks.StructBlock):
    """One of the four Ps as a card that leads to everything tagged with it."""

    p = blocks.ChoiceBlock(choices=P_CHOICES, label="P", help_text="Which of the four Ps.")
    text = blocks.TextBlock(
        required=False,
        max_length=300,
        help_text="Optional: leave blank to use the Pact's own summary of this P.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["p"] = P_BY_SLUG[value["p"]]
        return context

    def get_api_representation(self, value, context=None):
        p = P_BY_SLUG[value["p"]]
        return {
            "p": p.slug,
            "name": p.name,
            "text": value.get("text") or p.summary,
            "url": absolute_url(p.listing_path),
        }

    class Meta:
        icon = "tag"
        template = "blocks/four_p_card_block.html"
        description = "One P as a card, linking to everything tagged with it."
        preview_value = {
            "p": "prevention",
            "text": "Schools and sports clubs teach children how to stay safe and whom to tell.",
        }


class FourPCardsBlock(blocks.StructBlock):
    """The four Ps (or some of them) side by side, each linking to its listing."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Four ways to act'."
    )
    cards = blocks.ListBlock(
        FourPCardBlock(),
        min_num=1,
        max_num=4,
        default=[{"p": p} for p, _name in P_CHOICES],
        help_text="One card per P, in the order readers should see them.",
    )

    def clean(self, value):
        """Each P has one card at most: two cards for the same P would lead to one listing."""
        value = super().clean(value)
        seen = set()
        card_errors = {}
        for index, card in enumerate(value["cards"]):
            if card["p"] in seen:
                card_errors[index] = ValidationError(
                    f"{P_BY_SLUG[card['p']].name} already has a card here: each P appears once."
                )
            seen.add(card["p"])
        if card_errors:
            raise blocks.StructBlockValidationError(
                block_errors={"cards": ListBlockValidationError(block_errors=card_errors)}
            )
        return value

    def get_api_representation(self, value, context=None):
        card_block = self.child_blocks["cards"].child_block
        return {
            "heading": value.get("heading"),
            "cards": [card_block.get_api_representation(card, context) for card in value["cards"]],
        }

    class Meta:
        icon = "tasks"
        template = "blocks/four_p_cards_block.html"
        description = "Cards for the four Ps, each linking to everything tagged with it."
        preview_value = {"heading": "Four ways to act", "cards": [{"p": p} for p, _ in P_CHOICES]}


# The sample figure of a key figure's preview, also one of the key figures block's.
SAMPLE_FIGURE = {"figure": "46", "label": "member states of the Council of Europe"}


class KeyFigureBlock(blocks.StructBlock):
    """One number and what it counts."""

    figure = blocks.CharBlock(
        max_length=20, help_text="The number as readers should see it, e.g. '1 in 5' or '46'."
    )
    label = blocks.CharBlock(
        max_length=120, help_text="What it counts, e.g. 'member states of the Council of Europe'."
    )

    class Meta:
        icon = "order"
        template = "blocks/key_figure_block.html"
        description = "One number and what it counts."
        preview_value = SAMPLE_FIGURE


class KeyFiguresBlock(blocks.StructBlock):
    """A few numbers that tell the story at a glance."""

    heading = blocks.CharBlock(required=False, max_length=120, help_text="Optional heading.")
    figures = blocks.ListBlock(
        KeyFigureBlock(), min_num=1, max_num=6, help_text="Between one and six figures."
    )

    class Meta:
        icon = "order"
        template = "blocks/key_figures_block.html"
        description = "Key figures: a number and what it counts."
        preview_value = {
            "heading": "",
            "figures": [
                {"figure": "1 in 5", "label": "children in Europe affected by sexual violence"},
                SAMPLE_FIGURE,
            ],
        }


class SignatoryFiguresBlock(blocks.StructBlock):
    """The live count of signatories ("77 cities and regions from 22 countries"), counted when
    the page is shown, with a link to the directory."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Who has signed so far'."
    )

    class Meta:
        icon = "group"
        template = "blocks/signatory_figures_block.html"
        preview_value = {"heading": "Who has signed so far"}
        label = "Signatory figures"
        description = "The live count of signatories, with a link to the directory."
