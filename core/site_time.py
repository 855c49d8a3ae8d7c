"""Strasbourg time: the zone every date and time of the site is entered, shown and fed in.

The tz database has no "Europe/Strasbourg"; Strasbourg keeps the zone of France, Europe/Paris
(settings.TIME_ZONE). Pages say "Strasbourg time" so readers know which clock is meant.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

ZONE_STATEMENT = "Times are Strasbourg time (Central European Time, CET/CEST)."


def site_zone():
    """The zone every event time is entered, shown and fed in (settings.TIME_ZONE)."""
    return ZoneInfo(settings.TIME_ZONE)


def start_of_day(day):
    """Midnight at the start of `day`, Strasbourg time, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=site_zone())


def data_generated_stamp():
    """The `generated` of the site's data downloads: the start of today, Strasbourg time.

    Their numbers hold for a day (statuses change with the date); a stamp of the request's
    second would change the body, and so its ETag, every second, and no client would ever get
    a 304.
    """
    return start_of_day(timezone.localdate()).isoformat()
