"""The good-practices database at /good-practices/: which initiatives it shows, its filters and
their counts, its search and its orders.

What it shows: the initiatives the public may see (core/visibility.py: live, not behind a view
restriction, and their signatory page published). Every filter is a query parameter, so every
state of the database is an address:

    q        words to search for (Wagtail search; cleaned by core.query_params.clean_query)
    p        one of the four Ps (slug)
    country  the signatory's country (ISO code)
    profile  the signatory's profile (authority, organisation)
    status   planned, ongoing, completed
    year     initiatives running during that year: started in it or before, and ended in it or
             after, or with no end date; initiatives without a start date have no year
    target_group  a TargetGroup slug
    sort     newest (default), relevance (default with q; needs q), title
    page     the page of results

Search and filters combine in one SQL query, never in Python: the database search backend
(PostgreSQL's full-text search, SQLite's FTS5) gives the search as a lazy queryset of the
matching initiatives, ordered by relevance, and the filters narrow that same queryset; the page
shown is a slice of it and the counts are aggregates over it. No hit is fetched that is not
shown, whatever the number of initiatives (fetching every hit's id and ordering them by a CASE
took 15 s for a common word at 20,000 signatories). The search is the one the API's `search`
runs on the pages endpoint (the same backend, query and queryset), so both find the same
initiatives in the same order.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length, Substr
from django.http import QueryDict
from django.utils import timezone
from django_countries import countries

from core.four_ps import P_CHOICES
from core.query_params import (
    COUNTRY_CODE,
    MAX_QUERY_LENGTH,
    P_SLUG,
    Choice,
    Parameters,
    Words,
    Year,
)
from core.request_memo import remembered
from core.visibility import hidden_sections
from pact.directory import FacetOption
from pact.models import (
    FeaturedGoodPractice,
    GoodPracticesPage,
    InitiativePage,
    InitiativeStatus,
    Profile,
    SignatoryPage,
    attach_signatories,
)

PAGE_SIZE = 20
SORTS = {"newest": "Newest first", "relevance": "Most relevant first", "title": "Title A to Z"}
NEWEST_ORDER = (
    F("start_date").desc(nulls_last=True),
    F("first_published_at").desc(nulls_last=True),
    "-pk",
)
FIRST_YEAR, LAST_YEAR = 1990, 2100


def good_practices_filters(target_groups):
    """The database's query parameters; target groups are a list editors can extend."""
    return Parameters(
        q=Words(),
        p=P_SLUG,
        country=COUNTRY_CODE,
        profile=Choice(Profile.values),
        status=Choice(InitiativeStatus.values),
        year=Year(FIRST_YEAR, LAST_YEAR),
        target_group=Choice([group.slug for group in target_groups]),
        sort=Choice(SORTS),
    )


FILTER_NAMES = good_practices_filters(target_groups=()).names


@dataclass
class GoodPracticesQuery:
    """The filters a visitor asked for, cleaned, and what was wrong with the rest."""

    filters: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)
    raw_q: str = ""
    sort: str = "newest"
    sort_requested: bool = False

    @classmethod
    def from_params(cls, params, target_groups):
        """Each bad value is dropped with a notice; the others are kept."""
        read = good_practices_filters(target_groups).for_page(params)
        query = cls(read.values, read.notices, raw_q=params.get("q", "")[:MAX_QUERY_LENGTH])
        if not query.filters.get("q"):
            query.filters.pop("q", None)
        sort = query.filters.pop("sort", None)
        if sort == "relevance" and "q" not in query.filters:
            query.notices.append(
                "Sorting by relevance needs words to search for: showing the newest first."
            )
            sort = None
        query.sort_requested = sort is not None
        query.sort = sort or ("relevance" if "q" in query.filters else "newest")
        return query

    @property
    def shows_featured_first(self):
        """Selected good practices lead the list only on its plain, unsorted, unsearched view."""
        return not self.sort_requested and "q" not in self.filters

    def query_string(self, without=(), **replace):
        """The URL query of this state, minus some parameters, plus others (never the page)."""
        query = QueryDict(mutable=True)
        values = dict(self.filters)
        if "q" in values:
            values["q"] = self.raw_q.strip() or values["q"]
        if self.sort_requested:
            values["sort"] = self.sort
        values.update(replace)
        for name in FILTER_NAMES:
            value = values.get(name)
            if value and name not in without:
                query[name] = value
        return query.urlencode()


def with_parent_path(queryset):
    """Annotates each page with its parent's path (a page's path is its parent's plus a step)."""
    return queryset.annotate(parent_path=Substr("path", 1, Length("path") - InitiativePage.steplen))


def public_signatories_anywhere(hidden):
    return SignatoryPage.objects.publicly_visible(hidden)


def public_good_practices(hidden=None):
    """The initiatives the public may see (so their signatory too): all the database shows."""
    return with_parent_path(InitiativePage.objects.publicly_visible(hidden))


def search_hits(words, hidden=None):
    """The initiatives matching `words`, most relevant first, as a lazy queryset that further
    filters, slices and aggregates stay in SQL: the same search, on the same queryset, as
    /api/v2/pages/?type=pact.InitiativePage&search=<words>. The database backends give their
    search as a queryset (`get_queryset()`), unsliced until a page of it is asked for."""
    search = InitiativePage.objects.publicly_visible(hidden).search(words)
    return with_parent_path(search.get_queryset())


def active_in_year(year):
    return Q(start_date__year__lte=year) & (Q(end_date__isnull=True) | Q(end_date__year__gte=year))


class GoodPracticesSearch:
    """One visit to the database: the query, the base queryset, the search hits if any."""

    def __init__(self, query, hidden=None):
        self.query = query
        self.hidden = hidden_sections() if hidden is None else hidden
        if "q" in query.filters:
            # The search's own queryset, in order of relevance: every filter narrows it.
            self.base = search_hits(query.filters["q"], self.hidden)
        else:
            self.base = public_good_practices(self.hidden)

    def apply(self, skip=None):
        """The base narrowed by every filter but `skip` (for that filter's own counts)."""
        queryset = self.base
        for name, value in self.query.filters.items():
            if name != skip:
                queryset = self.narrow(queryset, name, value)
        return queryset

    def narrow(self, queryset, name, value):
        """`queryset` narrowed by one filter (the words, `q`, are the base's own search)."""
        if name == "p":
            return queryset.filter(p_items__tag__slug=value)
        if name in ("country", "profile"):
            signatories = public_signatories_anywhere(self.hidden).filter(**{name: value})
            return queryset.filter(parent_path__in=signatories.values("path"))
        if name == "status":
            return queryset.filter(status=value)
        if name == "year":
            return queryset.filter(active_in_year(value))
        if name == "target_group":
            return queryset.filter(audiences__slug=value)
        return queryset

    def results(self):
        """The filtered initiatives in the order asked for, with what a card shows."""
        queryset = self.apply().prefetch_related("p_items__tag", "audiences")
        sort = self.query.sort
        if sort == "relevance":
            return queryset  # the search's order: most relevant first, then the newest id
        if sort == "title":
            return queryset.order_by("title", "pk")
        if self.query.shows_featured_first:
            featured = featured_ids(self.hidden)
            if featured:
                lead = Case(
                    *(When(pk=pk, then=Value(position)) for position, pk in enumerate(featured)),
                    default=Value(len(featured)),
                    output_field=IntegerField(),
                )
                return queryset.annotate(lead=lead).order_by("lead", *NEWEST_ORDER)
        return queryset.order_by(*NEWEST_ORDER)

    def single_valued_counts(self):
        """The counts of the three filters an initiative has one value of (its signatory's
        country and profile, its status), in one grouped query: the initiatives matching every
        other filter, grouped by all three. Each initiative is in one group, so a value's count
        is the sum of the groups that have it and match the two other filters, if given.
        Country and profile are the signatory's (the parent's), read in a subquery."""
        names = ("country", "profile", "status")
        queryset = self.base
        for name, value in self.query.filters.items():
            if name not in names:
                queryset = self.narrow(queryset, name, value)
        of_parent = SignatoryPage.objects.filter(path=OuterRef("parent_path"))
        rows = (
            queryset.order_by()
            .annotate(
                signatory_country=Subquery(of_parent.values("country")[:1]),
                signatory_profile=Subquery(of_parent.values("profile")[:1]),
            )
            .values("signatory_country", "signatory_profile", "status")
            .annotate(n=Count("pk", distinct=True))
        )
        counts = {name: {} for name in names}
        for row in rows:
            values = {
                "country": row["signatory_country"],
                "profile": row["signatory_profile"],
                "status": row["status"],
            }
            for name in names:
                others_match = all(
                    self.query.filters.get(other) in (None, values[other])
                    for other in names
                    if other != name
                )
                if others_match and values[name]:
                    counts[name][values[name]] = counts[name].get(values[name], 0) + row["n"]
        return counts["country"], counts["profile"], counts["status"]

    def facets(self, target_groups):
        """For each filter, how many initiatives each of its values would give, all other
        filters applied: one aggregate query per filter, whatever the size of the database."""
        filters = self.query.filters

        def grouped(name, column):
            rows = self.apply(skip=name).order_by().values(column)
            return {row[column]: row["n"] for row in rows.annotate(n=Count("pk", distinct=True))}

        country_counts, profile_counts, status_counts = self.single_valued_counts()
        country_labels = sorted(
            (
                (code, countries.name(code))
                for code in set(country_counts) | {filters.get("country")}
                if code
            ),
            key=lambda item: item[1],
        )
        years = year_range(self.hidden)
        year_counts = self.apply(skip="year").aggregate(
            **{
                f"y{year}": Count("pk", distinct=True, filter=active_in_year(year))
                for year in years
            }
        )
        year_counts = {str(year): year_counts[f"y{year}"] for year in years}
        selected_year = str(filters["year"]) if "year" in filters else None
        return {
            "p": options(grouped("p", "p_items__tag__slug"), P_CHOICES, filters.get("p")),
            "country": options(country_counts, country_labels, filters.get("country")),
            "profile": options(profile_counts, Profile.choices, filters.get("profile")),
            "status": options(status_counts, InitiativeStatus.choices, filters.get("status")),
            "year": options(
                year_counts, [(str(year), str(year)) for year in reversed(years)], selected_year
            ),
            "target_group": options(
                grouped("target_group", "audiences__slug"),
                [(group.slug, group.name) for group in target_groups],
                filters.get("target_group"),
            ),
        }


def options(counts, labels, selected):
    """Options of one filter, with counts; a selected value stays listed even at zero."""
    return [
        FacetOption(value, label, counts.get(value, 0), value == selected)
        for value, label in labels
        if counts.get(value) or value == selected
    ]


def year_range(hidden=None):
    """From the earliest start year to this year, or to the latest start or end if later, over
    the initiatives the public may see."""
    bounds = InitiativePage.objects.publicly_visible(hidden).aggregate(
        first=Min("start_date"), last_start=Max("start_date"), last_end=Max("end_date")
    )
    if bounds["first"] is None:
        return []
    last = max(
        date for date in (timezone.localdate(), bounds["last_start"], bounds["last_end"]) if date
    )
    return list(range(max(bounds["first"].year, FIRST_YEAR), last.year + 1))


def featured_ids(hidden=None):
    """Ids of the selected good practices that the public can see, chosen on a database page
    the public can see, in the editors' order (once per request: the list and its cards both
    ask)."""
    hidden = hidden_sections() if hidden is None else hidden
    return remembered(("pact.good_practices.featured_ids", hidden), lambda: _featured(hidden))


def _featured(hidden):
    visible = public_good_practices(hidden).values("pk")
    databases = GoodPracticesPage.objects.publicly_visible(hidden).values("pk")
    rows = (
        FeaturedGoodPractice.objects.filter(page__in=databases, initiative__in=visible)
        .order_by("page_id", "sort_order", "pk")
        .values_list("initiative_id", flat=True)
    )
    return list(dict.fromkeys(rows))


def featured_good_practices(limit=3):
    """The selected good practices, in the editors' order, ready for cards."""
    ids = featured_ids()[:limit]
    pages = InitiativePage.objects.filter(pk__in=ids).prefetch_related("p_items__tag")
    by_id = {page.pk: page for page in pages.defer_streamfields()}
    return attach_signatories([by_id[pk] for pk in ids if pk in by_id])
