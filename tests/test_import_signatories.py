"""`manage.py import_signatories`: the site's own export imports into another database and
gives the same export back; bad rows are reported by line while the good ones go in; a dry run
writes nothing; a second import changes nothing; XLSX works like CSV; the pages made are
published, hold what approval gives, and are found by search; queries do not grow per row."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Revision

from monitoring.models import SignatoryMonitoring
from pact.models import InitiativePage, SignatoryPage
from pact.open_data import COLUMNS
from tests.factories import InitiativePageFactory, SignatoryPageFactory
from tests.joining import directory  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

# The export's columns the site works out itself (from monitoring), not from the file.
DERIVED = set(COLUMNS[COLUMNS.index("status") :]) | {"id"}


class Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def run_import(path, *options):
    out, err = Output(), Output()
    error = None
    try:
        call_command("import_signatories", str(path), *options, stdout=out, stderr=err)
    except CommandError as raised:
        error = str(raised)
    return out.text, err.text, error


def write_csv(path, rows, columns=COLUMNS):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def row(**values):
    base = {"name": "Town of Example", "profile": "authority", "kind": "city", "country": "FR"}
    return {**base, **values}


def export_rows(client):
    response = client.get("/participants/export.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def comparable(rows):
    return sorted(
        ({name: value for name, value in r.items() if name not in DERIVED} for r in rows),
        key=lambda r: r["url"],
    )


def test_an_export_imports_into_another_database_and_exports_the_same(
    directory,  # noqa: F811
    client,
    tmp_path,
):
    SignatoryPageFactory(
        parent=directory,
        title="Łódź",
        slug="lodz",
        country="PL",
        town="Łódź",
        population=670000,
        website="https://uml.lodz.pl/",
        public_contact_phone="+48 42 000 00 00",
        public_contact_email="contact@example.org",
    )
    SignatoryPageFactory(
        parent=directory,
        title="=Formula Region",
        slug="formula-region",
        profile="authority",
        kind="region",
        country="ES",
        latitude=None,
        longitude=None,
        town="-3 degrees",
    )
    SignatoryPageFactory(
        parent=directory,
        title="Save the Children Test",
        slug="save-test",
        profile="organisation",
        kind="ngo",
        country="PT",
        latitude=38.7223,
        longitude=-9.1393,
        signed_on=None,
    )
    before = export_rows(client)
    path = tmp_path / "export.csv"
    path.write_bytes(b"".join(client.get("/participants/export.csv").streaming_content))
    # Another database: the same directory, without these signatories.
    for page in SignatoryPage.objects.all():
        page.delete()

    out, err, error = run_import(path)

    assert error is None, err
    assert "3 created" in out
    after = export_rows(client)
    assert comparable(after) == comparable(before)
    lodz = SignatoryPage.objects.get(slug="lodz")
    # The export's formula guard is undone: the phone number is the one that was given.
    assert lodz.public_contact_phone == "+48 42 000 00 00"
    assert SignatoryPage.objects.get(slug="formula-region").title == "=Formula Region"
    # A place at the country's centre stays the country's centre, not a stored coordinate.
    assert SignatoryPage.objects.get(slug="formula-region").latitude is None


def test_pages_made_are_published_with_what_approval_gives(directory, client, tmp_path):  # noqa: F811
    path = write_csv(tmp_path / "list.csv", [row(name="Town of Vianden", town="Vianden")])

    run_import(path)

    page = SignatoryPage.objects.get(title="Town of Vianden")
    assert page.live and page.live_revision_id == page.latest_revision_id
    assert page.url == "/participants/town-of-vianden/"
    assert client.get(page.url).status_code == 200
    group = Group.objects.get(name=f"Signatory page {page.pk}: Town of Vianden")
    assert set(
        group.page_permissions.filter(page=page).values_list("permission__codename", flat=True)
    ) == {"add_page", "change_page"}
    assert group.collection_permissions.filter(collection__name="Signatory: Town of Vianden")
    assert SignatoryMonitoring.objects.filter(signatory=page).exists()
    assert [p.title for p in SignatoryPage.objects.live().search("Vianden")] == [page.title]
    assert Page.find_problems() == ([], [], [], [], [])


def test_errors_are_reported_by_line_and_the_good_rows_still_go_in(directory, tmp_path):  # noqa: F811
    path = write_csv(
        tmp_path / "list.csv",
        [
            row(name="Good town one"),  # line 2
            row(name="Bad country", country="XX"),  # line 3
            row(name="Wrong kind", profile="organisation", kind="city"),  # line 4
            row(name="Half placed", latitude="48.5"),  # line 5
            row(name="", kind="city"),  # line 6
            row(name="Good town two", url="https://elsewhere.example/participants/two/"),
            row(name="Again", url="https://elsewhere.example/participants/two/"),  # line 8
            row(name="Bad number", population="many"),  # line 9
        ],
    )

    out, err, error = run_import(path)

    assert sorted(SignatoryPage.objects.values_list("slug", flat=True)) == [
        "good-town-one",
        "two",
    ]
    assert "line 3: country:" in err
    assert "line 4: kind: City is a kind of Local/Regional Authority" in err
    assert "line 5: longitude: Give both latitude and longitude, or neither." in err
    assert "line 6: name: this column is required." in err
    assert "line 8: the same signatory as line 7" in err
    assert "line 9: population:" in err
    assert "2 created" in out
    assert error == "6 lines not imported: see the errors above."


def test_a_dry_run_writes_nothing(directory, tmp_path):  # noqa: F811
    path = write_csv(tmp_path / "list.csv", [row(name="Town A"), row(name="Town B")])
    counts = (Page.objects.count(), Group.objects.count(), Revision.objects.count())

    out, _, error = run_import(path, "--dry-run")

    assert error is None
    assert "2 would be created" in out and "nothing was written" in out
    assert (Page.objects.count(), Group.objects.count(), Revision.objects.count()) == counts


def test_importing_again_updates_and_never_duplicates(directory, tmp_path):  # noqa: F811
    path = write_csv(tmp_path / "list.csv", [row(name="Town A", town="Old town")])
    run_import(path)
    page = SignatoryPage.objects.get(title="Town A")
    revisions = Revision.objects.count()

    out, _, _ = run_import(path)
    assert "0 created, 0 updated, 1 unchanged" in out
    assert Revision.objects.count() == revisions

    # Without an address, the name (in any case) and the country find it again.
    write_csv(path, [row(name="TOWN A", town="New town")])
    out, _, _ = run_import(path)
    assert "0 created, 1 updated" in out
    page.refresh_from_db()
    assert page.town == "New town" and page.title == "TOWN A"
    assert page.live_revision_id == page.latest_revision_id
    assert page.live_revision.as_object().town == "New town"
    assert [p.pk for p in SignatoryPage.objects.live().search("New town")] == [page.pk]
    assert SignatoryPage.objects.count() == 1


def test_an_unpublished_signatory_stays_unpublished(directory, tmp_path):  # noqa: F811
    page = SignatoryPageFactory(parent=directory, title="Gone quiet", slug="gone-quiet")
    page.unpublish()
    path = write_csv(tmp_path / "list.csv", [row(name="Gone quiet", url="/x/gone-quiet/")])

    out, _, _ = run_import(path)

    page.refresh_from_db()
    assert "1 updated" in out
    assert not page.live and page.has_unpublished_changes


def test_xlsx_with_missing_and_extra_columns(directory, tmp_path):  # noqa: F811
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Kind", "Country", "Population", "Signed_on", "Notes"])
    sheet.append(["Town of Gouda", "municipality", "nl", 73000, "2025-02-03", "call back"])
    path = tmp_path / "list.xlsx"
    workbook.save(path)

    out, err, error = run_import(path)

    assert error is None, err
    assert "Ignored columns: notes." in err
    page = SignatoryPage.objects.get(slug="town-of-gouda")
    assert (page.profile, page.country.code, page.population) == ("authority", "NL", 73000)
    assert page.signed_on.isoformat() == "2025-02-03"


def test_a_file_without_the_needed_columns_is_refused(directory, tmp_path):  # noqa: F811
    path = write_csv(tmp_path / "list.csv", [{"name": "A"}], columns=["name"])
    _, _, error = run_import(path)
    assert error == f"{path} lacks the column kind or kind_label, country or country_name " + (
        "(the export's columns are expected)."
    )
    _, _, error = run_import(tmp_path / "list.ods")
    assert "give a .csv or .xlsx file" in error
    assert not SignatoryPage.objects.exists()


def test_queries_do_not_grow_with_the_number_of_rows(directory, tmp_path):  # noqa: F811
    def queries(count, first):
        path = write_csv(
            tmp_path / f"list{count}.csv",
            [row(name=f"Town {n:03d}") for n in range(first, first + count)],
        )
        with CaptureQueriesContext(connection) as captured:
            run_import(path)
        sql = [query["sql"] for query in captured.captured_queries]
        return [text for text in sql if not text.startswith("INSERT")], [
            text for text in sql if text.startswith("INSERT")
        ]

    queries(1, 0)  # the shared groups and workflow, once
    others_5, _ = queries(5, 100)
    others_50, inserts_50 = queries(50, 200)
    assert len(others_50) == len(others_5)
    # Rows go in batches: 50 pages, their revisions, groups and permissions in a few dozen.
    assert len(inserts_50) < 50


def test_a_slug_a_row_names_is_never_given_to_another(directory, tmp_path):  # noqa: F811
    path = write_csv(
        tmp_path / "list.csv",
        [row(name="Town A"), row(name="Other town", url="https://x.example/p/town-a/")],
    )

    run_import(path)

    assert SignatoryPage.objects.get(slug="town-a").title == "Other town"
    assert SignatoryPage.objects.get(slug="town-a-2").title == "Town A"


def test_an_updated_signatorys_initiatives_are_found_by_its_new_town(directory, tmp_path):  # noqa: F811
    signatory = SignatoryPageFactory(parent=directory, title="Town B", slug="town-b", town="Old")
    InitiativePageFactory(parent=signatory, title="Safe schools", ps=["prevention"])
    path = write_csv(tmp_path / "list.csv", [row(name="Town B", url="/p/town-b/", town="Zwolle")])

    run_import(path)

    found = InitiativePage.objects.live().search("Zwolle")
    assert [initiative.title for initiative in found] == ["Safe schools"]
