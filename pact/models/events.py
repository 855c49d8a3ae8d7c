"""The calendar of events: one CalendarPage at /calendar/ and its EventPages.

Events sit under the calendar (the secretariat's own) or under a SignatoryPage (a signatory's
events, which go through the same approval workflow as its initiatives). Every date and time is
shown and fed in the site's zone: Strasbourg time, which is the IANA zone Europe/Paris.
"""

from datetime import date, timedelta
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import dateformat, timezone
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.site_time import ZONE_STATEMENT, site_zone, start_of_day
from core.visibility import SitePage, VisiblePageQuerySet
from pact.api_fields import FourPsAPIField

from .four_ps import FourPItemBase, FourPsField, ServesFourPs
from .signatories import SignatoryPage

CALENDAR_SLUG = "calendar"


class EventPageQuerySet(VisiblePageQuerySet):
    """Event queries shared by the calendar page, the feeds, the template tag and the API.

    An event "finishes" at its end, or at its start when it has none. All-day events are stored
    at midnight of their first and last day, so comparing their finish with the start of a day
    keeps them upcoming until their last day is over. The conditions use plain fields (no
    annotation) so that the search backend can apply them too (API ?search= with ?upcoming=).
    """

    @staticmethod
    def finishing_from(moment):
        """Events that finish at or after `moment`."""
        return Q(end__gte=moment) | Q(end__isnull=True, start__gte=moment)

    def _split_at(self, now):
        now = now or timezone.now()
        today = start_of_day(now.astimezone(site_zone()).date())
        return (Q(all_day=False) & self.finishing_from(now)) | (
            Q(all_day=True) & self.finishing_from(today)
        )

    def upcoming(self, now=None):
        """Events not over yet, soonest first."""
        return self.filter(self._split_at(now)).order_by("start", "pk")

    def past(self, now=None):
        """Events that are over, most recent first."""
        return self.exclude(self._split_at(now)).order_by("-start", "-pk")

    def overlapping(self, first_day, last_day):
        """Events taking place on any day from first_day to last_day (inclusive), by start."""
        return self.filter(
            self.finishing_from(start_of_day(first_day)),
            start__lt=start_of_day(last_day + timedelta(days=1)),
        ).order_by("start", "pk")

    def serving_p(self, slug):
        return self.filter(p_items__tag__slug=slug)

    def in_country(self, code):
        return self.filter(country=code)

    def for_listing(self):
        """What every list of events renders: the Ps in one query, not one per event."""
        return self.prefetch_related("p_items__tag")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class CalendarPage(RoutablePageMixin, SitePage):
    """The calendar at /calendar/: upcoming and past events, a month view, and iCalendar feeds.

    The slug is fixed: subscribers' calendar apps keep polling /calendar/feed.ics for years.
    """

    introduction = models.TextField(
        blank=True,
        help_text="A sentence or two above the list: what events are listed and who can add one.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pact.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "calendar"

    def clean(self):
        super().clean()
        if self.slug != CALENDAR_SLUG:
            raise ValidationError(
                {
                    "slug": f"The calendar's slug must be '{CALENDAR_SLUG}', so that its address "
                    f"(/{CALENDAR_SLUG}/) and its feed stay the same for subscribers."
                }
            )

    def events(self):
        """Every event the public may see: the calendar's own and the signatories'."""
        return EventPage.objects.publicly_visible()

    def ics_url(self, route_name="feed_route", args=(), request=None):
        """The address of one of the .ics routes below: /calendar/feed.ics, not feed.ics/
        (see pact.views.serve_data_file)."""
        return self.get_url(request) + self.reverse_subpage(route_name, args=args).rstrip("/")

    @path("")
    def index_route(self, request):
        # pact.calendar imports the page models, so it is imported when this runs.
        from pact.calendar import render_calendar

        return render_calendar(self, request)

    @path("<int:year>/<int:month>/")
    def month_route(self, request, year, month):
        # pact.calendar imports the page models, so it is imported when this runs.
        from pact.calendar import render_calendar

        return render_calendar(self, request, month=(year, month))

    @path("feed.ics/")
    def feed_route(self, request):
        """The whole calendar; ?p=, ?country= and ?signatory=<page id> narrow it."""
        # pact.ical imports the page models, so it is imported when this runs.
        from pact.ical import calendar_feed_response

        return calendar_feed_response(self, request)

    @path("signatories/<slug:slug>.ics/")
    def signatory_feed_route(self, request, slug):
        """A signatory's events, at an address that reads well in a calendar app."""
        # pact.ical imports the page models, so it is imported when this runs.
        from pact.ical import signatory_feed_response

        signatory = get_object_or_404(SignatoryPage.objects.publicly_visible(), slug=slug)
        return signatory_feed_response(self, request, signatory)

    @path("<int:event_id>.ics/")
    def event_ics_by_id_route(self, request, event_id):
        """One event's .ics by page id, wherever the event sits."""
        # pact.ical imports the page models, so it is imported when this runs.
        from pact.ical import single_event_response

        return single_event_response(get_object_or_404(self.events(), pk=event_id), request)

    @path("<slug:slug>.ics/")
    def event_ics_by_slug_route(self, request, slug):
        """The calendar's own event of that slug first, else the only live event with it."""
        # pact.ical imports the page models, so it is imported when this runs.
        from pact.ical import single_event_response

        event = self.events().child_of(self).filter(slug=slug).first()
        if event is None:
            matches = list(self.events().filter(slug=slug)[:2])
            if len(matches) != 1:
                raise Http404("No single event has this address; use /calendar/<id>.ics.")
            event = matches[0]
        return single_event_response(event, request)


class EventPageP(FourPItemBase):
    content_object = ParentalKey("pact.EventPage", related_name="p_items", on_delete=models.CASCADE)


class EventPage(ServesFourPs, RoutablePageMixin, SitePage):
    """One event: a conference, training, awareness day or webinar of the secretariat or of a
    signatory. Its own .ics is at <its address>ics/."""

    start = models.DateTimeField(
        help_text="Strasbourg time (CET/CEST). For an all-day event only the date counts."
    )
    end = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Optional. For an all-day event, the last day of the event (only the date "
        "counts).",
    )
    all_day = models.BooleanField(
        "all-day event",
        default=False,
        help_text="Tick for an event without set times: it is shown and fed as dates only.",
    )
    venue = models.CharField(max_length=200, blank=True, help_text="E.g. 'Palais de l'Europe'.")
    town = models.CharField(max_length=200, blank=True)
    country = CountryField(blank=True, help_text="Optional for an online-only event.")
    online_url = models.URLField(
        "online link",
        blank=True,
        help_text="The address where people join online (for online or hybrid events).",
    )
    organiser = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who runs the event. Leave empty on a signatory's event to show the "
        "signatory's name.",
    )
    ps = FourPsField(through="pact.EventPageP", blank=True)
    description = StreamField(
        BaseStreamBlock(), blank=True, help_text="What happens, for whom, and how to take part."
    )
    registration_url = models.URLField(
        "registration link", blank=True, help_text="Where people sign up, if they must."
    )

    objects = EventPageManager()

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("venue"),
        index.SearchField("town"),
        index.SearchField("organiser"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("town"),
        index.FilterField("country"),
        index.FilterField("all_day"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                HelpPanel(content=f"<p>{ZONE_STATEMENT}</p>"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("town"), FieldPanel("country")]),
                FieldPanel("online_url"),
            ],
            heading="Where: a town and country, an online link, or both",
        ),
        FieldPanel("organiser"),
        FieldPanel("ps"),
        FieldPanel("description"),
        FieldPanel("registration_url"),
    ]

    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("venue"),
        APIField("town"),
        # The ISO code ("FR"), or "" for an online-only event.
        APIField("country", serializer=serializers.CharField()),
        APIField("online_url"),
        # What the page shows: the organiser as given, else the signatory's name.
        APIField("organiser", serializer=serializers.CharField(source="organiser_name")),
        APIField("ps", serializer=FourPsAPIField(source="p_items")),
        APIField("description"),
        APIField("registration_url"),
    ]

    parent_page_types = ["pact.CalendarPage", "pact.SignatoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event"
        indexes = [models.Index(fields=["start"])]

    def clean(self):
        super().clean()
        errors = {}
        if self.all_day and self.start:
            # Only the dates count: store midnight of the first and last day, Strasbourg time.
            zone = site_zone()
            self.start = start_of_day(self.start.astimezone(zone).date())
            if self.end:
                self.end = start_of_day(self.end.astimezone(zone).date())
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The end cannot be before the start. Check the dates" + (
                "." if self.all_day else " and times (Strasbourg time)."
            )
        has_place = bool(self.town and self.country)
        if not has_place and not self.online_url:
            message = (
                "Say where the event takes place: a town and a country, an online link, or both."
            )
            if not self.town:
                errors["town"] = "Give the town, or an online link below. " + message
            if not self.country:
                errors["country"] = "Give the country, or an online link below. " + message
            errors["online_url"] = "Give an online link, or a town and country above. " + message
        if errors:
            raise ValidationError(errors)

    # When

    @property
    def local_start(self):
        return self.start.astimezone(site_zone())

    @property
    def local_end(self):
        return self.end.astimezone(site_zone()) if self.end else None

    @property
    def first_day(self) -> date:
        return self.local_start.date()

    @property
    def last_day(self) -> date:
        """The last day the event takes place on (inclusive)."""
        return (self.local_end or self.local_start).date()

    @property
    def is_multi_day(self):
        return self.last_day != self.first_day

    def days(self):
        """Every day the event takes place on, first to last."""
        return [
            self.first_day + timedelta(days=n)
            for n in range((self.last_day - self.first_day).days + 1)
        ]

    @property
    def when_label(self):
        """The dates and times as people read them, Strasbourg time, e.g.
        'Tuesday 14 July 2026, 10:00–12:30' or '5–7 December 2026 (all day)'."""
        start, end = self.local_start, self.local_end
        if self.all_day:
            if not self.is_multi_day:
                return f"{dateformat.format(start, 'l j F Y')} (all day)"
            first, last = self.first_day, self.last_day
            if (first.year, first.month) == (last.year, last.month):
                span = f"{first.day}–{dateformat.format(last, 'j F Y')}"
            elif first.year == last.year:
                span = f"{dateformat.format(first, 'j F')} – {dateformat.format(last, 'j F Y')}"
            else:
                span = f"{dateformat.format(first, 'j F Y')} – {dateformat.format(last, 'j F Y')}"
            return f"{span} (all day)"
        label = f"{dateformat.format(start, 'l j F Y')}, {dateformat.format(start, 'H:i')}"
        if end is None:
            return label
        if not self.is_multi_day:
            return f"{label}–{dateformat.format(end, 'H:i')}"
        return f"{label} – {dateformat.format(end, 'l j F Y')}, {dateformat.format(end, 'H:i')}"

    def is_upcoming(self, now=None):
        now = now or timezone.now()
        if self.all_day:
            return self.last_day >= now.astimezone(site_zone()).date()
        return (self.end or self.start) >= now

    # Where and who

    @property
    def place_label(self):
        """'Venue, Town, Country' with whatever parts are given."""
        return ", ".join(part for part in (self.venue, self.town, self.country.name) if part)

    @cached_property
    def signatory(self):
        """The SignatoryPage this event sits under, or None for the calendar's own events."""
        parent = self.get_parent()
        if parent is None or parent.specific_class is not SignatoryPage:
            return None
        return parent.specific

    @property
    def organiser_name(self):
        """The organiser as given, else the name of the signatory the event belongs to."""
        if self.organiser:
            return self.organiser
        return self.signatory.title if self.signatory else ""

    # Routes

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("ics/")
    def ics_route(self, request):
        """This event alone as an .ics file, to add it to a personal calendar."""
        # pact.ical imports the page models, so it is imported when this runs.
        from pact.ical import single_event_response

        return single_event_response(self, request)

    def get_cached_paths(self):
        """The event and its own .ics, both purged from the cache in front when it changes."""
        return ["/", "/" + self.reverse_subpage("ics_route")]

    def ics_url(self, request=None):
        """<event address>ics/, or "" while the event has no address (a preview of a new one)."""
        url = self.get_url(request)
        return url + self.reverse_subpage("ics_route") if url else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["zone_statement"] = ZONE_STATEMENT
        context["calendar"] = CalendarPage.objects.publicly_visible().first()
        return context
