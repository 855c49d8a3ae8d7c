"""The pages endpoint of the API (/api/v2/pages/) with the Pact's own filters.

Wagtail's PagesAPIViewSet, plus filters that only make sense for some page types (dates for
events; later the P, country and profile filters). Each is a PageTypeFilter subclass naming its
query parameters and page types; add it to PactPagesAPIViewSet.pact_filters and its parameters
become known to the endpoint. Used without `type=` of a page type it applies to, a filter answers
400 with the reason, never an empty or unfiltered list.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet

from pact.models import EventPage
from pact.models.events import attach_signatories, start_of_day
from search.api import CleanedSearchFilter


class ValidatedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (?town=Strasbourg), answering 400 rather than 500 when a value
    does not fit its field (e.g. ?start=tomorrow)."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            raise BadRequestError(f"field filter error: {' '.join(error.messages)}") from error


class PageTypeFilter(BaseFilterBackend):
    """A filter of some page types only. Subclasses set `query_parameters`, `page_models` and
    implement `apply(request, queryset, values)` with the values of the parameters given."""

    query_parameters: tuple[str, ...] = ()
    page_models: tuple[type, ...] = ()

    def filter_queryset(self, request, queryset, view):
        values = {name: request.GET[name] for name in self.query_parameters if name in request.GET}
        if not values:
            return queryset
        if not issubclass(queryset.model, self.page_models):
            types = " or ".join(model._meta.label for model in self.page_models)
            raise BadRequestError(
                f"{', '.join(sorted(values))} can only be used with type={types}."
            )
        return self.apply(request, queryset, values)

    def apply(self, request, queryset, values):
        raise NotImplementedError


def parse_iso_date(name, value):
    """An ISO date (2026-07-14) or date-time; a date means the start of that day, Strasbourg
    time."""
    try:
        return start_of_day(date.fromisoformat(value))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise BadRequestError(
            f"{name} must be an ISO date such as 2026-07-14 (or a date and time such as "
            f"2026-07-14T10:00:00+02:00), not {value!r}."
        ) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=start_of_day(moment.date()).tzinfo)
    return moment


class EventDateFilter(PageTypeFilter):
    """?upcoming=true|false, ?start_after=<date>, ?start_before=<date> for events.

    upcoming=true lists events not over yet, soonest first; upcoming=false those that are over,
    most recent first. start_after includes its day; start_before excludes its day. Without an
    explicit ?order=, results come in date order.
    """

    query_parameters = ("upcoming", "start_after", "start_before")
    page_models = (EventPage,)

    def apply(self, request, queryset, values):
        requested_ordering = queryset.query.order_by  # from ?order=, applied before us
        ordering = "start"
        if "upcoming" in values:
            try:
                upcoming = parse_boolean(values["upcoming"])
            except ValueError as error:
                raise BadRequestError(
                    f"upcoming must be true or false, not {values['upcoming']!r}."
                ) from error
            queryset = queryset.upcoming() if upcoming else queryset.past()
            ordering = "start" if upcoming else "-start"
        after = before = None
        if "start_after" in values:
            after = parse_iso_date("start_after", values["start_after"])
            queryset = queryset.filter(start__gte=after)
        if "start_before" in values:
            before = parse_iso_date("start_before", values["start_before"])
            queryset = queryset.filter(start__lt=before)
        if after and before and before <= after:
            raise BadRequestError("start_before must be later than start_after.")
        if "order" in request.GET:
            return queryset.order_by(*requested_ordering)
        return queryset.order_by(ordering, "pk")


class PactPagesAPIViewSet(PagesAPIViewSet):
    """/api/v2/pages/: Wagtail's pages endpoint with the Pact's filters and no N+1 listings."""

    pact_filters = [EventDateFilter]

    filter_backends = [
        ValidatedFieldsFilter if backend is FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
        if backend is not SearchFilter
    ] + [
        *pact_filters,
        CleanedSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        *(backend.query_parameters for backend in pact_filters)
    )

    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, EventPage):
            # ?fields=* adds each page's locale: join it rather than query it per page.
            queryset = queryset.select_related("locale").prefetch_related("p_items__tag")
        return queryset

    def paginate_queryset(self, queryset):
        results = super().paginate_queryset(queryset)
        model = getattr(queryset, "model", None)
        if model is not None and issubclass(model, EventPage):
            # The organiser of a signatory's event is the signatory: fetch them all at once.
            results = attach_signatories(results)
        return results
