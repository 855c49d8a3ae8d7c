"""What the API says of monitoring: a signatory's status and checklist, a report's snapshot.

Serializer fields for the page types' `api_fields` (SignatoryPage in pact, MonitoringReportPage
here). They read what the API's listing prefetched or annotated (pact.api), so a listing costs
the same number of queries whatever its length; a detail without those costs a few more.
Only public data: a checklist's evidence names initiatives the public may see, never others.
"""

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers

from core.four_ps import P_CHOICES
from core.visibility import is_publicly_visible

P_INDEX = {slug: index for index, (slug, _) in enumerate(P_CHOICES)}

# The keys of one entry of a report's checklist snapshot (ReportSnapshot.checklist) that the
# public sees: anything else a snapshot may hold stays out of the API and the exports.
SNAPSHOT_KEYS = ("code", "p", "title", "state", "year", "note")


class ReadOnlyField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class MonitoringStatusAPIField(ReadOnlyField):
    """A signatory's public status value (monitoring.status.Status), e.g. "reporting"; with
    `as_label=True`, its label, e.g. "Action plan in place"."""

    def __init__(self, as_label=False, **kwargs):
        self.as_label = as_label
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, signatory):
        # monitoring.status imports the models, whose api_fields import this module.
        from .status import status_of

        status = status_of(signatory)
        return str(status.label) if self.as_label else status.value


def in_pact_order(rows):
    """Checklist rows by P in the Pact's order, then the secretariat's order of the actions."""
    return sorted(
        rows, key=lambda row: (P_INDEX.get(row.action.p, 99), row.action.sort_order, row.action.pk)
    )


def public_evidence(row, request):
    """The initiatives a checklist row names as evidence that the public may see, as
    {"id", "title", "url"}. Reads the rows' evidence as the listing prefetched it, already
    narrowed to what the public may see (pact.api); else checks each one."""
    prefetched = getattr(row, "_prefetched_objects_cache", {}).get("evidence")
    if prefetched is not None:
        initiatives = list(prefetched)
    else:
        initiatives = [page for page in row.evidence.all() if is_publicly_visible(page)]
    return [
        {"id": page.pk, "title": page.title, "url": page.get_full_url(request)}
        for page in sorted(initiatives, key=lambda page: page.pk)
    ]


def checklist_entry(row, request):
    action = row.action
    return {
        "code": action.code,
        "p": action.p,
        "title": action.title,
        "state": row.state,
        "state_label": str(row.get_state_display()),
        "year": row.year,
        "note": row.note,
        "evidence": public_evidence(row, request),
    }


class ChecklistAPIField(ReadOnlyField):
    """A signatory's live (approved) checklist: one entry per current possible action it has a
    row for, in the Pact's order: {"code", "p", "title", "state", "state_label", "year", "note",
    "evidence": [{"id", "title", "url"}]}. Retired actions leave the checklist (reports keep
    them in their snapshots)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "action_items")
        super().__init__(**kwargs)

    def to_representation(self, rows):
        request = self.context.get("request")
        rows = [row for row in rows.all() if row.action.retired_on is None]
        return [checklist_entry(row, request) for row in in_pact_order(rows)]


def snapshot_checklist(entries):
    """A report's snapshot checklist with the public keys only (SNAPSHOT_KEYS)."""
    return [
        {key: entry.get(key) for key in SNAPSHOT_KEYS}
        for entry in entries or ()
        if isinstance(entry, dict)
    ]


def snapshot_of(report):
    """A report's ReportSnapshot, or None before it was accepted (listings select it)."""
    try:
        return report.snapshot
    except ObjectDoesNotExist:
        return None


class SnapshotAPIField(ReadOnlyField):
    """What a report recorded when it was accepted (ReportSnapshot): `accepted_on` gives its
    date, `checklist` its checklist; null / [] for a report without one."""

    def __init__(self, part, **kwargs):
        self.part = part
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, report):
        snapshot = snapshot_of(report)
        if snapshot is None:
            return None if self.part == "accepted_on" else []
        if self.part == "accepted_on":
            return snapshot.accepted_on.isoformat()
        return snapshot_checklist(snapshot.checklist)


class ParentSignatoryAPIField(ReadOnlyField):
    """The signatory a report belongs to (its parent page): {"id", "title", "url"}."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, report):
        # A listing gives each report its signatory at once (pact.models.attach_signatories).
        parent = report.__dict__.get("signatory") or report.get_parent()
        if parent is None:
            return None
        return {
            "id": parent.pk,
            "title": parent.title,
            "url": parent.get_full_url(self.context.get("request")),
        }


__all__ = [
    "ChecklistAPIField",
    "MonitoringStatusAPIField",
    "ParentSignatoryAPIField",
    "SnapshotAPIField",
]
