"""Signatories in every monitoring status, for the open-data tests (test_monitoring_opendata*).

Built with the monitoring models directly, as the approved data would be: checklist rows, report
pages under their signatory with the snapshot their first publication wrote, and the deadlines
that monitoring.status.refresh() computes from them.
"""

import datetime

from monitoring.models import (
    ActionState,
    MonitoringReportPage,
    PossibleAction,
    ReportKind,
    ReportSnapshot,
    SignatoryAction,
    SignatoryMonitoring,
)
from monitoring.status import refresh
from tests.factories import InitiativePageFactory, SignatoryPageFactory

# The day the tests look at (time_machine moves the clock there).
TODAY = datetime.date(2026, 6, 15)


def make_actions():
    training = PossibleAction.objects.create(
        code="prevention-training",
        p="prevention",
        title="Train staff who work with children",
        description="<p>Teachers, coaches and <b>youth workers</b>.</p>",
        sort_order=1,
    )
    helpline = PossibleAction.objects.create(
        code="protection-helpline", p="protection", title="Support a helpline", sort_order=1
    )
    house = PossibleAction.objects.create(
        code="prosecution-child-house", p="prosecution", title="A child advocacy house"
    )
    old = PossibleAction.objects.create(
        code="prevention-leaflets",
        p="prevention",
        title="Hand out leaflets",
        sort_order=5,
        retired_on=datetime.date(2025, 1, 31),
    )
    return {"training": training, "helpline": helpline, "house": house, "old": old}


def add_report(signatory, kind, accepted_on, checklist=(), **figures):
    report = MonitoringReportPage(
        title=f"{ReportKind(kind).label} {accepted_on.year}",
        slug=f"{kind.replace('_', '-')}-{accepted_on:%Y-%m-%d}",
        kind=kind,
        narrative=[("paragraph", "<p>What we did.</p>")],
        live=True,
        **figures,
    )
    signatory.add_child(instance=report)
    ReportSnapshot.objects.create(report=report, accepted_on=accepted_on, checklist=list(checklist))
    return report


def build_monitoring(directory):
    """One signatory in each status (by the status they have on TODAY), and the actions."""
    actions = make_actions()
    joined = SignatoryPageFactory(
        parent=directory, title="Joined town", signed_on=TODAY - datetime.timedelta(days=60)
    )
    planning = SignatoryPageFactory(
        parent=directory, title="Planning town", country="DE", signed_on=datetime.date(2024, 9, 1)
    )
    evidence = InitiativePageFactory(parent=planning, title="Staff training", ps=["prevention"])
    hidden = InitiativePageFactory(parent=planning, title="Draft idea", ps=["prevention"])
    hidden.unpublish()
    row = SignatoryAction(
        action=actions["training"],
        state=ActionState.IN_PLACE,
        year=2025,
        evidence=[evidence, hidden],
    )
    planning.action_items = [
        row,
        SignatoryAction(action=actions["helpline"], state=ActionState.PLANNED, year=2027),
        SignatoryAction(action=actions["old"], state=ActionState.IN_PLACE, year=2015),
        SignatoryAction(action=actions["house"], state=ActionState.NOT_STARTED, note="Not yet."),
    ]
    planning.save()
    add_report(
        planning,
        ReportKind.ACTION_PLAN,
        datetime.date(2025, 8, 1),
        checklist=[
            {
                "code": "prevention-training",
                "p": "prevention",
                "title": "Train staff",
                "state": "planned",
                "year": 2025,
                "note": "",
                "evidence": [hidden.pk],
            },
        ],
        professionals_trained=12,
    )
    reporting = SignatoryPageFactory(
        parent=directory, title="Reporting town", signed_on=datetime.date(2020, 1, 1)
    )
    add_report(reporting, ReportKind.ACTION_PLAN, datetime.date(2021, 1, 10))
    add_report(
        reporting,
        ReportKind.PROGRESS_REPORT,
        datetime.date(2025, 3, 1),
        professionals_trained=40,
        children_and_families_reached=1200,
        services_set_up=2,
    )
    overdue = SignatoryPageFactory(
        parent=directory, title="Overdue town", signed_on=datetime.date(2025, 3, 1)
    )
    on_hold = SignatoryPageFactory(
        parent=directory, title="Held town", signed_on=datetime.date(2024, 3, 1)
    )
    signatories = {
        "joined": joined,
        "action_plan": planning,
        "reporting": reporting,
        "overdue": overdue,
        "on_hold": on_hold,
    }
    for signatory in signatories.values():
        refresh(signatory)
    SignatoryMonitoring.objects.filter(signatory=on_hold).update(held=True, hold_note="Private")
    return {"actions": actions, "evidence": evidence, "hidden": hidden, **signatories}
