"""The pages endpoint of the API (/api/v2/pages/) with the Pact's own filters.

Wagtail's PagesAPIViewSet, plus filters that only make sense for some page types (dates for
events; the P, country and profile filters). Each is a PageTypeFilter subclass naming its
query parameters and page types; add it to PactPagesAPIViewSet.pact_filters and its parameters
become known to the endpoint. Every combination the OpenAPI description allows is answered (an
API client generated from it must not meet a refusal it could not foresee): without `type=`, a
filter lists the pages of the types it applies to; with a type it does not apply to, none. A
value it cannot read is a 400 naming the parameter and the values it takes.
"""

import operator
from functools import reduce
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Prefetch, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    OrderingFilter,
    SearchFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from core.media_access import publicly_used
from core.query_params import (
    COUNTRY_CODE,
    P_SLUG,
    BadQuery,
    Boolean,
    Choice,
    IsoDate,
    PageId,
    Parameters,
    Words,
)
from core.visibility import hidden_sections, publicly_visible
from monitoring.models import MonitoringReportPage, PossibleAction, SignatoryAction
from monitoring.status import Status, with_status
from pact.api_fields import FourPsAPIField, ImageRenditionsAPIField
from pact.models import EventPage, InitiativePage, Profile, SignatoryPage, attach_signatories
from pact.tagged_pages import four_p_page_models


class ValidatedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (?town=Strasbourg), answering 400 rather than 500 when a value
    does not fit its field (e.g. ?start=tomorrow).

    Parameters that a Pact filter owns (?country=fr) are left to it: it validates them and
    accepts either case, where the plain field filter would silently match nothing.
    """

    def filter_queryset(self, request, queryset, view):
        owned = {
            name
            for backend in view.pact_filters
            if backend.owns(queryset.model)
            for name in backend.query_parameters
        }
        # FieldsFilter reads nothing of the request but its query parameters.
        params = request.GET.copy()
        for name in owned:
            params.pop(name, None)
        try:
            return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)
        except ValidationError as error:
            raise BadRequestError(f"field filter error: {' '.join(error.messages)}") from error


class PageTreeFilter(BaseFilterBackend):
    """?child_of=<id> and ?descendant_of=<id> (or `root`), together or apart: Wagtail's filters,
    except that a page the public cannot see is a 404 (the id names nothing), and both at once
    mean a child of the one that is also below the other."""

    names = ("child_of", "descendant_of")
    page_id = PageId("a page")

    def filter_queryset(self, request, queryset, view):
        for name in self.names:
            if name not in request.GET:
                continue
            value = request.GET[name]
            if value == "root":
                page = view.get_root_page()
            else:
                try:
                    # The one reading of a page id (core.query_params), with Wagtail's message.
                    page_id = self.page_id.clean(value)
                except ValueError as error:
                    raise BadRequestError(f"{name} must be a positive integer") from error
                page = view.get_base_queryset().filter(id=page_id).first()
                if page is None:
                    raise Http404(f"{name}: no live, public page has the id {page_id}.")
            queryset = (
                queryset.child_of(page) if name == "child_of" else queryset.descendant_of(page)
            )
            if name == "child_of":
                # Wagtail's admin explorer reads it (construct_explorer_page_queryset).
                queryset._filtered_by_child_of = page
        return queryset


class PageTypeFilter(BaseFilterBackend):
    """A filter of some page types only. Subclasses set `parameters` (read and refused by
    core.query_params, as every listing and output reads them) and `page_models`, and implement
    `apply(request, queryset, values)` with the clean values of the parameters given."""

    parameters = Parameters()
    page_models: tuple[type, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The names the endpoint accepts (known_query_parameters) and leaves to this filter.
        cls.query_parameters = cls.parameters.names

    @classmethod
    def owns(cls, model):
        """Whether this filter reads its parameters for a listing of `model` (else Wagtail's
        field filters do, for a type with a field of the same name)."""
        return True

    def filter_queryset(self, request, queryset, view):
        given = sorted(name for name in self.parameters.names if name in request.GET)
        if not given or not self.owns(queryset.model):
            return queryset
        try:
            # A blank value is refused, not taken for "any": the API has always said so.
            values = self.parameters.for_output(request.GET, blank_is_absent=False)
        except BadQuery as error:
            raise BadRequestError(str(error)) from error
        if issubclass(queryset.model, self.page_models):
            return self.apply(request, queryset, values)
        # Any combination the OpenAPI description allows is answered: without type= (or with a
        # type above these), the pages of the types this filter knows that match it; with a type
        # it does not apply to (news in a country), none, as no page of that type can match.
        matching = [
            self.apply(request, model.objects.all(), values).values("pk")
            for model in self.page_models
            if issubclass(model, queryset.model)
        ]
        if not matching:
            return queryset.none()
        return queryset.filter(reduce(operator.or_, (Q(pk__in=pks) for pks in matching)))

    def apply(self, request, queryset, values):
        raise NotImplementedError


class EventDateFilter(PageTypeFilter):
    """?upcoming=true|false, ?start_after=<date>, ?start_before=<date> for events.

    upcoming=true lists events not over yet, soonest first; upcoming=false those that are over,
    most recent first. start_after includes its day; start_before excludes its day. Without an
    explicit ?order=, results come in date order.
    """

    parameters = Parameters(upcoming=Boolean(), start_after=IsoDate(), start_before=IsoDate())
    page_models = (EventPage,)

    def apply(self, request, queryset, values):
        requested_ordering = queryset.query.order_by  # from ?order=, applied before us
        ordering = "start"
        if "upcoming" in values:
            upcoming = values["upcoming"]
            queryset = queryset.upcoming() if upcoming else queryset.past()
            ordering = "start" if upcoming else "-start"
        after, before = values.get("start_after"), values.get("start_before")
        if after:
            queryset = queryset.filter(start__gte=after)
        if before:
            queryset = queryset.filter(start__lt=before)
        if after and before and before <= after:
            # An empty window: no event starts in it.
            return queryset.none()
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

    parameters = Parameters(p=P_SLUG)

    @property
    def page_models(self):
        return tuple(four_p_page_models())

    def apply(self, request, queryset, values):
        return queryset.filter(**pks_where(queryset.model, p_items__tag__slug=values["p"]))


class CountryFilter(PageTypeFilter):
    """?country=FR (ISO 3166-1 alpha-2, either case): signatories and events in that country,
    and initiatives of signatories in it."""

    parameters = Parameters(country=COUNTRY_CODE)
    page_models = (SignatoryPage, InitiativePage, EventPage)

    def apply(self, request, queryset, values):
        code = values["country"]
        if issubclass(queryset.model, InitiativePage):
            return queryset.filter(**initiatives_of_signatories(country=code))
        return queryset.filter(country=code)


class ProfileFilter(PageTypeFilter):
    """?profile=authority|organisation: signatories of that profile, and their initiatives."""

    parameters = Parameters(profile=Choice(Profile.values))
    page_models = (SignatoryPage, InitiativePage)

    def apply(self, request, queryset, values):
        profile = values["profile"]
        if issubclass(queryset.model, InitiativePage):
            return queryset.filter(**initiatives_of_signatories(profile=profile))
        return queryset.filter(profile=profile)


def has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class MonitoringStatusFilter(PageTypeFilter):
    """?status=joined|action_plan|reporting|overdue|on_hold: signatories with that public
    status (monitoring.status, the one rule, computed in SQL).

    A page type with a `status` field of its own (initiatives: planned, ongoing, completed)
    keeps ?status= as its field filter: `type=pact.InitiativePage&status=ongoing` is unchanged.
    """

    parameters = Parameters(status=Choice(Status.values))
    page_models = (SignatoryPage,)

    @classmethod
    def owns(cls, model):
        return not has_field(model, "status")

    def apply(self, request, queryset, values):
        matching = with_status(SignatoryPage.objects.all()).filter(
            monitoring_status=values["status"]
        )
        return queryset.filter(pk__in=matching.values("pk"))


class CleanedSearchFilter(SearchFilter):
    """Wagtail's SearchFilter, given the words clean_query() keeps: ?search= then finds what
    /search/?q= finds, in the same order, and quotes or operators never cause a 500. A search
    with no words in it (empty, or punctuation only) finds nothing, as on the site."""

    parameters = Parameters(search=Words())

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        words = self.parameters.for_output(request.GET, blank_is_absent=False)["search"]
        if not words:
            return queryset.none()
        params = request.GET.copy()
        params["search"] = words
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


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


def checklist_prefetches():
    """The signatories' checklist rows with their actions, and the evidence of each row narrowed
    to the initiatives the public may see (monitoring.api_fields reads them)."""
    evidence = publicly_visible(InitiativePage.objects.all(), hidden_sections()).order_by("pk")
    rows = SignatoryAction.objects.select_related("action")
    return [
        Prefetch("action_items", queryset=rows),
        Prefetch("action_items__evidence", queryset=evidence),
    ]


# Beyond this, an offset is refused rather than handed to the database, which cannot hold it
# (a 500 on SQLite): no listing comes near it.
MAX_OFFSET = 1_000_000


class BoundedPagination(WagtailPagination):
    """Wagtail's limit/offset pagination, refusing an offset too large for the database."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            too_large = int(request.GET.get("offset", 0)) > MAX_OFFSET
        except ValueError:
            too_large = False  # Wagtail's own message: "offset must be a positive integer"
        if too_large:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class PactImagesAPIViewSet(ImagesAPIViewSet):
    """/api/v2/images/: only the images a page the public may see uses (core/media_access.py)."""

    pagination_class = BoundedPagination

    def get_queryset(self):
        return publicly_used(super().get_queryset())


class PactDocumentsAPIViewSet(DocumentsAPIViewSet):
    """/api/v2/documents/: only the documents a page the public may see uses."""

    pagination_class = BoundedPagination

    def get_queryset(self):
        return publicly_used(super().get_queryset())


class PactPagesAPIViewSet(PagesAPIViewSet):
    """/api/v2/pages/: Wagtail's pages endpoint with the Pact's filters and no N+1 listings.

    Only the pages the public may see (core/visibility.py): drafts, pages behind a view
    restriction and the pages of unapproved signatories never appear, in lists or details.
    """

    pagination_class = BoundedPagination
    pact_filters = [
        EventDateFilter,
        FourPFilter,
        CountryFilter,
        ProfileFilter,
        MonitoringStatusFilter,
    ]

    filter_backends = [
        ValidatedFieldsFilter if backend is FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
        if backend not in (SearchFilter, ChildOfFilter, DescendantOfFilter)
    ] + [
        PageTreeFilter,
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
        if issubclass(model, SignatoryPage):
            # Each signatory's status in SQL, and its checklist with the evidence the public
            # may see: a few queries for the whole listing.
            queryset = with_status(queryset)
            prefetches += checklist_prefetches()
        elif issubclass(model, MonitoringReportPage):
            queryset = queryset.select_related("snapshot")
        if prefetches:
            queryset = queryset.prefetch_related(*prefetches)
        return queryset

    def paginate_queryset(self, queryset):
        results = super().paginate_queryset(queryset)
        model = getattr(queryset, "model", None)
        if model is not None and issubclass(
            model, (EventPage, InitiativePage, MonitoringReportPage)
        ):
            # An event's organiser and an initiative's signatory and country come from the
            # parent signatory: fetch them all at once.
            results = attach_signatories(results)
        return results


class PossibleActionFilter(BaseFilterBackend):
    """?p=<P slug> and ?retired=true|false on the possible actions (core.query_params: a bad
    value is a 400 naming the values it takes)."""

    parameters = Parameters(p=P_SLUG, retired=Boolean())
    query_parameters = parameters.names

    @classmethod
    def owns(cls, model):
        return True

    def filter_queryset(self, request, queryset, view):
        if not any(name in request.GET for name in self.query_parameters):
            return queryset
        try:
            values = self.parameters.for_output(request.GET, blank_is_absent=False)
        except BadQuery as error:
            raise BadRequestError(str(error)) from error
        if "p" in values:
            queryset = queryset.filter(p=values["p"])
        if "retired" in values:
            queryset = queryset.filter(retired_on__isnull=not values["retired"])
        return queryset


class PactOrderingFilter(OrderingFilter):
    """Wagtail's ?order=, the Pact's order (by P, then the secretariat's) when none is given."""

    def filter_queryset(self, request, queryset, view):
        if not request.GET.get("order"):
            return queryset.in_pact_order()
        return super().filter_queryset(request, queryset, view)


class PossibleActionsAPIViewSet(BaseAPIViewSet):
    """/api/v2/actions/: the Pact's possible actions, as the secretariat keeps them, retired
    ones included (with the day they were retired), so that the checklists and report
    snapshots that name a retired action's code can still be read."""

    name = "actions"
    model = PossibleAction
    pagination_class = BoundedPagination
    pact_filters = [PossibleActionFilter]
    filter_backends = [ValidatedFieldsFilter, PactOrderingFilter, PossibleActionFilter]
    # No full-text search here: a short list, filtered by P.
    known_query_parameters = (
        BaseAPIViewSet.known_query_parameters - {"search", "search_operator"}
    ).union(PossibleActionFilter.query_parameters)
    body_fields = [
        *BaseAPIViewSet.body_fields,
        "code",
        "p",
        APIField("p_name", serializer=serializers.CharField(source="get_p_display")),
        "title",
        "description",
        "cost",
        "sort_order",
        "retired_on",
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "code",
        "p",
        "title",
        "retired_on",
    ]
    nested_default_fields = listing_default_fields

    def get_queryset(self):
        return PossibleAction.objects.all()
