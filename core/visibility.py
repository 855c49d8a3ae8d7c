"""Who the public may see: one rule for every public surface of the site.

A page is publicly visible when it is live, when neither it nor any page above it has a view
restriction (a password, a login or a group), and when no page above it is unpublished. Wagtail
checks each part in a different place, and none checks the last one in listings: `.live()` looks
at the page alone, `.public()` at view restrictions only, and serving at the live flag of the page
asked for only. So the initiatives and events of a signatory whose page is unpublished would stay
listed everywhere. Every listing, feed, file, search and API answer goes through
`publicly_visible()`, and `SitePage.route` refuses to serve anything below an unpublished page.

How it is computed, and why so. One query collects the roots of the hidden sections of the tree:
the pages that carry a view restriction and the unpublished pages that have children (an
unpublished page without children hides only itself, which `live` covers). A page is then visible
when it is live and its path is not among the paths of those sections, a subquery that the
database answers with one range of the unique path index per section. The condition reads only
`live` and `path`, two of the FilterFields Wagtail indexes for every page (on specific page types
too, where a filter on the id is dropped by the Elasticsearch and OpenSearch backends), so it
works before `.search(...)` on every backend, as Wagtail's `.public()` does.

Measured once with a throwaway script: 5,003 pages, the first 24 of 4,000 pages sorted by title,
median of 31 runs on a shared two-core machine, SQLite 3.40 / PostgreSQL server time:

    hidden sections                         10                 100
    the rule                                1.0 / 2.3 ms       1.2 / 2.9 ms
    NOT path LIKE each section              31 / 2.8 ms        15 / 11 ms
    correlated NOT EXISTS over ancestors    795 / 15 ms        727 / 50 ms
    .live().public() (wrong)                1.2 / 3.8 ms       8.4 / 6.0 ms

plus the roots query, 1 to 2 ms, as cheap as the view-restriction query `.public()` makes, and 1 to
4 ms of Python to build the condition. So the rule costs one query wherever `.public()` cost one;
a view that lists pages several times computes the roots once with `hidden_sections()` and passes
them on. Sections are grouped FANOUT to a subquery and subqueries nested FANOUT to a level:
SQLite refuses an expression deeper than 1,000 and search backends limit the clauses of one
boolean query, so even thousands of hidden sections work.
"""

import operator
from functools import reduce
from http import HTTPMethod

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageManager, PageQuerySet

from core.media_choices import MediaCheckedPageForm
from core.request_memo import remembered

# The most hidden sections one subquery covers, and the most subqueries joined at one level.
FANOUT = 100
# Every page of a subtree sorts between the path of its top page and that path followed by a
# character past the paths' alphabet: paths compare byte by byte (Wagtail gives the column the C
# collation on PostgreSQL; SQLite compares bytes).
PAST_ALPHABET = chr(ord(max(Page.alphabet)) + 1)


def hidden_sections():
    """The paths of the roots of every section the public may not see, none inside another, in
    tree order: one query, once per request (core/request_memo.py). Pass the result to
    `publicly_visible()` to reuse it."""
    return remembered("core.visibility.hidden_sections", _hidden_sections)


def _hidden_sections():
    # Two narrow questions joined by UNION, not one OR across a join: the OR made the database
    # read the whole page table (60-250 ms at 70,000 pages), where each half reads an index (the
    # view restrictions' foreign key; the partial index of unpublished pages with children that
    # pact's migration 0012 adds).
    restricted = Page.objects.filter(view_restrictions__isnull=False).order_by().values_list("path")
    unpublished_sections = (
        Page.objects.filter(live=False, numchild__gt=0).order_by().values_list("path")
    )
    paths = sorted(path for (path,) in restricted.union(unpublished_sections))
    roots = []
    for path in paths:
        # In path order a page's descendants come right after it: they add nothing.
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return tuple(roots)


def _any_of(conditions):
    """A Q true when any of the conditions is, nested so that no level has more than FANOUT.

    Django merges an OR into an enclosing OR, which would flatten the nesting; it never merges a
    negated node, so groups are joined as NOT(NOT a AND NOT b ...), which is a OR b OR ...
    """
    if len(conditions) <= FANOUT:
        return reduce(operator.or_, conditions)
    size = -(-len(conditions) // FANOUT)  # groups of this size make at most FANOUT groups
    groups = [_any_of(conditions[at : at + size]) for at in range(0, len(conditions), size)]
    return ~reduce(operator.and_, (~group for group in groups))


def _paths_in_sections(roots):
    """The paths of every page of these sections, top pages included: one index range each."""
    ranges = [Q(path__range=(path, path + PAST_ALPHABET)) for path in roots]
    return Page.objects.filter(reduce(operator.or_, ranges)).values("path")


def visible_q(hidden):
    """The Q of the pages the public may see, given the roots of the hidden sections."""
    condition = Q(live=True)
    if hidden:
        groups = [hidden[at : at + FANOUT] for at in range(0, len(hidden), FANOUT)]
        condition &= ~_any_of([Q(path__in=_paths_in_sections(group)) for group in groups])
    return condition


def publicly_visible(queryset, hidden=None):
    """The pages of `queryset` the public may see: live, with no view restriction on them or
    above them, and no unpublished page above them.

    Works on any page queryset (Page.objects, a specific model's, children, descendants), keeps
    its type and methods, and may be followed by `.search(...)`. `hidden` is the result of
    `hidden_sections()`, when the caller has it already; otherwise it costs one query.
    """
    return queryset.filter(visible_q(hidden_sections() if hidden is None else hidden))


def is_publicly_visible(page):
    """Whether the public may see this one page (one query, none when it is not live)."""
    if not page.live:
        return False
    own_and_ancestor_paths = [
        page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)
    ]
    return not Page.objects.filter(
        Q(live=False) | Q(view_restrictions__isnull=False), path__in=own_and_ancestor_paths
    ).exists()


class VisiblePageQuerySet(PageQuerySet):
    """Page querysets of the site, with `.publicly_visible()`. Subclass it for a page type's own
    query methods (as pact's EventPageQuerySet does) so that they keep this one."""

    def publicly_visible(self, hidden=None):
        """The pages the public may see: see `publicly_visible()`."""
        return publicly_visible(self, hidden)


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


class SitePage(Page):
    """The base of every page type of the site: its manager has `.publicly_visible()`, its edit
    form checks the media chosen (`MediaCheckedPageForm`), and it is never served, nor are its
    routes (an event's ics/, a directory's map.geojson), below an unpublished page.
    tests/test_visibility.py checks that every page type derives from it.
    """

    objects = VisiblePageManager()

    # Every page's edit form refuses images and documents the editor may not choose, on save
    # and preview alike (core/media_choices.py). A page type's own form derives from it.
    base_form_class = MediaCheckedPageForm

    # The public reads pages and their data routes (map.geojson, export.csv, feed.ics): any
    # other method answers 405, and OPTIONS announces only these. A page type whose form posts
    # to itself adds POST (toolkit.ToolkitPage's poster).
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        # Wagtail checks only the live flag of the page asked for; each page on the way down
        # routes the rest of the address, so the first unpublished one ends it here.
        if path_components and not self.live:
            raise Http404("This page is not published.")
        return super().route(request, path_components)
