"""How search results show the words searched for.

The words themselves come from core.query_params.clean_query, which every search box (site
search, the good-practices database, the API's `search`) goes through; highlighting them is
display, so it lives here with the search page.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe


def highlight(text, query, length=240):
    """An excerpt of `text` around the first word of `query` it contains, escaped, with every
    query word wrapped in <mark>. The text is escaped first, then marked: nothing the visitor
    or an editor typed is ever output unescaped."""
    text = " ".join((text or "").split())
    words = sorted(set(query.split()), key=len, reverse=True)
    pattern = (
        re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None
    )
    start = 0
    if pattern is not None:
        first = pattern.search(text)
        if first and first.start() > length // 3:
            start = text.rfind(" ", 0, first.start() - length // 4) + 1
    excerpt = text[start : start + length]
    if start + length < len(text):
        excerpt = excerpt[: excerpt.rfind(" ")] if " " in excerpt else excerpt
    escaped = escape(
        ("… " if start else "") + excerpt + (" …" if start + length < len(text) else "")
    )
    if pattern is None:
        return mark_safe(escaped)
    # Entities made by escaping (&amp; &#x27;) are skipped, so "amp" never marks inside one.
    marker = re.compile(r"(&#?\w+;)|(" + pattern.pattern + ")", re.IGNORECASE)
    return mark_safe(
        marker.sub(
            lambda match: match.group(1) or f"<mark>{match.group(2)}</mark>",
            escaped,
        )
    )
