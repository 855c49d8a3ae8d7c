"""The public directory of signatories: its filters, their counts and its pages (its map data:
pact.map_data).

Everything the public sees of signatories goes through `public_signatories()`, which applies the
site's visibility rule (core/visibility.py): a draft, a page behind a view restriction or below an
unpublished page can never reach the directory, the map, the exports or the figures.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Length, Substr
from django.http import QueryDict
from django_countries import countries
from wagtail.images import get_image_model
from wagtail.models import Page

from core.four_ps import FOUR_PS, P_CHOICES
from core.query_params import COUNTRY_CODE, P_SLUG, Choice, Parameters, Text
from monitoring.models import MonitoringSettings
from monitoring.status import Status, with_status
from pact.models import (
    KINDS_BY_PROFILE,
    InitiativePage,
    Kind,
    Profile,
    SignatoryPage,
    profile_of_kind,
)

PAGE_SIZE = 24
# The logo thumbnail of a directory card, prefetched for the whole page of results at once.
CARD_LOGO_FILTER = "max-120x80"
# The order of the directory: stable, so a signatory never moves between two pages.
DIRECTORY_ORDER = ("title", "pk")
# Enough for any part of a signatory's name people type; keeps the title__icontains match short.
MAX_NAME_SEARCH_LENGTH = 100


def public_signatories(index_page, hidden=None):
    """Signatories of the directory that the public may see, without their StreamFields.
    `hidden`: the hidden sections of the tree, computed once per request (hidden_sections())."""
    return SignatoryPage.objects.child_of(index_page).publicly_visible(hidden).defer_streamfields()


def public_initiatives(hidden):
    return InitiativePage.objects.publicly_visible(hidden)


def has_initiative_under(p_slug, hidden):
    """True for a signatory with at least one initiative the public may see serving this P.

    The initiatives' parent paths are computed once (a page's path is its parent's path plus
    one step), then matched against the indexed path column: no subquery per signatory.
    """
    parent_paths = (
        public_initiatives(hidden)
        .filter(p_items__tag__slug=p_slug)
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .values("parent_path")
    )
    return Q(path__in=parent_paths)


# The directory's query parameters; the map data and the exports take the same ones.
DIRECTORY_FILTERS = Parameters(
    country=COUNTRY_CODE,
    profile=Choice(Profile.values),
    kind=Choice(Kind.values),
    p=P_SLUG,
    q=Text(MAX_NAME_SEARCH_LENGTH),
    # The public monitoring status (monitoring.status: joined, action_plan, reporting, overdue,
    # on_hold), computed in SQL.
    status=Choice(Status.values),
)
FILTER_NAMES = DIRECTORY_FILTERS.names


def with_monitoring_status(queryset, periods=None):
    """Signatories annotated with `monitoring_status` (monitoring.status.with_status), once."""
    if "monitoring_status" in queryset.query.annotations:
        return queryset
    return with_status(queryset, periods=periods)


@dataclass
class DirectoryQuery:
    """The filters a visitor asked for, cleaned, and what was wrong with the rest."""

    filters: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)
    raw_q: str = ""

    @classmethod
    def from_params(cls, params):
        """The directory page's filters: a bad value is dropped (a long name cut), with a
        notice, and the others kept."""
        read = DIRECTORY_FILTERS.for_page(params)
        query = cls(filters=read.values, notices=read.notices, raw_q=params.get("q", ""))
        mismatch = query.profile_mismatch()
        if mismatch:
            query.notices.append(mismatch)
        return query

    @classmethod
    def for_output(cls, params):
        """The filters of the map data and the exports, or BadQuery: a machine output never
        drops a filter and hands over more than was asked for. A profile and a kind that no
        signatory has together are both good values: the answer is empty, as on the page (whose
        map reads the map data with the page's own filters)."""
        return cls(filters=DIRECTORY_FILTERS.for_output(params))

    def profile_mismatch(self):
        """Why no signatory can match the profile and kind asked for together, or ""."""
        profile, kind = self.filters.get("profile"), self.filters.get("kind")
        if profile and kind and kind not in KINDS_BY_PROFILE[profile]:
            return (
                f"{Kind(kind).label} is a kind of {Profile(profile_of_kind(kind)).label}, not of "
                f"{Profile(profile).label}: no signatory can match both."
            )
        return ""

    @cached_property
    def periods(self):
        """The secretariat's monitoring periods, read once for every status this query asks."""
        return MonitoringSettings.load()

    def apply(self, queryset, hidden, skip=None):
        """The queryset narrowed by every filter but `skip` (for that filter's own counts)."""
        for name, value in self.filters.items():
            if name == skip:
                continue
            if name == "status":
                queryset = with_monitoring_status(queryset, self.periods).filter(
                    monitoring_status=value
                )
            elif name == "p":
                queryset = queryset.filter(has_initiative_under(value, hidden))
            elif name == "q":
                queryset = queryset.filter(title__icontains=value)
            else:
                queryset = queryset.filter(**{name: value})
        return queryset

    def query_string(self, without=(), **replace):
        """The URL query of these filters, minus some, plus others (never the page number)."""
        query = QueryDict(mutable=True)
        for name in FILTER_NAMES:
            value = replace.get(name, self.filters.get(name))
            if value and name not in without:
                query[name] = value
        return query.urlencode()


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


def _options(counts, labels, selected):
    """Options of one filter, with counts; a selected value stays listed even at zero."""
    return [
        FacetOption(value, label, counts.get(value, 0), value == selected)
        for value, label in labels
        if counts.get(value) or value == selected
    ]


def facet_counts(base, query, hidden):
    """For each filter, how many signatories each of its values would give, all other filters
    applied: four aggregate queries, whatever the number of signatories."""

    def grouped(name):
        rows = query.apply(base, hidden, skip=name).order_by().values(name)
        return {row[name]: row["n"] for row in rows.annotate(n=Count("pk"))}

    country_counts = grouped("country")
    country_labels = sorted(
        (
            (code, countries.name(code))
            for code in set(country_counts) | {query.filters.get("country")}
            if code
        ),
        key=lambda item: item[1],
    )
    p_counts = query.apply(base, hidden, skip="p").aggregate(
        **{p.slug: Count("pk", filter=Q(has_initiative_under(p.slug, hidden))) for p in FOUR_PS}
    )
    status_rows = (
        with_monitoring_status(query.apply(base, hidden, skip="status"), query.periods)
        .order_by()
        .values("monitoring_status")
        .annotate(n=Count("pk"))
    )
    status_counts = {row["monitoring_status"]: row["n"] for row in status_rows}
    return {
        "country": _options(country_counts, country_labels, query.filters.get("country")),
        "profile": _options(grouped("profile"), Profile.choices, query.filters.get("profile")),
        "kind": _options(grouped("kind"), Kind.choices, query.filters.get("kind")),
        "p": _options(p_counts, P_CHOICES, query.filters.get("p")),
        "status": _options(status_counts, Status.choices, query.filters.get("status")),
    }


def directory_results(base, query, hidden):
    """The filtered signatories in directory order, with what a card shows, logos included."""
    images = get_image_model().objects.prefetch_renditions(CARD_LOGO_FILTER)
    return (
        with_monitoring_status(query.apply(base, hidden), query.periods)
        .order_by(*DIRECTORY_ORDER)
        .prefetch_related(Prefetch("logo", queryset=images))
    )
