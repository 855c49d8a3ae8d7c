"""Demo content for monitoring the Pact: every sample signatory gets a checklist, and action
plans and progress reports dated so that the directory, the map, the API and the progress
dashboard show every status (joined, action plan in place, reporting, overdue, on hold).

All of it is sample data, and says so. The dates are counted back from the day load_demo runs,
so a fresh demo always shows the same variety; statuses then move on with the calendar, as real
ones would. Built with the monitoring models directly, as the secretariat's approval would leave
them: checklist rows (the live, approved checklist), report pages under their signatory with
the snapshot their first publication writes, then monitoring.status.refresh() for the deadlines.
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from demo.pact_page import PACT_SECTIONS
from demo.sample_notes import SAMPLE_NOTE
from monitoring.models import (
    ActionState,
    MonitoringReportPage,
    MonitoringSettings,
    PossibleAction,
    ReportKind,
    ReportSnapshot,
    SignatoryAction,
    SignatoryMonitoring,
)
from monitoring.status import add_months, refresh
from pact.models import InitiativePage, SignatoryIndexPage, SignatoryPage

# What happens to the n-th sample signatory (in the directory's order of creation), in turn.
# Each plan is a list of (kind, months before today the report was accepted); "signed" moves the
# date it signed to that many months ago (a newcomer); "held" is the secretariat's hold.
PLANS = [
    {"reports": [("action_plan", 40), ("progress_report", 15)]},  # reporting
    {"reports": [("action_plan", 5)]},  # action plan in place
    {"signed": 4},  # joined a few months ago
    {"reports": [("action_plan", 50), ("progress_report", 26), ("progress_report", 2)]},
    {"reports": [("action_plan", 26)]},  # report two months overdue
    {"reports": [("action_plan", 14)]},  # action plan in place
    {"reports": [("action_plan", 36)]},  # a year overdue: on hold
    {"signed": 14},  # action plan two months overdue
    {"reports": [("action_plan", 30), ("progress_report", 6)], "held": True},
    {"signed": 9},  # joined
]

HOLD_NOTE = "Sample data: put on hold to show the status (no real signatory is on hold)."


def sample_actions():
    """The Pact's possible actions. The demo Pact page's builder makes them; if none exist yet
    (an older demo), they are made here from the demo Pact's sections."""
    if not PossibleAction.objects.exists():
        for p, section in PACT_SECTIONS:
            for order, action in enumerate(section.get("actions", ())):
                PossibleAction.objects.get_or_create(
                    code="-".join([p, *slugify(action["title"]).split("-")[:5]]),
                    defaults={
                        "p": p,
                        "title": action["title"],
                        "description": action.get("description", ""),
                        "cost": action.get("cost", ""),
                        "sort_order": order,
                    },
                )
    return list(PossibleAction.objects.current().in_pact_order())


def months_ago(today, months):
    return add_months(today, -months)


def checklist_for(signatory, number, actions, initiatives, today):
    """Rows for every current action: in place, planned or not started, varied by signatory;
    evidence: its own initiatives serving the action's P."""
    rows = []
    for index, action in enumerate(actions):
        turn = (number * 7 + index * 3) % 5
        if turn in (0, 1):
            state, year = ActionState.IN_PLACE, today.year - 1 - (number + index) % 6
        elif turn == 2:
            state, year = ActionState.PLANNED, today.year + 1 + index % 2
        else:
            state, year = ActionState.NOT_STARTED, None
        row = SignatoryAction(action=action, state=state, year=year, sort_order=index)
        if state == ActionState.IN_PLACE:
            row.note = "Sample data: invented to show the checklist."
            row.evidence = [page for page in initiatives if action.p in page.p_slugs][:1]
        rows.append(row)
    return rows


def snapshot_of(rows):
    """The checklist as a report's snapshot records it."""
    return [
        {
            "code": row.action.code,
            "p": row.action.p,
            "title": row.action.title,
            "state": row.state,
            "year": row.year,
            "note": row.note,
        }
        for row in rows
    ]


def add_report(signatory, kind, accepted_on, rows, number):
    """A live report page under the signatory, accepted on `accepted_on` (idempotent)."""
    slug = f"{kind.replace('_', '-')}-{accepted_on:%Y-%m}"
    existing = MonitoringReportPage.objects.child_of(signatory).filter(slug=slug).first()
    if existing:
        return existing
    label = ReportKind(kind).label
    published = timezone.make_aware(datetime.datetime.combine(accepted_on, datetime.time(10)))
    figures = {}
    if kind == ReportKind.PROGRESS_REPORT:
        figures = {
            "professionals_trained": 20 + number * 7 % 90,
            "children_and_families_reached": 300 + number * 137 % 4000,
            "services_set_up": 1 + number % 4,
        }
    report = MonitoringReportPage(
        title=f"{label} {accepted_on:%B %Y}",
        slug=slug,
        kind=kind,
        narrative=[
            ("paragraph", f"<p><i>{SAMPLE_NOTE}</i></p>"),
            (
                "paragraph",
                "<p>Sample data: what the town planned, what it did, what worked and what "
                "comes next. No real signatory wrote this.</p>",
            ),
        ],
        live=True,
        first_published_at=published,
        last_published_at=published,
        **figures,
    )
    signatory.add_child(instance=report)
    # update_or_create: a publication signal may have written a snapshot already.
    ReportSnapshot.objects.update_or_create(
        report=report, defaults={"accepted_on": accepted_on, "checklist": snapshot_of(rows)}
    )
    return report


def build_monitoring():
    """Checklists, plans, reports and statuses for the sample signatories (idempotent: a
    signatory with a monitoring record, a checklist or a report already is left alone)."""
    directory = SignatoryIndexPage.objects.first()
    if directory is None:
        return
    today = timezone.localdate()
    actions = sample_actions()
    MonitoringSettings.load()  # the default periods, saved once
    signatories = SignatoryPage.objects.child_of(directory).order_by("path")
    for number, signatory in enumerate(signatories):
        already = (
            SignatoryMonitoring.objects.filter(signatory=signatory).exists()
            or signatory.action_items.exists()
            or MonitoringReportPage.objects.child_of(signatory).exists()
        )
        plan = PLANS[number % len(PLANS)]
        if not already:
            if "signed" in plan:
                signatory.signed_on = months_ago(today, plan["signed"])
            initiatives = list(
                InitiativePage.objects.child_of(signatory).prefetch_related("p_items__tag")
            )
            for page in initiatives:
                page.p_slugs = {p.slug for p in page.four_ps}
            rows = checklist_for(signatory, number, actions, initiatives, today)
            if "signed" in plan and plan["signed"] < 6:
                rows = []  # a newcomer has not filled its checklist yet
            signatory.action_items = rows
            signatory.save()
            for kind, months in plan.get("reports", ()):
                add_report(signatory, kind, months_ago(today, months), rows, number)
        refresh(signatory)
        if plan.get("held"):
            SignatoryMonitoring.objects.filter(signatory=signatory).update(
                held=True, hold_note=HOLD_NOTE
            )
