"""The `page` parameter of every paginated HTML listing: a page that does not exist gives the
nearest one that does, with a notice in the same words everywhere, never an error page."""

import re

from django.core.paginator import Paginator

from core.query_params import shown


def page_number(raw_page):
    """The page asked for as an int (1 when none is), or None when it is not a whole number.

    A number too long to be a page is taken as "very far": past the last page, or before the
    first one."""
    text = (raw_page or "").strip()
    if not text:
        return 1
    if not re.fullmatch(r"-?[0-9]+", text):
        return None
    if len(text.lstrip("-")) > 18:
        return -(10**18) if text.startswith("-") else 10**18
    return int(text)


def paginate(items, raw_page, per_page):
    """(the requested page of `items`, a notice for the visitor or "")."""
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    number = page_number(raw_page)
    asked = shown((raw_page or "").strip())
    if number is None:
        return paginator.page(1), f"There is no page '{asked}'; this is page 1."
    if number < 1:
        return paginator.page(1), f"There is no page {asked}; this is page 1."
    last = paginator.num_pages
    if number > last:
        notice = f"There is no page {asked}; this is the last page, page {last}."
        return paginator.page(last), notice
    return paginator.page(number), ""
