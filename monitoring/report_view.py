"""What a report's page shows: its signatory, its figures and its checklist per P.

An accepted report shows the checklist its snapshot recorded; a report not accepted yet (a
preview, for the signatory or the reviewing secretariat) shows the signatory's approved
checklist as it stands, which is what acceptance will record. Evidence links only to
initiatives the public may see today.
"""

from wagtail.models import Page

from core.four_ps import FOUR_PS
from core.visibility import publicly_visible

from .models import ActionState, ReportSnapshot
from .review import checklist_snapshot, signatory_of


def checklist_by_p(rows):
    """[(P, [row, ...]), ...] in the Pact's order; each row a dict as the snapshot keeps it,
    with `evidence_pages` (publicly visible initiatives) and `state_label` added."""
    evidence_ids = {pk for row in rows for pk in row.get("evidence") or []}
    visible = {
        page.pk: page
        for page in publicly_visible(Page.objects.filter(pk__in=evidence_ids)).order_by("title")
    }
    labels = dict(ActionState.choices)
    groups = []
    for p in FOUR_PS:
        in_p = []
        for row in rows:
            if row.get("p") != p.slug:
                continue
            in_p.append(
                {
                    **row,
                    "state_label": labels.get(row.get("state"), row.get("state")),
                    "evidence_pages": [
                        visible[pk] for pk in row.get("evidence") or [] if pk in visible
                    ],
                }
            )
        if in_p:
            groups.append((p, in_p))
    return groups


def report_context(report):
    signatory = signatory_of(report)
    snapshot = ReportSnapshot.objects.filter(report_id=report.pk).first()
    if snapshot is not None:
        rows = snapshot.checklist
    elif signatory is not None:
        rows = checklist_snapshot(signatory)
    else:
        rows = []
    return {
        "signatory": signatory,
        "snapshot": snapshot,
        "checklist": checklist_by_p(rows),
        "in_place_count": sum(1 for row in rows if row.get("state") == ActionState.IN_PLACE),
        "planned_count": sum(1 for row in rows if row.get("state") == ActionState.PLANNED),
        "action_count": len(rows),
    }
