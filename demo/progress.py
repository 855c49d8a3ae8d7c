"""Demo content for the progress dashboard: the page at /progress/ and sample dates of the
Lanzarote Convention for the demo's countries, each marked as sample data (the real dates are
kept by editors from the Council of Europe's Treaty Office).

The checklists, plans and reports the dashboard counts come from the demo's signatories
(demo/monitoring.py, when present)."""

import datetime

from demo.campaign import home_page
from monitoring.models import LanzaroteStatus, ProgressPage

SAMPLE_NOTE = "Sample data for the demonstration site: not the real dates."
# (country, signed, ratified, in force): made-up dates in every state a country can be in.
SAMPLE_LANZAROTE = [
    ("BE", (2007, 10, 25), (2013, 3, 8), (2013, 7, 1)),
    ("CY", (2007, 10, 25), (2015, 2, 12), (2015, 6, 1)),
    ("DE", (2007, 10, 25), (2015, 11, 18), (2016, 3, 1)),
    ("ES", (2009, 3, 12), (2010, 8, 5), (2010, 12, 1)),
    ("FR", (2007, 10, 25), (2010, 8, 27), (2011, 1, 1)),
    ("GE", (2009, 9, 29), (2014, 6, 2), (2014, 10, 1)),
    ("GR", (2007, 10, 25), (2009, 1, 10), (2010, 7, 1)),
    ("HR", (2008, 3, 1), (2011, 3, 21), (2011, 7, 1)),
    ("IE", (2007, 10, 25), None, None),
    ("IT", (2007, 10, 25), (2012, 11, 3), (2013, 3, 1)),
    ("NL", (2007, 10, 25), (2010, 3, 1), (2010, 7, 1)),
    ("NO", (2007, 10, 25), (2018, 2, 13), (2018, 6, 1)),
    ("PL", (2007, 10, 25), (2015, 2, 20), (2015, 6, 1)),
    ("PT", (2007, 10, 25), (2012, 8, 23), (2012, 12, 1)),
    ("SE", (2007, 10, 25), (2013, 6, 28), (2013, 10, 1)),
]


def _date(parts):
    return datetime.date(*parts) if parts else None


def build_progress():
    """/progress/ and the sample Convention dates (idempotent: existing rows are left alone)."""
    page = ProgressPage.objects.first()
    if page is None:
        page = ProgressPage(
            title="Progress",
            slug="progress",
            introduction=(
                "Where the Pact stands: who has joined and when, who is up to date with their "
                "action plan and reports, and which of the Pact's actions are in place, per P, "
                "per action and per country. Counted from the signatories' public pages."
            ),
            # The header has no room for one more item at 1280 px; the directory links here.
            show_in_menus=False,
        )
        home_page().add_child(instance=page)
        page.save_revision().publish()
    for country, signed, ratified, in_force in SAMPLE_LANZAROTE:
        LanzaroteStatus.objects.get_or_create(
            country=country,
            defaults={
                "signed_on": _date(signed),
                "ratified_on": _date(ratified),
                "in_force_on": _date(in_force),
                "note": SAMPLE_NOTE,
            },
        )
    return page
