"""The pages endpoint of the API (/api/v2/pages/) with the Pact's own filters.

Wagtail's PagesAPIViewSet, plus filters that only make sense for some page types (dates for
events; the P, country and profile filters). Each is a PageTypeFilter subclass naming its
query parameters and page types; add it to PactPagesAPIViewSet.pact_filters and its parameters
become known to the endpoint. Used without `type=` of a page type it applies to, a filter answers
400 with the reason, never an empty or unfiltered list.
"""

from datetime import date, datetime
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models.functions import Length, Substr
from django_countries import countries
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page

from core.four_ps import P_SLUGS
from core.site_time import start_of_day
from core.visibility import publicly_visible
from pact.api_fields import FourPsAPIField, ImageRenditionsAPIField
from pact.models import EventPage, InitiativePage, Profile, SignatoryPage
from pact.models.events import attach_signatories
from pact.tagged_pages import four_p_page_models
from search.api import CleanedSearchFilter


class ValidatedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (?town=Strasbourg), answering 400 rather than 500 when a value
    does not fit its field (e.g. ?start=tomorrow).

    Parameters that a Pact filter owns (?country=fr) are left to it: it validates them and
    accepts either case, where the plain field filter would silently match nothing.
    """

    def filter_queryset(self, request, queryset, view):
        owned = {name for backend in view.pact_filters for name in backend.query_parameters}
        # FieldsFilter reads nothing of the request but its query parameters.
        params = request.GET.copy()
        for name in owned:
            params.pop(name, None)
        try:
            return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)
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


def pks_where(model, **lookups):
    """`pk__in` a subquery rather than a join: the search backend accepts a filter on the page
    id (an indexed FilterField) but not on related fields, so ?search= works with the filter."""
    return {"pk__in": model.objects.filter(**lookups).values("pk")}


def initiatives_of_signatories(**signatory_lookups):
    """Initiatives whose signatory matches the lookups: a page's parent path is its own path
    less one step, so this is one subquery, not one per initiative."""
    signatory_paths = SignatoryPage.objects.filter(**signatory_lookups).values("path")
    return {
        "pk__in": InitiativePage.objects.annotate(
            parent_path=Substr("path", 1, Length("path") - Page.steplen)
        )
        .filter(parent_path__in=signatory_paths)
        .values("pk")
    }


class FourPFilter(PageTypeFilter):
    """?p=prevention: pages serving one of the four Ps, for every page type with a `ps`."""

    query_parameters = ("p",)

    @property
    def page_models(self):
        return tuple(four_p_page_models())

    def apply(self, request, queryset, values):
        slug = values["p"].strip().lower()
        if slug not in P_SLUGS:
            raise BadRequestError(f"Unknown P {values['p']!r}: use one of {', '.join(P_SLUGS)}.")
        return queryset.filter(**pks_where(queryset.model, p_items__tag__slug=slug))


class CountryFilter(PageTypeFilter):
    """?country=FR (ISO 3166-1 alpha-2, either case): signatories and events in that country,
    and initiatives of signatories in it."""

    query_parameters = ("country",)
    page_models = (SignatoryPage, InitiativePage, EventPage)

    def apply(self, request, queryset, values):
        code = values["country"].strip().upper()
        if len(code) != 2 or not countries.alpha2(code):
            raise BadRequestError(
                f"Unknown country code {values['country'][:40]!r}: use a two-letter ISO 3166-1 "
                "code such as FR, DE or IT."
            )
        if issubclass(queryset.model, InitiativePage):
            return queryset.filter(**initiatives_of_signatories(country=code))
        return queryset.filter(country=code)


class ProfileFilter(PageTypeFilter):
    """?profile=authority|organisation: signatories of that profile, and their initiatives."""

    query_parameters = ("profile",)
    page_models = (SignatoryPage, InitiativePage)

    def apply(self, request, queryset, values):
        profile = values["profile"].strip().lower()
        if profile not in Profile.values:
            raise BadRequestError(
                f"Unknown profile {values['profile'][:40]!r}: use one of "
                f"{', '.join(Profile.values)}."
            )
        if issubclass(queryset.model, InitiativePage):
            return queryset.filter(**initiatives_of_signatories(profile=profile))
        return queryset.filter(profile=profile)


def image_prefetches(model):
    """Prefetches of every image an API field of the model renders, with its renditions, so a
    listing asks for all images and renditions in two queries, whatever its length."""
    prefetches = []
    for api_field in getattr(model, "api_fields", ()):
        serializer = getattr(api_field, "serializer", None)
        if isinstance(serializer, ImageRenditionField):
            specs = (serializer.filter_spec,)
        elif isinstance(serializer, ImageRenditionsAPIField):
            specs = serializer.filter_specs
        else:
            continue
        images = get_image_model().objects.prefetch_renditions(*specs)
        prefetches.append(Prefetch(api_field.name, queryset=images))
    return prefetches


def related_prefetches(model):
    """The Ps and free tags a page type's API fields list."""
    names = {api_field.name for api_field in getattr(model, "api_fields", ())}
    prefetches = []
    for api_field in getattr(model, "api_fields", ()):
        if isinstance(getattr(api_field, "serializer", None), FourPsAPIField):
            prefetches.append("p_items__tag")
    if "tags" in names:
        prefetches.append("tags")
    return prefetches


class PactPagesAPIViewSet(PagesAPIViewSet):
    """/api/v2/pages/: Wagtail's pages endpoint with the Pact's filters and no N+1 listings.

    Only the pages the public may see (core/visibility.py): drafts, pages behind a view
    restriction and the pages of unapproved signatories never appear, in lists or details.
    """

    pact_filters = [EventDateFilter, FourPFilter, CountryFilter, ProfileFilter]

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

    def get_base_queryset(self):
        # Wagtail asks for it up to three times a request, and reads the view restrictions each
        # time: build it once (a queryset is lazy, and every use of it makes a new one).
        if getattr(self, "_public_pages", None) is None:
            self._public_pages = publicly_visible(super().get_base_queryset())
        return self._public_pages

    def get_queryset(self):
        queryset = super().get_queryset()
        model = queryset.model
        # ?fields=* adds each page's locale: join it rather than query it per page.
        queryset = queryset.select_related("locale")
        prefetches = related_prefetches(model) + image_prefetches(model)
        if prefetches:
            queryset = queryset.prefetch_related(*prefetches)
        return queryset

    def paginate_queryset(self, queryset):
        results = super().paginate_queryset(queryset)
        model = getattr(queryset, "model", None)
        if model is not None and issubclass(model, (EventPage, InitiativePage)):
            # An event's organiser and an initiative's signatory and country come from the
            # parent signatory: fetch them all at once.
            results = attach_signatories(results)
        return results
