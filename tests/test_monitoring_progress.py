"""The public progress dashboard (/progress/) and the country pages (/participants/country/fr/):
their numbers against the data, their views as addresses, their downloads, what the public may
not see, and SQL queries flat in the number of signatories."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from monitoring import status
from monitoring.models import (
    ActionState,
    LanzaroteStatus,
    PossibleAction,
    ProgressPage,
    SignatoryAction,
)
from pact.caching import urls_to_purge
from tests.built_once import built_once
from tests.conftest import make_home_page
from tests.factories import InitiativePageFactory, SignatoryPageFactory, make_signatory
from tests.joining import make_directory
from tests.sitemaps import sitemap_text
from tests.two_factor import force_login_verified

# Every date of the dashboard is read on this day (deadlines, statuses, the years shown).
TODAY = datetime.date(2026, 12, 3)


def make_progress_page(home):
    page = home.add_child(instance=ProgressPage(title="Progress", slug="progress"))
    page.save_revision().publish()
    return page


def make_actions():
    """Two current actions under Prevention, one under Protection, and a retired one."""
    return {
        "train": PossibleAction.objects.create(
            code="prevention-training", p="prevention", title="Train staff", sort_order=1
        ),
        "schools": PossibleAction.objects.create(
            code="prevention-schools", p="prevention", title="Talk in schools", sort_order=2
        ),
        "helpline": PossibleAction.objects.create(
            code="protection-helpline", p="protection", title="A helpline"
        ),
        "retired": PossibleAction.objects.create(
            code="protection-old", p="protection", title="Retired one", retired_on=TODAY
        ),
    }


def check(signatory, action, state, year):
    SignatoryAction.objects.create(signatory=signatory, action=action, state=state, year=year)


def monitor(signatory, *, stage="joined", deadline, held=False):
    """Give a signatory its monitoring record as refresh() and the secretariat would."""
    record = status.refresh(signatory)
    record.stage = stage
    record.next_deadline = deadline
    record.held = held
    record.save()
    return record


@pytest.fixture
def world(home_page):
    """Five public signatories and one the public may not see (a draft), with checklists and
    monitoring records in every status on TODAY:

    - Aville, FR authority, 2014: train in place, schools planned; reporting (deadline ahead)
    - Bville, FR authority, 2016: train in place, helpline in place; overdue (30 days late)
    - Cville, DE organisation, 2016: retired action in place only; on hold (by the secretariat)
    - Dville, DE authority, 2025: nothing; joined (deadline ahead)
    - Evile, IT authority, 2026: helpline planned; action plan in place
    - Hidden, FR, 2016, unpublished: train in place, reporting (must count nowhere)
    """
    with time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)):
        directory = make_directory(home_page)
        progress = make_progress_page(home_page)
        actions = make_actions()
        ahead, late = TODAY + datetime.timedelta(days=200), TODAY - datetime.timedelta(days=30)

        def signatory(title, country, year, **extra):
            return SignatoryPageFactory(
                parent=directory,
                title=title,
                slug=title.lower(),
                country=country,
                signed_on=datetime.date(year, 3, 1),
                **extra,
            )

        a = signatory("Aville", "FR", 2014)
        check(a, actions["train"], ActionState.IN_PLACE, 2015)
        check(a, actions["schools"], ActionState.PLANNED, 2027)
        monitor(a, stage="reporting", deadline=ahead)
        b = signatory("Bville", "FR", 2016)
        check(b, actions["train"], ActionState.IN_PLACE, 2017)
        check(b, actions["helpline"], ActionState.IN_PLACE, 2018)
        monitor(b, stage="reporting", deadline=late)
        c = signatory("Cville", "DE", 2016, profile="organisation", kind="ngo")
        check(c, actions["retired"], ActionState.IN_PLACE, 2016)
        monitor(c, stage="action_plan", deadline=ahead, held=True)
        d = signatory("Dville", "DE", 2025)
        monitor(d, deadline=ahead)
        e = signatory("Eville", "IT", 2026)
        check(e, actions["helpline"], ActionState.PLANNED, 2028)
        monitor(e, stage="action_plan", deadline=ahead)
        hidden = signatory("Hidden", "FR", 2016)
        check(hidden, actions["train"], ActionState.IN_PLACE, 2017)
        monitor(hidden, stage="reporting", deadline=ahead)
        hidden.unpublish()
        InitiativePageFactory(parent=a, title="Aville helpline", ps=["protection"])
        LanzaroteStatus.objects.create(
            country="FR",
            signed_on=datetime.date(2007, 10, 25),
            ratified_on=datetime.date(2010, 8, 27),
            in_force_on=datetime.date(2011, 1, 1),
            note="Sample data.",
        )
        LanzaroteStatus.objects.create(country="IE", signed_on=datetime.date(2007, 10, 25))
    return {"directory": directory, "progress": progress, "actions": actions, "hidden": hidden}


@pytest.fixture
def on_today():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)):
        yield


def dataset(client, slug, query=""):
    response = client.get(f"/progress/{slug}.json{query}")
    assert response.status_code == 200, response.content
    return response.json()


def by(rows, key):
    return {row[key]: row for row in rows}


# The numbers -----------------------------------------------------------------------------------


def test_signatories_over_time_count_each_year_and_the_total(client, world, on_today):
    rows = dataset(client, "signatories-over-time")["rows"]
    years = by(rows, "year")
    assert [row["year"] for row in rows] == list(range(2014, 2027))
    assert years[2014] == {
        "year": 2014,
        "authorities": 1,
        "organisations": 0,
        "joined": 1,
        "total": 1,
    }
    # Bville and Cville (an organisation); the unpublished one never counts.
    assert (years[2016]["authorities"], years[2016]["organisations"]) == (1, 1)
    assert years[2015]["joined"] == 0 and years[2015]["total"] == 1
    assert years[2026]["total"] == 5


def test_statuses_follow_the_one_rule_and_count_who_is_up_to_date(client, world, on_today):
    data = dataset(client, "statuses")
    counts = {row["status"]: row["signatories"] for row in data["rows"]}
    assert counts == {
        "joined": 1,
        "action_plan": 1,
        "reporting": 1,
        "overdue": 1,
        "on_hold": 1,
    }
    assert "3 of 5 signatories Europe-wide (60%) are up to date" in data["description"]
    # Each signatory's status on the dashboard is the one status_of() gives it.
    signatories = world["directory"].get_children().live().specific()
    assert sorted(str(status.status_of(s)) for s in signatories) == sorted(counts)


def test_statuses_move_with_the_clock(client, world):
    """Half a year later, Aville's deadline is past: overdue; Bville is past hold_after_days."""
    with time_machine.travel(datetime.datetime(2027, 6, 25, 12, tzinfo=datetime.UTC)):
        counts = {row["status"]: row["signatories"] for row in dataset(client, "statuses")["rows"]}
    assert counts["on_hold"] == 2  # Cville held, Bville 234 days late
    assert counts["overdue"] == 3  # Aville, Dville and Eville, 4 days late
    assert counts["reporting"] == counts["joined"] == counts["action_plan"] == 0


def test_actions_count_current_actions_of_public_signatories(client, world, on_today):
    rows = by(dataset(client, "actions")["rows"], "code")
    assert set(rows) == {"prevention-training", "prevention-schools", "protection-helpline"}
    # Aville and Bville: the hidden signatory's row is left out.
    assert rows["prevention-training"]["in_place"] == 2
    assert rows["prevention-training"]["signatories"] == 5
    assert rows["prevention-training"]["in_place_share"] == 40.0
    assert (rows["protection-helpline"]["in_place"], rows["protection-helpline"]["planned"]) == (
        1,
        1,
    )
    by_p = by(dataset(client, "actions-by-p")["rows"], "p")
    assert by_p["prevention"] == {
        "p": "prevention",
        "p_name": "Prevention",
        "actions": 2,
        "in_place": 2,
        "planned": 1,
        "possible": 10,
        "in_place_share": 20.0,
        "planned_share": 10.0,
    }
    # The retired action (Cville's only row) counts nowhere.
    assert by_p["protection"]["actions"] == 1 and by_p["protection"]["in_place"] == 1
    assert [row["p"] for row in dataset(client, "actions-by-p")["rows"]] == [
        "prevention",
        "protection",
        "prosecution",
        "participation",
    ]


def test_country_and_p_narrow_every_dataset(client, world, on_today):
    query = "?country=fr&p=prevention"
    actions = dataset(client, "actions", query)
    assert actions["filters"] == {"country": "FR", "p": "prevention"}
    assert {row["code"]: row["in_place"] for row in actions["rows"]} == {
        "prevention-training": 2,
        "prevention-schools": 0,
    }
    assert {row["signatories"] for row in actions["rows"]} == {2}
    assert [row["p"] for row in dataset(client, "actions-by-p", query)["rows"]] == ["prevention"]
    statuses = {
        row["status"]: row["signatories"] for row in dataset(client, "statuses", query)["rows"]
    }
    assert statuses == {"joined": 0, "action_plan": 0, "reporting": 1, "overdue": 1, "on_hold": 0}
    assert dataset(client, "signatories-over-time", query)["rows"][-1]["total"] == 2


def test_countries_are_europe_wide_with_actions_in_place_under_the_p(client, world, on_today):
    rows = by(dataset(client, "countries", "?country=FR")["rows"], "country")
    assert list(rows) == ["FR", "DE", "IT"]  # by name: France, Germany, Italy
    assert rows["FR"]["signatories"] == 2  # never the unpublished one
    assert rows["FR"]["with_action_in_place"] == 2
    assert rows["FR"]["up_to_date"] == 1
    # Cville's only action is retired: Germany has none in place.
    assert rows["DE"]["with_action_in_place"] == 0
    protection = by(dataset(client, "countries", "?p=protection")["rows"], "country")
    assert protection["FR"]["with_action_in_place"] == 1


# The page --------------------------------------------------------------------------------------


def test_dashboard_shows_each_chart_as_accessible_svg_with_its_table_and_downloads(
    client, world, on_today
):
    response = client.get("/progress/?country=FR&p=prevention")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="hero__title">Progress: France, Prevention</h1>' in html
    for slug in ("signatories-over-time", "statuses", "actions-by-p", "actions", "countries"):
        assert f'id="{slug}"' in html
        assert f'aria-labelledby="chart-{slug}-title chart-{slug}-desc"' in html
        assert f'href="/progress/{slug}.csv?country=FR&amp;p=prevention"' in html
        assert f'href="/progress/{slug}.json?country=FR&amp;p=prevention"' in html
        assert f'<caption id="{slug}-caption">' in html
    assert html.count('role="img"') == 5
    # The table holds the numbers the chart draws.
    assert (
        '<th scope="row">prevention-training</th><td>prevention</td><td>Train staff</td><td>2</td>'
        in html
    )
    # The Content Security Policy allows no inline style or script, nor event attributes.
    assert " style=" not in html
    assert not re.search(r"<svg[^>]*>(?:(?!</svg>).)*<script", html, re.S)
    assert not re.search(r"\son[a-z]+=", html)
    # The way back to Europe-wide keeps the P; the country's own page is linked.
    assert 'href="/progress/?p=prevention">Europe-wide</a>' in html
    assert 'href="/participants/country/fr/"' in html


def test_a_bad_view_is_dropped_with_a_notice_and_the_rest_kept(client, world, on_today):
    response = client.get("/progress/?country=XX&p=prevention")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "country must be a two-letter country code such as FR, DE or IT, not &#x27;XX&#x27;" in html
    )
    assert response.context["scope"].country == ""
    assert response.context["scope"].p == "prevention"


@pytest.mark.parametrize(
    "query, message",
    [
        ("?p=prosperity", "p must be one of prevention, protection, prosecution, participation, "),
        ("?country=XX", "country must be a two-letter country code"),
    ],
)
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_a_download_refuses_a_bad_view_with_a_400(client, world, query, message, extension):
    response = client.get(f"/progress/actions.{extension}{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


def test_csv_has_the_json_rows_and_guards_against_formulas(client, world, on_today):
    action = world["actions"]["schools"]
    action.title = '=HYPERLINK("http://evil")'
    action.save()
    response = client.get("/progress/actions.csv?country=FR")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert 'filename="pact-progress-actions-fr.csv"' in response["Content-Disposition"]
    assert response["Link"].endswith('rel="license"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    json_rows = dataset(client, "actions", "?country=FR")["rows"]
    assert [row["code"] for row in rows] == [row["code"] for row in json_rows]
    assert rows[0]["in_place"] == str(json_rows[0]["in_place"])
    assert rows[1]["title"] == '\'=HYPERLINK("http://evil")'


def test_json_download_carries_the_licence_and_the_columns(client, world, on_today):
    data = dataset(client, "countries")
    assert data["licence"]["url"].startswith("https://creativecommons.org/")
    assert data["source"] == "http://testserver/progress/"
    assert [column["key"] for column in data["columns"]][:3] == [
        "country",
        "country_name",
        "signatories",
    ]
    assert set(data["rows"][0]) == {column["key"] for column in data["columns"]}


def test_downloads_are_public_data_with_cors_and_caching(client, world, on_today):
    response = client.get("/progress/statuses.json", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert client.get("/progress/nothing.csv").status_code == 404


def test_publishing_purges_the_dashboard_and_its_downloads(world):
    urls = urls_to_purge(world["directory"])
    assert "http://testserver/progress/" in urls
    assert "http://testserver/progress/actions.csv" in urls
    assert "http://testserver/progress/countries.json" in urls


def test_a_private_or_unpublished_signatory_counts_nowhere(client, world, on_today):
    """Aville behind a password, then its page unpublished: the dashboard and France's page
    count it in neither case, and do once it is public again (so the test is looking)."""
    aville = world["directory"].get_children().get(slug="aville")

    def seen():
        totals = dataset(client, "signatories-over-time")["rows"][-1]["total"]
        country = client.get("/participants/country/fr/").content.decode()
        return totals, "Aville" in country

    restriction = PageViewRestriction.objects.create(
        page=aville, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert seen() == (4, False)
    restriction.delete()
    aville.specific.unpublish()
    assert seen() == (4, False)
    aville.specific.save_revision().publish()
    assert seen() == (5, True)


# The country pages -----------------------------------------------------------------------------


def test_country_page_gathers_signatories_initiatives_actions_and_the_convention(
    client, world, on_today
):
    response = client.get("/participants/country/fr/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="hero__title">France</h1>' in html
    assert "2 signatories of the Pact, 1 initiative; 1 of 2 up to date" in html
    assert "Aville" in html and "Bville" in html and "Hidden" not in html and "Cville" not in html
    assert "Aville helpline" in html
    assert "27 August 2010" in html and "1 January 2011" in html and "Sample data." in html
    assert "<strong>Prevention</strong>: 2 in place, 1 planned, of 4" in html
    assert 'Train staff <span class="country-actions__p">(Prevention)</span>: 2 signatories' in html
    assert 'href="/progress/?country=FR"' in html
    assert 'href="/participants/?country=FR"' in html
    assert " style=" not in html


def test_country_page_address_is_lower_case(client, world):
    response = client.get("/participants/country/FR/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/participants/country/fr/?page=2"


@pytest.mark.parametrize("code", ["zz", "us", "fra", "f1", "-1"])
def test_unknown_country_or_one_with_nothing_to_show_is_404(client, world, code):
    assert client.get(f"/participants/country/{code}/").status_code == 404


def test_country_with_only_its_convention_dates_has_a_page(client, world, on_today):
    html = client.get("/participants/country/ie/").content.decode()
    assert '<h1 class="hero__title">Ireland</h1>' in html
    assert "No town, region or organisation of Ireland has signed the Pact yet." in html
    assert "Ratified</dt><dd>Not yet" in html


def test_country_page_number_out_of_range_shows_the_last_page_with_a_notice(
    client, world, on_today
):
    response = client.get("/participants/country/fr/?page=9")
    assert response.status_code == 200
    assert "There is no page 9; this is the last page, page 1." in response.content.decode()


def test_signatory_page_links_to_its_country_page(client, world, on_today):
    html = client.get("/participants/aville/").content.decode()
    assert 'href="/participants/country/fr/"' in html


def test_filtered_directory_links_to_the_country_page(client, world, on_today):
    html = client.get("/participants/?country=FR").content.decode()
    assert 'href="/participants/country/fr/"' in html


# The Lanzarote Convention in the admin ---------------------------------------------------------


def test_editors_keep_the_convention_dates_and_a_wrong_order_is_explained(admin_client, world):
    listing = admin_client.get("/admin/monitoring/lanzarotestatus/")
    assert listing.status_code == 200
    assert "France" in listing.content.decode()
    response = admin_client.post(
        "/admin/monitoring/lanzarotestatus/create/",
        {"country": "PT", "signed_on": "2012-05-01", "ratified_on": "2010-01-01", "note": ""},
    )
    assert response.status_code == 200
    assert "Ratification cannot come before signature." in response.content.decode()
    assert 'value="2010-01-01"' in response.content.decode()  # nothing typed is lost
    assert not LanzaroteStatus.objects.filter(country="PT").exists()
    response = admin_client.post(
        "/admin/monitoring/lanzarotestatus/create/",
        {"country": "PT", "signed_on": "2007-10-25", "ratified_on": "2012-08-23", "note": ""},
    )
    assert response.status_code == 302
    assert LanzaroteStatus.objects.get(country="PT").ratified_on == datetime.date(2012, 8, 23)


def test_the_secretariat_edits_the_convention_dates_and_a_signatory_may_not(
    client, world, secretariat_user
):
    france = LanzaroteStatus.objects.get(country="FR")
    edit = f"/admin/monitoring/lanzarotestatus/edit/{france.pk}/"
    form = {"country": "FR", "signed_on": "2007-10-25", "ratified_on": "2010-08-27"}
    force_login_verified(client, secretariat_user)
    assert client.get("/admin/monitoring/lanzarotestatus/").status_code == 200
    response = client.post(edit, {**form, "in_force_on": "2011-01-01", "note": "Checked."})
    assert response.status_code == 302
    assert LanzaroteStatus.objects.get(country="FR").note == "Checked."

    signatory = make_signatory(world["directory"], secretariat_user, "Town A").user
    client.logout()
    force_login_verified(client, signatory)
    for response in (
        client.get("/admin/monitoring/lanzarotestatus/"),
        client.post(edit, {**form, "note": "Changed by a signatory"}),
    ):
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/admin/" in response["Location"]
    assert LanzaroteStatus.objects.get(country="FR").note == "Checked."


# The demo --------------------------------------------------------------------------------------


def test_demo_builds_the_dashboard_and_sample_convention_dates_once(home_page):
    from demo.progress import SAMPLE_NOTE, build_progress

    first = build_progress()
    again = build_progress()
    assert first.pk == again.pk and first.live and first.url == "/progress/"
    assert LanzaroteStatus.objects.count() == 15
    assert set(LanzaroteStatus.objects.values_list("note", flat=True)) == {SAMPLE_NOTE}


# Query counts ----------------------------------------------------------------------------------

URLS = [
    "/progress/",
    "/progress/?country=FR&p=prevention",
    "/progress/actions.csv",
    "/progress/countries.json?p=protection",
    "/participants/country/fr/",
]
COUNTRIES = ["FR", "DE", "IT", "ES"]


def add_signatories(directory, actions, count, start=0):
    for number in range(start, start + count):
        signatory = SignatoryPageFactory(
            parent=directory,
            title=f"Town {number:03d}",
            country=COUNTRIES[number % len(COUNTRIES)],
            signed_on=datetime.date(2014 + number % 10, 1, 1),
        )
        for index, action in enumerate(actions):
            state = (ActionState.IN_PLACE, ActionState.PLANNED, None)[(number + index) % 3]
            if state:
                check(signatory, action, state, 2020)
        monitor(
            signatory,
            stage=("joined", "action_plan", "reporting")[number % 3],
            deadline=TODAY + datetime.timedelta(days=(number % 5 - 2) * 100),
            held=number % 7 == 0,
        )
        InitiativePageFactory(parent=signatory, ps=["prevention"])


def queries_of(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker):
    with (
        built_once(django_db_blocker),
        time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)),
    ):
        cache.clear()
        home = make_home_page()
        directory = make_directory(home)
        make_progress_page(home)
        actions = list(make_actions().values())
        client = Client()
        add_signatories(directory, actions, 4)
        with_4 = {url: queries_of(client, url) for url in URLS}
        add_signatories(directory, actions, 36, start=4)
        with_40 = {url: queries_of(client, url) for url in URLS}
    return with_4, with_40


@pytest.mark.parametrize("url", URLS)
def test_queries_do_not_grow_with_the_signatories(db, query_counts, url):
    with_4, with_40 = query_counts
    assert with_40[url] == with_4[url]


def test_the_sitemap_lists_the_country_pages_and_the_dashboard(client, world, on_today):
    sitemap = sitemap_text(client)
    for path in ("/progress/", "/participants/country/fr/", "/participants/country/it/"):
        assert f"<loc>http://testserver{path}</loc>" in sitemap
        assert client.get(path).status_code == 200
    # Only countries with a public signatory: the unpublished one's is not listed for it.
    assert sitemap.count("/participants/country/") == 3


def test_a_country_without_signatories_is_an_empty_view_not_an_error(client, world, on_today):
    response = client.get("/progress/?country=IE")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="IE" selected>Ireland (0)</option>' in html
    assert "No signatory in Ireland yet." in html
    assert dataset(client, "statuses", "?country=IE")["rows"][0]["share"] is None
    assert client.get("/progress/actions.csv?country=IE").status_code == 200


def test_chart_labels_and_numbers_wrap_to_fit_a_phone():
    from monitoring.charts import LABEL_WIDTH, bar_chart

    chart = bar_chart(
        [
            {
                "label": "Children and young people review every local policy that concerns them",
                "numbers": "12 signatories, 3 with an action in place under Participation, "
                "2 up to date",
                "segments": [("in-place", 3), ("signatories", 9)],
                "scale": 12,
            }
        ]
    )
    (row,) = chart.rows
    assert len(row.lines) == 4
    assert all(len(line.text) <= LABEL_WIDTH for line in row.lines)
    assert [segment.width for segment in row.segments] == ["25.00%", "75.00%"]
    assert row.bar_y > row.lines[-1].y and chart.height > row.bar_y
