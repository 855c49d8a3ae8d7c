"""Showing the Pact's possible actions on public pages."""

from django import template

from core.blocks import RICH_TEXT_FEATURES
from core.blocks.text import SanitisedRichText

register = template.Library()


@register.filter
def action_description(action):
    """An action's description as display HTML, cleaned to the rich-text features however it
    reached the database (as the library's rich-text blocks are)."""
    return SanitisedRichText(action.description or "", RICH_TEXT_FEATURES)
