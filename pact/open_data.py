"""Open data: the live signatories as CSV and JSON, at /participants/export.csv and .json.

Each row carries what the signatory's public page shows, never its private contact. The
directory's filters (country, profile, kind, p, q) narrow the export as they narrow the list; a
bad one is a 400 (core/query_params.py), never more than was asked for.
The licence travels with the data: a top-level "licence" in JSON, an HTTP `Link: <...>;
rel="license"` header on both (a comment line would break CSV readers), and a note beside the
download links on the directory page.

CSV is UTF-8 without a byte-order mark: a BOM would slip into the first column's name for most
programs that read the file; docs/api.md says how to open it in a spreadsheet.

Both are streamed: the signatories are read EXPORT_CHUNK at a time (with their initiatives,
reports and checklists, three queries per chunk) and written out as they come, so neither the
time to the first byte nor the memory grows with the number of signatories.
"""

import csv
import io
import json
from functools import reduce
from itertools import islice
from operator import or_

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Length, Substr
from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response
from wagtail.models import Page

from core.exports import spreadsheet_safe
from core.four_ps import in_pact_order
from core.query_params import BadQuery, bad_request
from core.site_time import data_generated_stamp
from core.visibility import hidden_sections
from monitoring.api_fields import in_pact_order as checklist_in_pact_order
from monitoring.models import ActionState, MonitoringReportPage, SignatoryAction
from monitoring.status import status_of
from pact.caching import version_etag
from pact.directory import (
    DirectoryQuery,
    public_initiatives,
    public_signatories,
    with_monitoring_status,
)

# The columns of the CSV, and the keys of each signatory in the JSON, in this order.
COLUMNS = (
    "id",
    "name",
    "url",
    "profile",
    "kind",
    "kind_label",
    "country",
    "country_name",
    "town",
    "latitude",
    "longitude",
    "approximate",
    "population",
    "signed_on",
    "website",
    "ps",
    "initiatives",
    "public_contact_name",
    "public_contact_email",
    "public_contact_phone",
    # Monitoring the Pact (issue 19), after the columns above, which stay as they were.
    "status",
    "status_label",
    "actions_in_place",
    "actions_planned",
    "action_plan_accepted_on",
    "last_report_on",
    "reports",
    "latest_professionals_trained",
    "latest_children_and_families_reached",
    "latest_services_set_up",
)
# The figures of a report, as MonitoringReportPage names them; the export gives those of each
# signatory's latest accepted plan or report, as "latest_<name>".
REPORT_FIGURES = ("professionals_trained", "children_and_families_reached", "services_set_up")


def licence():
    return {"name": settings.OPEN_DATA_LICENCE, "url": settings.OPEN_DATA_LICENCE_URL}


# Signatories read, and written out, at a time.
EXPORT_CHUNK = 500


def batched(iterable, size):
    """Tuples of `size` items of `iterable` (the last one shorter), as Python 3.12's
    itertools.batched; the project supports 3.11."""
    iterator = iter(iterable)
    while batch := tuple(islice(iterator, size)):
        yield batch


def children_of(paths):
    """Pages directly below any of these tree paths, by ranges of the indexed path column."""
    return reduce(or_, (Q(path__range=Page._get_children_path_interval(path)) for path in paths))


def initiative_summary(hidden, paths):
    """{signatory path: (number of public initiatives, set of P slugs they serve)} of the
    signatories at these paths, in one query: an initiative's parent path is its own path less
    one step."""
    rows = (
        public_initiatives(hidden)
        .filter(children_of(paths))
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .values_list("parent_path", "pk", "p_items__tag__slug")
    )
    initiatives, ps = {}, {}
    for parent_path, pk, slug in rows:
        initiatives.setdefault(parent_path, set()).add(pk)
        if slug:
            ps.setdefault(parent_path, set()).add(slug)
    return {path: (len(pks), ps.get(path, set())) for path, pks in initiatives.items()}


LISTED_STATES = (ActionState.IN_PLACE, ActionState.PLANNED)


def checklist_codes(signatory_ids):
    """{signatory id: {"in_place": [codes], "planned": [codes]}} of the current possible
    actions, in the Pact's order: one query."""
    rows = (
        SignatoryAction.objects.filter(
            signatory_id__in=signatory_ids,
            action__retired_on__isnull=True,
            state__in=LISTED_STATES,
        )
        .select_related("action")
        .only("signatory_id", "state", "action__code", "action__p", "action__sort_order")
    )
    codes = {}
    for row in checklist_in_pact_order(rows):
        states = codes.setdefault(
            row.signatory_id, {ActionState.IN_PLACE: [], ActionState.PLANNED: []}
        )
        states[row.state].append(row.action.code)
    return codes


def report_summary(hidden, paths):
    """{signatory path: (number of accepted reports, figures of the latest one)} of the
    signatories at these paths: the action plans and progress reports the public may see that
    were accepted (have a snapshot), in one query."""
    rows = (
        MonitoringReportPage.objects.publicly_visible(hidden)
        .filter(children_of(paths), snapshot__isnull=False)
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .order_by("snapshot__accepted_on", "pk")
        .values_list("parent_path", *REPORT_FIGURES)
    )
    summary = {}
    for parent_path, *figures in rows:
        count, _ = summary.get(parent_path, (0, None))
        summary[parent_path] = (count + 1, dict(zip(REPORT_FIGURES, figures, strict=True)))
    return summary


def iso(day):
    return day.isoformat() if day else None


def public_records(index_page, query, hidden):
    """The signatories the public may see matching the query, in directory order, with what
    their records need from other tables."""
    return (
        with_monitoring_status(
            query.apply(public_signatories(index_page, hidden), hidden), query.periods
        )
        .annotate(
            plan_accepted_on=F("monitoring__plan_accepted_on"),
            last_report_on=F("monitoring__last_report_on"),
        )
        .order_by("title", "pk")
        .only(*(name for name in SIGNATORY_FIELDS), "path", "depth", "slug", "title")
    )


def signatory_records(signatories, directory_url, hidden):
    """One dict per signatory of `signatories` (public_records()), in their order, read
    EXPORT_CHUNK at a time."""
    no_figures = dict.fromkeys(REPORT_FIGURES)
    for chunk in batched(signatories.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
        paths = [signatory.path for signatory in chunk]
        summary = initiative_summary(hidden, paths)
        reports = report_summary(hidden, paths)
        checklists = checklist_codes([signatory.pk for signatory in chunk])
        for signatory in chunk:
            position = signatory.map_position
            count, covered = summary.get(signatory.path, (0, set()))
            status = status_of(signatory)
            checklist = checklists.get(signatory.pk, {})
            report_count, figures = reports.get(signatory.path, (0, no_figures))
            yield {
                "id": signatory.pk,
                "name": signatory.title,
                "url": f"{directory_url}{signatory.slug}/",
                "profile": signatory.profile,
                "kind": signatory.kind,
                "kind_label": str(signatory.get_kind_display()),
                "country": signatory.country.code,
                "country_name": str(signatory.country.name),
                "town": signatory.town,
                "latitude": round(position[1], 6) if position else None,
                "longitude": round(position[0], 6) if position else None,
                "approximate": position[2] if position else None,
                "population": signatory.population,
                "signed_on": signatory.signed_on.isoformat() if signatory.signed_on else None,
                "website": signatory.website,
                "ps": [p.slug for p in in_pact_order(covered)],
                "initiatives": count,
                "public_contact_name": signatory.public_contact_name,
                "public_contact_email": signatory.public_contact_email,
                "public_contact_phone": signatory.public_contact_phone,
                "status": status.value,
                "status_label": str(status.label),
                "actions_in_place": checklist.get(ActionState.IN_PLACE, []),
                "actions_planned": checklist.get(ActionState.PLANNED, []),
                "action_plan_accepted_on": iso(signatory.plan_accepted_on),
                "last_report_on": iso(signatory.last_report_on),
                "reports": report_count,
                **{f"latest_{name}": figures[name] for name in REPORT_FIGURES},
            }


# The model fields the export reads: public ones only (no contact_* field).
SIGNATORY_FIELDS = (
    "profile",
    "kind",
    "country",
    "town",
    "latitude",
    "longitude",
    "population",
    "signed_on",
    "website",
    "public_contact_name",
    "public_contact_email",
    "public_contact_phone",
)


def csv_cell(value):
    """A value as a CSV cell: None empty, booleans as true/false, lists joined with spaces, then
    the formula guard every export shares (core.exports; numbers stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = " ".join(value)
    return spreadsheet_safe(value)


def streamed_export(request, chunks, content_type, filename, disposition):
    """The export's answer, or a 304 when the client holds it already. Public data, the same for
    every visitor: cached as long as the API's answers."""
    # A streamed body cannot be hashed; the ETag is the one every shared answer has, from the
    # content version, the address and the day (pact.caching.version_etag).
    etag = version_etag(request, is_data=True)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
    return response


def csv_lines(records):
    """The CSV text, a header row then one row per record, EXPORT_CHUNK rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for rows in batched(records, EXPORT_CHUNK):
        writer.writerows([csv_cell(record[column]) for column in COLUMNS] for record in rows)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def export_csv_response(index_page, request):
    """/participants/export.csv: one row per signatory under a header row."""
    try:
        query = DirectoryQuery.for_output(request.GET)
    except BadQuery as error:
        return bad_request(error)
    hidden = hidden_sections()
    records = signatory_records(
        public_records(index_page, query, hidden), index_page.get_full_url(request), hidden
    )
    return streamed_export(
        request,
        csv_lines(records),
        "text/csv; charset=utf-8; header=present",
        "pact-signatories.csv",
        "attachment",
    )


def json_document(head, records):
    """The JSON text of `head` with a last key, "signatories", holding `records`: exactly what
    json.dumps(..., ensure_ascii=False, indent=1) gives for the whole, written a record at a
    time. A record in that list is indented by two levels, one space each."""
    opening = json.dumps({**head, "signatories": []}, ensure_ascii=False, indent=1)
    yield opening[: -len("[]\n}")] + "["
    written = False
    for rows in batched(records, EXPORT_CHUNK):
        items = (
            "\n".join(
                "  " + line for line in json.dumps(row, ensure_ascii=False, indent=1).split("\n")
            )
            for row in rows
        )
        yield ("," if written else "") + "\n" + ",\n".join(items)
        written = True
    yield "\n ]\n}" if written else "]\n}"


def export_json_response(index_page, request):
    """/participants/export.json: the licence, the source, and the signatories."""
    try:
        query = DirectoryQuery.for_output(request.GET)
    except BadQuery as error:
        return bad_request(error)
    hidden = hidden_sections()
    signatories = public_records(index_page, query, hidden)
    directory_url = index_page.get_full_url(request)
    head = {
        "licence": licence(),
        "source": directory_url,
        "generated": data_generated_stamp(),
        "filters": query.filters,
        "count": signatories.count(),
    }
    document = json_document(head, signatory_records(signatories, directory_url, hidden))
    return streamed_export(
        request,
        (text.encode() for text in document),
        "application/json; charset=utf-8",
        "pact-signatories.json",
        "inline",
    )
