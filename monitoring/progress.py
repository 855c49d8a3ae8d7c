"""The numbers of the public progress dashboard (/progress/) and of the country pages.

Every number is counted in the database from the signatories the public may see
(core.visibility), so a draft, a private page or a page below an unpublished one never counts;
each table is one or two aggregate queries, whatever the number of signatories
(tests/test_monitoring_progress.py counts them). The status is monitoring.status's one rule,
as SQL (`with_status`), never a copy of it.

What the tables say:

- `over_time`: for each year, how many signatories joined (authorities, organisations) and how
  many there were in all by its end. A signatory joined on the day it signed, else on the day its
  page first went live (monitoring.status.joined_on), so the same day as its deadlines.
- `statuses`: how many signatories have each public status; "up to date" are those that missed
  no deadline (joined, action plan in place, reporting), "behind" those overdue or on hold.
- `by_p` and `by_action`: how many checklist rows are "in place" and "planned", for the current
  (not retired) actions; the share in place is out of every signatory in scope times the P's
  actions (a signatory that never filled its checklist counts as "not started").
- `by_country`: Europe-wide, per country: signatories, those with at least one action in place
  (under the P asked for, if any), those up to date.

Layering: pact imports monitoring (the Pact page's actions, the directory's status filter,
this app's country page route), so monitoring never imports pact: pact's page models are looked
up by name, as monitoring's own foreign keys name them.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractYear
from django_countries import countries

from core.four_ps import FOUR_PS, P_BY_SLUG
from core.query_params import COUNTRY_CODE, P_SLUG, Parameters
from core.visibility import hidden_sections

from .models import ActionState, PossibleAction, SignatoryAction
from .status import Status, today, with_status

# The dashboard's views, one address each; the downloads take the same parameters.
PROGRESS_FILTERS = Parameters(country=COUNTRY_CODE, p=P_SLUG)
UP_TO_DATE = (Status.JOINED.value, Status.ACTION_PLAN.value, Status.REPORTING.value)
BEHIND = (Status.OVERDUE.value, Status.ON_HOLD.value)
AUTHORITY = "authority"


def signatory_model():
    return apps.get_model("pact", "SignatoryPage")


def initiative_model():
    return apps.get_model("pact", "InitiativePage")


def share(part, whole):
    """A percentage with one decimal, or None when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Scope:
    """Which signatories the numbers are about: those the public may see, in one country or
    Europe-wide, and which P's actions."""

    country: str = ""
    p: str = ""
    hidden: tuple = field(default_factory=hidden_sections)

    @property
    def country_name(self):
        return str(countries.name(self.country)) if self.country else ""

    @property
    def p_name(self):
        return P_BY_SLUG[self.p].name if self.p else ""

    @property
    def where(self):
        """ "in France" or "Europe-wide", for titles."""
        return f"in {self.country_name}" if self.country else "Europe-wide"

    def all_signatories(self):
        """Every signatory the public may see, whatever the country."""
        return signatory_model().objects.publicly_visible(self.hidden).order_by()

    def signatories(self):
        queryset = self.all_signatories()
        return queryset.filter(country=self.country) if self.country else queryset

    def actions(self):
        """The current possible actions in scope, in the Pact's order."""
        queryset = PossibleAction.objects.current().in_pact_order()
        return queryset.filter(p=self.p) if self.p else queryset

    def filters(self):
        return {name: value for name, value in (("country", self.country), ("p", self.p)) if value}


# Signatories over time -------------------------------------------------------------------------


def over_time(scope, until=None):
    """One row per year, from the first year anyone joined to this year (or `until`):
    {"year", "authorities", "organisations", "joined", "total"}; and how many signatories have
    no known date (none once their pages are published: a page's first publication is a date).
    One query."""
    joined_year = Coalesce(ExtractYear("signed_on"), ExtractYear("first_published_at"))
    rows = (
        scope.signatories()
        .annotate(joined_year=joined_year)
        .values("joined_year", "profile")
        .annotate(n=Count("pk"))
    )
    by_year, undated = {}, 0
    for row in rows:
        if row["joined_year"] is None:
            undated += row["n"]
            continue
        counts = by_year.setdefault(row["joined_year"], {"authorities": 0, "organisations": 0})
        counts["authorities" if row["profile"] == AUTHORITY else "organisations"] += row["n"]
    if not by_year:
        return [], undated
    last = max(until or today().year, max(by_year))
    table, total = [], 0
    for year in range(min(by_year), last + 1):
        counts = by_year.get(year, {"authorities": 0, "organisations": 0})
        joined = counts["authorities"] + counts["organisations"]
        total += joined
        table.append({"year": year, **counts, "joined": joined, "total": total})
    return table, undated


# Statuses --------------------------------------------------------------------------------------


def statuses(scope):
    """One row per status, in Status's order: {"status", "label", "signatories", "share"}, and
    the totals {"signatories", "up_to_date", "behind", "up_to_date_share"}. One query (two the
    first time the monitoring periods are read)."""
    counts = {
        row["monitoring_status"]: row["n"]
        for row in with_status(scope.signatories())
        .values("monitoring_status")
        .annotate(n=Count("pk"))
    }
    total = sum(counts.values())
    rows = [
        {
            "status": status.value,
            "label": str(status.label),
            "signatories": counts.get(status.value, 0),
            "share": share(counts.get(status.value, 0), total),
        }
        for status in Status
    ]
    up_to_date = sum(counts.get(value, 0) for value in UP_TO_DATE)
    totals = {
        "signatories": total,
        "up_to_date": up_to_date,
        "behind": total - up_to_date,
        "up_to_date_share": share(up_to_date, total),
    }
    return rows, totals


# Actions ---------------------------------------------------------------------------------------


def _state_counts(scope):
    """{(action id, state): rows} of the checklists in scope, current actions only; one query."""
    rows = (
        SignatoryAction.objects.filter(
            signatory__in=scope.signatories().values("pk"),
            action__retired_on__isnull=True,
            state__in=(ActionState.IN_PLACE, ActionState.PLANNED),
        )
        .values("action_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if scope.p:
        rows = rows.filter(action__p=scope.p)
    return {(row["action_id"], row["state"]): row["n"] for row in rows}


def by_action(scope, signatory_count=None):
    """One row per current action in scope, in the Pact's order: {"code", "title", "p",
    "p_name", "in_place", "planned", "signatories", "in_place_share", "planned_share"}. Two
    queries (three without `signatory_count`)."""
    if signatory_count is None:
        signatory_count = scope.signatories().count()
    counts = _state_counts(scope)
    table = []
    for action in scope.actions().only("pk", "code", "title", "p"):
        in_place = counts.get((action.pk, ActionState.IN_PLACE), 0)
        planned = counts.get((action.pk, ActionState.PLANNED), 0)
        table.append(
            {
                "code": action.code,
                "title": action.title,
                "p": action.p,
                "p_name": P_BY_SLUG[action.p].name,
                "in_place": in_place,
                "planned": planned,
                "signatories": signatory_count,
                "in_place_share": share(in_place, signatory_count),
                "planned_share": share(planned, signatory_count),
            }
        )
    return table


def by_p(action_rows, scope):
    """One row per P in scope, from by_action's rows (no query): {"p", "p_name", "actions",
    "in_place", "planned", "possible", "in_place_share", "planned_share"}, where `possible` is
    the signatories times the P's actions."""
    table = []
    for p in FOUR_PS:
        if scope.p and p.slug != scope.p:
            continue
        rows = [row for row in action_rows if row["p"] == p.slug]
        signatories = rows[0]["signatories"] if rows else 0
        possible = signatories * len(rows)
        in_place = sum(row["in_place"] for row in rows)
        planned = sum(row["planned"] for row in rows)
        table.append(
            {
                "p": p.slug,
                "p_name": p.name,
                "actions": len(rows),
                "in_place": in_place,
                "planned": planned,
                "possible": possible,
                "in_place_share": share(in_place, possible),
                "planned_share": share(planned, possible),
            }
        )
    return table


# Countries -------------------------------------------------------------------------------------


def by_country(scope):
    """Europe-wide, one row per country with a signatory, by name: {"country", "country_name",
    "signatories", "with_action_in_place", "up_to_date", "up_to_date_share"}. The country of
    the scope does not narrow it (the row of that country is marked `selected`); its P narrows
    "with an action in place". One query."""
    in_place = SignatoryAction.objects.filter(
        state=ActionState.IN_PLACE, action__retired_on__isnull=True
    )
    if scope.p:
        in_place = in_place.filter(action__p=scope.p)
    rows = (
        with_status(scope.all_signatories())
        .values("country")
        .annotate(
            n=Count("pk"),
            acting=Count("pk", filter=Q(pk__in=in_place.values("signatory_id"))),
            current=Count("pk", filter=Q(monitoring_status__in=UP_TO_DATE)),
        )
    )
    table = [
        {
            "country": row["country"],
            "country_name": str(countries.name(row["country"])),
            "signatories": row["n"],
            "with_action_in_place": row["acting"],
            "with_action_in_place_share": share(row["acting"], row["n"]),
            "up_to_date": row["current"],
            "up_to_date_share": share(row["current"], row["n"]),
            "selected": row["country"] == scope.country,
        }
        for row in rows
    ]
    table.sort(key=lambda row: row["country_name"])
    return table
