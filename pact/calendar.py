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

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils import dateformat, timezone
from django_countries import countries

from core.four_ps import P_BY_SLUG, P_CHOICES, P_SLUGS
from core.public_urls import absolute_url

EVENTS_PER_PAGE = 20
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")
FIRST_YEAR, LAST_YEAR = 1950, 2200


def _shown(value):
    """A user's value, shortened, for an error message (the template escapes it)."""
    return value if len(value) <= 40 else value[:40] + "…"


def valid_month(year, month):
    return FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12


@dataclass
class CalendarQuery:
    """The filters read from an address, with a message for each value that was ignored."""

    when: str = "upcoming"
    month: tuple[int, int] | None = None
    country: str = ""
    p: str = ""
    page: str = "1"
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, params, route_month=None):
        query = cls(page=params.get("page", "1"))
        when = params.get("when", "").strip().lower()
        if when in ("past", "upcoming"):
            query.when = when
        elif when:
            query.errors.append(
                f"“{_shown(when)}” is not a choice for “when”: use “upcoming” or “past”. "
                "Showing upcoming events."
            )

        month_text = params.get("month", "").strip()
        if route_month is not None:
            if valid_month(*route_month):
                query.month = route_month
            else:
                query.errors.append(
                    f"There is no month {route_month[1]} of {route_month[0]}: showing upcoming "
                    "events instead."
                )
        elif month_text:
            match = MONTH_PATTERN.match(month_text)
            if match and valid_month(int(match[1]), int(match[2])):
                query.month = (int(match[1]), int(match[2]))
            else:
                query.errors.append(
                    f"“{_shown(month_text)}” is not a month: write it as year-month, e.g. "
                    "2026-12. Showing upcoming events instead."
                )

        country = params.get("country", "").strip().upper()
        if country and country in countries:
            query.country = country
        elif country:
            query.errors.append(
                f"“{_shown(params['country'])}” is not a country code we know (use two letters, "
                "e.g. FR): showing events in every country."
            )

        p = params.get("p", "").strip().lower()
        if p in P_SLUGS:
            query.p = p
        elif p:
            query.errors.append(
                f"“{_shown(params['p'])}” is not one of the four Ps (prevention, protection, "
                "prosecution, participation): showing events for every P."
            )
        return query

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
    from core.site_time import ZONE_STATEMENT, site_zone
    from pact.models.events import attach_signatories

    query = CalendarQuery.from_request(request.GET, route_month=month)
    now = timezone.now()
    today = now.astimezone(site_zone()).date()
    events = query.apply(calendar_page.events(), now)
    base_url = calendar_page.get_url(request)
    context = {
        "query": query,
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
        paginator = Paginator(events, EVENTS_PER_PAGE)
        try:
            page_obj = paginator.page(query.page)
        except PageNotAnInteger:
            query.errors.append(
                f"“{_shown(query.page)}” is not a page number: showing the first page."
            )
            page_obj = paginator.page(1)
        except EmptyPage:
            if int(query.page) < 1:
                query.errors.append(f"There is no page {int(query.page)}: showing the first page.")
                page_obj = paginator.page(1)
            else:
                page_obj = paginator.page(paginator.num_pages)
                if paginator.count:
                    query.errors.append(
                        f"There are only {paginator.num_pages} pages: showing the last one."
                    )
        context.update(
            mode=query.when,
            page_obj=page_obj,
            events=attach_signatories(page_obj.object_list),
            query_string=urlencode(query.list_params()),
        )
    return calendar_page.render(request, context_overrides=context)


def _with_params(url, params):
    return f"{url}?{urlencode(params)}" if params else url
