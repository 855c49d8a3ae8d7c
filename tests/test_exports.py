"""Every spreadsheet export guards against formulas, in CSV and XLSX alike: the subscribers'
and the signatories' listings in the admin (the open data has its own tests)."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from alerts.models import Subscription
from core.exports import spreadsheet_safe
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
