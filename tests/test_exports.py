"""Every spreadsheet export guards against formulas, in CSV and XLSX alike: the subscribers'
and the signatories' listings in the admin (the open data has its own tests)."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from alerts.models import Subscription
from core.exports import looks_like_formula, spreadsheet_safe
from tests.factories import SignatoryApplicationFactory

# A valid e-mail address that a spreadsheet would run as a command.
HOSTILE_ADDRESS = "=2+5+cmd|'/Ccalc'!A0@x.invalid"
HOSTILE_NAME = '=HYPERLINK("http://evil.example","x")'
SUBSCRIBERS = "/admin/alerts/subscription/"
SIGNATORIES = "/admin/accounts/signatoryapplication/"


def csv_rows(body):
    return list(csv.reader(io.StringIO(body.decode())))


def xlsx_rows(body):
    workbook = load_workbook(io.BytesIO(body))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


READERS = {"csv": csv_rows, "xlsx": xlsx_rows}


def export(client, listing, spreadsheet_format):
    """The heading and the rows of one export of an admin listing."""
    response = client.get(f"{listing}?export={spreadsheet_format}")
    assert response.status_code == 200
    heading, *rows = READERS[spreadsheet_format](b"".join(response.streaming_content))
    return heading, rows


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.mark.parametrize("spreadsheet_format", ["csv", "xlsx"])
def test_a_subscriber_address_that_looks_like_a_formula_is_neutralised(
    home_page, secretariat_client, spreadsheet_format
):
    form = {"email": HOSTILE_ADDRESS, "news": "on", "frequency": "weekly", "countries": ["FR"]}
    assert Client().post("/alerts/subscribe/", {**form, "ps": ["prevention"]}).status_code == 302
    heading, [row] = export(secretariat_client, SUBSCRIBERS, spreadsheet_format)
    assert row[0] == "'" + HOSTILE_ADDRESS.lower()  # addresses are stored in lower case
    assert row[heading.index("Ps")] == "prevention"
    assert row[heading.index("Countries")] == "FR"


@pytest.mark.parametrize("spreadsheet_format", ["csv", "xlsx"])
def test_a_signatory_name_that_looks_like_a_formula_is_neutralised(
    directory, secretariat_client, spreadsheet_format
):
    SignatoryApplicationFactory(organisation_name=HOSTILE_NAME, town="-1+1")
    heading, [row] = export(secretariat_client, SIGNATORIES, spreadsheet_format)
    assert row[heading.index("Organisation name")] == "'" + HOSTILE_NAME
    assert row[heading.index("Town or region")] == "'-1+1"


def test_the_xlsx_cells_hold_text_never_a_formula(secretariat_client):
    Subscription.objects.create(email=HOSTILE_ADDRESS)
    response = secretariat_client.get(f"{SUBSCRIBERS}?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = workbook.active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-3.7", "'-3.7"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Lyon", "Lyon"),
        ("", ""),
        (-3.7, -3.7),
        (-12, -12),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
        (True, True),
    ],
)
def test_only_text_that_starts_like_a_formula_gets_a_quote(value, expected):
    assert spreadsheet_safe(value) == expected


@pytest.mark.parametrize(
    "value",
    [" =1+1", "\n=1+1", "\x00=1+1", "\u3000+1", "\uff1dcmd|' /C calc'!A0", "\uff20SUM(A1)"],
)
def test_formulas_behind_spaces_nul_or_in_full_width_are_neutralised(value):
    assert spreadsheet_safe(value) == "'" + value


@given(st.text())
@settings(max_examples=300, derandomize=True, database=None)
def test_no_text_leaves_as_a_formula_and_all_other_text_is_unchanged(value):
    safe = spreadsheet_safe(value)
    assert not looks_like_formula(safe)
    assert safe == ("'" + value if looks_like_formula(value) else value)


def text_fields(model, names):
    """The listed fields of `model` that hold text someone typed."""
    from django.db import models

    kinds = (models.CharField, models.TextField, models.EmailField, models.URLField)
    fields = {field.name: field for field in model._meta.get_fields()}
    return [name for name in names if isinstance(fields.get(name), kinds)]


def check_every_cell(rows):
    for row in rows:
        for cell in row:
            assert not (isinstance(cell, str) and looks_like_formula(cell)), (row, cell)


@pytest.mark.parametrize("spreadsheet_format", ["csv", "xlsx"])
def test_every_exported_column_of_the_subscribers_is_guarded(
    secretariat_client, spreadsheet_format
):
    """Item 6 of issue 16, column by column: whatever text reaches a subscription, even past the
    form (the admin, a data import), leaves the export as text."""
    from alerts.wagtail_hooks import SubscriptionAdmin

    Subscription.objects.create(
        email=HOSTILE_ADDRESS, ps=["=1+1", "-2"], countries=["+33"], frequency="@SUM(A1)"
    )
    heading, rows = export(secretariat_client, SUBSCRIBERS, spreadsheet_format)
    assert len(heading) == len(SubscriptionAdmin.list_export)
    check_every_cell(rows)
    assert rows[0][heading.index("Ps")] == "'=1+1, -2"


@pytest.mark.parametrize("spreadsheet_format", ["csv", "xlsx"])
def test_every_exported_text_column_of_the_signatories_is_guarded(
    directory, secretariat_client, spreadsheet_format
):
    from accounts.models import SignatoryApplication
    from accounts.wagtail_hooks import SignatoryAdmin

    def hostile_value(name):
        # Within the column's length: PostgreSQL refuses a longer value (SQLite stores it).
        value = "=x@x.invalid" if name == "email" else f'=HYPERLINK("{name}")'
        max_length = SignatoryApplication._meta.get_field(name).max_length
        return value if max_length is None or len(value) <= max_length else "=1+1"[:max_length]

    hostile = {
        name: hostile_value(name)
        for name in text_fields(SignatoryApplication, SignatoryAdmin.list_export)
    }
    assert {"organisation_name", "town", "contact_name", "email", "contact_phone"} <= set(hostile)
    application = SignatoryApplicationFactory()
    SignatoryApplication.objects.filter(pk=application.pk).update(**hostile)
    heading, rows = export(secretariat_client, SIGNATORIES, spreadsheet_format)
    check_every_cell(rows)
    assert rows[0][heading.index("Contact person's role")] == '\'=HYPERLINK("contact_role")'
