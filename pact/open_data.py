"""Open data: the live signatories as CSV and JSON, at /participants/export.csv and .json.

Each row carries what the signatory's public page shows, never its private contact. The
directory's filters (country, profile, kind, p, q) narrow the export as they narrow the list; a
bad one is a 400 (core/query_params.py), never more than was asked for.
The licence travels with the data: a top-level "licence" in JSON, an HTTP `Link: <...>;
rel="license"` header on both (a comment line would break CSV readers), and a note beside the
download links on the directory page.

CSV is UTF-8 without a byte-order mark: a BOM would slip into the first column's name for most
programs that read the file; docs/api.md says how to open it in a spreadsheet.
"""

import csv
import io
import json

from django.conf import settings
from django.db.models.functions import Length, Substr
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import Page

from core.exports import spreadsheet_safe
from core.four_ps import in_pact_order
from core.query_params import BadQuery, bad_request
from core.visibility import hidden_sections
from pact.directory import DirectoryQuery, public_initiatives, public_signatories

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
)


def licence():
    return {"name": settings.OPEN_DATA_LICENCE, "url": settings.OPEN_DATA_LICENCE_URL}


def initiative_summary(hidden):
    """{signatory path: (number of public initiatives, set of P slugs they serve)} in one query:
    an initiative's parent path is its own path less one step."""
    rows = (
        public_initiatives(hidden)
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .values_list("parent_path", "pk", "p_items__tag__slug")
    )
    initiatives, ps = {}, {}
    for parent_path, pk, slug in rows:
        initiatives.setdefault(parent_path, set()).add(pk)
        if slug:
            ps.setdefault(parent_path, set()).add(slug)
    return {path: (len(pks), ps.get(path, set())) for path, pks in initiatives.items()}


def signatory_records(index_page, request, query, hidden):
    """One dict per signatory the public may see matching the query, in directory order."""
    directory_url = index_page.get_full_url(request)
    summary = initiative_summary(hidden)
    signatories = (
        query.apply(public_signatories(index_page, hidden), hidden)
        .order_by("title", "pk")
        .only(*(name for name in SIGNATORY_FIELDS), "path", "depth", "slug", "title")
    )
    records = []
    for signatory in signatories:
        position = signatory.map_position
        count, covered = summary.get(signatory.path, (0, set()))
        records.append(
            {
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
            }
        )
    return records


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


def with_licence(response, filename, disposition):
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def export_csv_response(index_page, request):
    """/participants/export.csv: one row per signatory under a header row."""
    try:
        query = DirectoryQuery.for_output(request.GET)
    except BadQuery as error:
        return bad_request(error)
    records = signatory_records(index_page, request, query, hidden_sections())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([csv_cell(record[column]) for column in COLUMNS])
    response = HttpResponse(
        buffer.getvalue().encode(), content_type="text/csv; charset=utf-8; header=present"
    )
    return with_licence(response, "pact-signatories.csv", "attachment")


def export_json_response(index_page, request):
    """/participants/export.json: the licence, the source, and the signatories."""
    try:
        query = DirectoryQuery.for_output(request.GET)
    except BadQuery as error:
        return bad_request(error)
    records = signatory_records(index_page, request, query, hidden_sections())
    body = {
        "licence": licence(),
        "source": index_page.get_full_url(request),
        "generated": timezone.now().isoformat(timespec="seconds"),
        "filters": query.filters,
        "count": len(records),
        "signatories": records,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    return with_licence(response, "pact-signatories.json", "inline")
