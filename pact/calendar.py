"""What /calendar/ shows for a given address: upcoming or past events, or one month, narrowed
by country and by P.

Every state is a URL (`?when=past`, `?month=2026-12` or /calendar/2026/12/, `?country=FR`,
`?p=prevention`, `?page=2`, combinable). A value we cannot use is named on the page and ignored:
a mistyped link still shows the calendar, never an error page.
"""

import calendar as stdlib_calendar
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.utils import dateformat, timezone
from django_countries import countries

from core.four_ps import P_BY_SLUG, P_CHOICES
from core.pagination import paginate
from core.public_urls import absolute_url
from core.query_params import COUNTRY_CODE, P_SLUG, Choice, Month, Parameters
from core.site_time import ZONE_STATEMENT, site_zone
from pact.models import attach_signatories

EVENTS_PER_PAGE = 20
FIRST_YEAR, LAST_YEAR = 1950, 2200


# The calendar's query parameters; a month in the address (/calendar/2026/12/) is read as `month`.
CALENDAR_FILTERS = Parameters(
    when=Choice(("upcoming", "past")),
    month=Month(FIRST_YEAR, LAST_YEAR),
    country=COUNTRY_CODE,
    p=P_SLUG,
)


@dataclass
class CalendarQuery:
    """The filters read from an address, with a notice for each value that was ignored."""

    when: str = "upcoming"
    month: tuple[int, int] | None = None
    country: str = ""
    p: str = ""
    page: str = "1"
    notices: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, params, route_month=None):
        if route_month is not None:
            params = params.copy()
            params["month"] = f"{route_month[0]}-{route_month[1]}"
        read = CALENDAR_FILTERS.for_page(params)
        return cls(page=params.get("page", "1"), notices=read.notices, **read.values)

    def filter_params(self):
        """The country and P filters, which every link on the page keeps."""
        return {key: value for key, value in (("country", self.country), ("p", self.p)) if value}

    def list_params(self):
        """The parameters that reproduce this state on the calendar's own address."""
        params = self.filter_params()
        if self.month:
            params["month"] = f"{self.month[0]:04d}-{self.month[1]:02d}"
        elif self.when == "past":
            params["when"] = "past"
        return params

    def apply(self, events, now=None):
        if self.country:
            events = events.in_country(self.country)
        if self.p:
            events = events.serving_p(self.p)
        if self.month:
            year, month = self.month
            last = stdlib_calendar.monthrange(year, month)[1]
            events = events.overlapping(date(year, month, 1), date(year, month, last))
        elif self.when == "past":
            events = events.past(now)
        else:
            events = events.upcoming(now)
        return events.for_listing()


def shifted_month(year, month, delta):
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_grid(year, month, events, today):
    """Weeks of days (Monday first) for a month, each with the events taking place that day."""
    by_day = {}
    for event in events:
        for day in event.days():
            by_day.setdefault(day, []).append(event)
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "is_today": day == today,
                "events": by_day.get(day, []) if day.month == month else [],
            }
            for day in week
        ]
        for week in weeks
    ]


def month_url(calendar_page, year, month, query, request=None):
    url = calendar_page.get_url(request) + calendar_page.reverse_subpage(
        "month_route", args=(year, month)
    )
    params = query.filter_params()
    return f"{url}?{urlencode(params)}" if params else url


def describe(query):
    """The heading for the state the page is in, e.g. 'Upcoming events in France: Prevention'."""
    if query.month:
        heading = f"Events in {dateformat.format(date(*query.month, 1), 'F Y')}"
    elif query.when == "past":
        heading = "Past events"
    else:
        heading = "Upcoming events"
    if query.country:
        heading += f" in {countries.name(query.country)}"
    if query.p:
        heading += f": {P_BY_SLUG[query.p].name}"
    return heading


def country_choices(calendar_page, selected):
    """Countries that have at least one event, by name, plus the one selected if it has none."""
    codes = set(
        calendar_page.events()
        .exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    if selected:
        codes.add(selected)
    return sorted(((code, countries.name(code)) for code in codes), key=lambda item: item[1])


def render_calendar(calendar_page, request, month=None):
    """The calendar page for this request: a paginated list, or a month grid."""
    query = CalendarQuery.from_request(request.GET, route_month=month)
    now = timezone.now()
    today = now.astimezone(site_zone()).date()
    events = query.apply(calendar_page.events(), now)
    base_url = calendar_page.get_url(request)
    context = {
        "query": query,
        "notices": query.notices,
        "heading": describe(query),
        "zone_statement": ZONE_STATEMENT,
        "zone_name": site_zone().key,
        "countries": country_choices(calendar_page, query.country),
        "four_ps": P_CHOICES,
        "upcoming_url": _with_params(base_url, query.filter_params()),
        "past_url": _with_params(base_url, {**query.filter_params(), "when": "past"}),
        "this_month_url": month_url(calendar_page, today.year, today.month, query, request),
        "month_value": f"{query.month[0]:04d}-{query.month[1]:02d}" if query.month else "",
    }
    feed_params = query.filter_params()
    feed_url = absolute_url(_with_params(calendar_page.ics_url(request=request), feed_params))
    context["feed_url"] = feed_url
    context["webcal_url"] = re.sub(r"^https?://", "webcal://", feed_url)

    if query.month:
        year, month_number = query.month
        month_events = attach_signatories(events)
        context.update(
            mode="month",
            events=month_events,
            weeks=month_grid(year, month_number, month_events, today),
            month_label=dateformat.format(date(year, month_number, 1), "F Y"),
            previous_month_url=month_url(
                calendar_page, *shifted_month(year, month_number, -1), query, request
            ),
            next_month_url=month_url(
                calendar_page, *shifted_month(year, month_number, 1), query, request
            ),
            previous_month_label=dateformat.format(
                date(*shifted_month(year, month_number, -1), 1), "F Y"
            ),
            next_month_label=dateformat.format(
                date(*shifted_month(year, month_number, 1), 1), "F Y"
            ),
        )
    else:
        page_obj, page_notice = paginate(events, query.page, EVENTS_PER_PAGE)
        if page_notice:
            query.notices.append(page_notice)
        context.update(
            mode=query.when,
            page_obj=page_obj,
            events=attach_signatories(page_obj.object_list),
            query_string=urlencode(query.list_params()),
        )
    return calendar_page.render(request, context_overrides=context)


def _with_params(url, params):
    return f"{url}?{urlencode(params)}" if params else url
