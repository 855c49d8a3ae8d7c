"""The API's `search` parameter, cleaned exactly like the site's search box."""

from types import SimpleNamespace

from wagtail.api.v2.filters import SearchFilter

from search.queries import clean_query


class CleanedSearchFilter(SearchFilter):
    """Wagtail's SearchFilter, given the words clean_query() keeps: ?search= then finds what
    /search/?q= finds, in the same order, and quotes or operators never cause a 500. A search
    with no words in it (empty, or punctuation only) finds nothing, as on the site."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        words, _notice = clean_query(request.GET["search"])
        if not words:
            return queryset.none()
        params = request.GET.copy()
        params["search"] = words
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)
