"""What the site does with a visitor's search words before and after the search backend.

Every search box (site search, the good-practices database, the API's `search`) goes through
clean_query(), so that quotes, operators, accents and very long queries never reach the backend
in a form it chokes on (SQLite's FTS5 fails on an unbalanced quote, for one), and so that the
same words give the same results everywhere.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_WORDS = 20
# Letters and digits of any script ("Zürich", "Île", "prévention"); everything else separates.
WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw):
    """(words to search for, a notice for the visitor or "").

    The backend receives plain lower-case words: quotes, brackets, `*`, `-` and operators such
    as AND/OR/NOT are treated as spaces or ordinary words, never as query syntax.
    """
    raw = (raw or "").strip()
    notice = ""
    if len(raw) > MAX_QUERY_LENGTH:
        raw = raw[:MAX_QUERY_LENGTH]
        notice = f"Your search was long: only its first {MAX_QUERY_LENGTH} characters were used."
    words = [word.lower() for word in WORD.findall(raw.replace("_", " "))]
    if len(words) > MAX_WORDS:
        words = words[:MAX_WORDS]
        notice = f"Your search had many words: only the first {MAX_WORDS} were used."
    return " ".join(words), notice


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
