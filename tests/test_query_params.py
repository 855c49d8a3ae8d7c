"""One filter layer (core/query_params.py): every surface reads its query parameters the same way.

HTML pages drop a bad value with a notice and keep the other filters; machine outputs (the API,
the map data, the exports, the feeds, the .ics feed) answer 400 with a plain message naming the
parameter and what it takes. The messages of one kind of value are the same words everywhere.
"""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from core.pagination import paginate
from core.query_params import (
    COUNTRY_CODE,
    P_SLUG,
    BadQuery,
    Boolean,
    Choice,
    IsoDate,
    Lookup,
    Month,
    NotTaken,
    PageId,
    Parameters,
    Refused,
    Text,
    Words,
    Year,
    shown,
)
from pact.models import InitiativeStatus, Kind, Profile, TargetGroup
from tests.factories import (
    CalendarPageFactory,
    EventPageFactory,
    GoodPracticesPageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PactPageFactory,
    SignatoryIndexPageFactory,
    SignatoryPageFactory,
)

PARIS = ZoneInfo("Europe/Paris")
IGNORED = " It was ignored."


def p_message(given):
    return f"p must be one of prevention, protection, prosecution, participation, not '{given}'."


def country_message(given):
    return f"country must be a two-letter country code such as FR, DE or IT, not '{given}'."


def one_of(name, values, given):
    return f"{name} must be one of {', '.join(values)}, not '{given}'."


def target_groups_message(given):
    slugs = [group.slug for group in TargetGroup.objects.all()]
    return one_of("target_group", slugs, given) + IGNORED


YEAR_MESSAGE = "year must be a year from 1990 to 2100, such as 2024, not '{}'." + IGNORED
MONTH_MESSAGE = "month must be a year and month such as 2026-12, from 1950 to 2200, not '{}'."
DATE_MESSAGE = (
    "{} must be an ISO date such as 2026-07-14 (or a date and time such as "
    "2026-07-14T10:00:00+02:00), not '{}'."
)
LONG_NAME = "x" * 101
LONG_NAME_MESSAGE = f"q must be at most 100 characters long, not '{'x' * 40}…'."
MISMATCH = (
    "City is a kind of Local/Regional Authority, not of Association/Organisation: "
    "no signatory can match both."
)


@pytest.fixture
def site(home_page):
    """Every listing and output, each with a little content."""
    directory = SignatoryIndexPageFactory(parent=home_page)
    lyon = SignatoryPageFactory(parent=directory, title="City of Lyon", town="Lyon")
    InitiativePageFactory(parent=lyon, title="Training for teachers", ps=["prevention"])
    GoodPracticesPageFactory(parent=home_page)
    EventPageFactory(parent=CalendarPageFactory(parent=home_page), title="Open day")
    news_index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news_index, title="Schools", ps=["Prevention"], tags=["schools"])
    PactPageFactory(parent=home_page)
    return {"lyon": lyon}


# What each HTML page kept of its filters, from its context.
def directory_state(context):
    return context["filters"]


def calendar_state(context):
    query = context["query"]
    return {"when": query.when, "month": query.month, "country": query.country, "p": query.p}


def search_state(context):
    group = context["selected_group"]
    return {"words": context["words"], "type": group.key if group else ""}


def news_state(context):
    p, tag = context["active_p"], context["active_tag"]
    return {"p": p.slug if p else "", "tag": tag.slug if tag else ""}


def p_listing_state(context):
    return {"page": context["tagged_page"].number}


UPCOMING_IN_FRANCE = {"when": "upcoming", "month": None, "country": "FR", "p": ""}
UPCOMING_PREVENTION = {"when": "upcoming", "month": None, "country": "", "p": "prevention"}

HTML_PAGES = [
    # (address, parameters, the notice, what the page kept, expected)
    ("/participants/", {"p": "prosperity", "country": "fr"}, p_message("prosperity") + IGNORED,
     directory_state, {"country": "FR"}),
    ("/participants/", {"country": "Atlantis", "p": "prevention"},
     country_message("Atlantis") + IGNORED, directory_state, {"p": "prevention"}),
    ("/participants/", {"profile": "mayor", "country": "FR"},
     one_of("profile", Profile.values, "mayor") + IGNORED, directory_state, {"country": "FR"}),
    ("/participants/", {"kind": "village", "country": "FR"},
     one_of("kind", Kind.values, "village") + IGNORED, directory_state, {"country": "FR"}),
    ("/participants/", {"q": LONG_NAME, "country": "FR"},
     LONG_NAME_MESSAGE + " It was cut to its first 100 characters.", directory_state,
     {"country": "FR", "q": "x" * 100}),
    ("/participants/", {"page": "abc", "country": "FR"}, "There is no page 'abc'; this is page 1.",
     directory_state, {"country": "FR"}),
    ("/participants/", {"profile": "organisation", "kind": "city"}, MISMATCH, directory_state,
     {"profile": "organisation", "kind": "city"}),
    ("/good-practices/", {"p": "fun", "status": "ongoing"}, p_message("fun") + IGNORED,
     directory_state, {"status": "ongoing"}),
    ("/good-practices/", {"country": "XX", "p": "prevention"}, country_message("XX") + IGNORED,
     directory_state, {"p": "prevention"}),
    ("/good-practices/", {"profile": "mayor", "p": "prevention"},
     one_of("profile", Profile.values, "mayor") + IGNORED, directory_state, {"p": "prevention"}),
    ("/good-practices/", {"status": "maybe", "p": "prevention"},
     one_of("status", InitiativeStatus.values, "maybe") + IGNORED, directory_state,
     {"p": "prevention"}),
    ("/good-practices/", {"year": "abc", "p": "prevention"}, YEAR_MESSAGE.format("abc"),
     directory_state, {"p": "prevention"}),
    ("/good-practices/", {"year": "1989", "p": "prevention"}, YEAR_MESSAGE.format("1989"),
     directory_state, {"p": "prevention"}),
    ("/good-practices/", {"target_group": "aliens", "p": "prevention"},
     lambda: target_groups_message("aliens"), directory_state, {"p": "prevention"}),
    ("/good-practices/", {"sort": "random", "p": "prevention"},
     one_of("sort", ["newest", "relevance", "title"], "random") + IGNORED, directory_state,
     {"p": "prevention"}),
    ("/good-practices/", {"page": "0", "p": "prevention"}, "There is no page 0; this is page 1.",
     directory_state, {"p": "prevention"}),
    ("/calendar/", {"when": "tomorrow", "country": "FR"},
     one_of("when", ["upcoming", "past"], "tomorrow") + IGNORED, calendar_state,
     UPCOMING_IN_FRANCE),
    ("/calendar/", {"month": "2026-13", "country": "FR"}, MONTH_MESSAGE.format("2026-13") + IGNORED,
     calendar_state, UPCOMING_IN_FRANCE),
    ("/calendar/2026/13/", {"country": "FR"}, MONTH_MESSAGE.format("2026-13") + IGNORED,
     calendar_state, UPCOMING_IN_FRANCE),
    ("/calendar/", {"country": "Atlantis", "p": "prevention"},
     country_message("Atlantis") + IGNORED, calendar_state, UPCOMING_PREVENTION),
    ("/calendar/", {"p": "prosperity", "country": "FR"}, p_message("prosperity") + IGNORED,
     calendar_state, UPCOMING_IN_FRANCE),
    ("/calendar/", {"page": "last", "country": "FR"}, "There is no page 'last'; this is page 1.",
     calendar_state, UPCOMING_IN_FRANCE),
    ("/search/", {"q": "training", "type": "spaceships"},
     one_of("type", ["initiatives", "signatories", "events", "news", "pages"], "spaceships")
     + IGNORED, search_state, {"words": "training", "type": ""}),
    ("/search/", {"q": "training", "type": "initiatives", "page": "9"},
     "There is no page 9; this is the last page, page 1.", search_state,
     {"words": "training", "type": "initiatives"}),
    ("/news/", {"p": "nonsense", "tag": "schools"}, p_message("nonsense") + IGNORED, news_state,
     {"p": "", "tag": "schools"}),
    ("/news/", {"tag": "nothing", "p": "prevention"},
     "tag must be the slug of a tag that news carry, such as schools, not 'nothing'." + IGNORED,
     news_state, {"p": "prevention", "tag": ""}),
    ("/news/", {"page": "7", "p": "prevention"},
     "There is no page 7; this is the last page, page 1.", news_state,
     {"p": "prevention", "tag": ""}),
    ("/pact/prevention/", {"page": "zzz"}, "There is no page 'zzz'; this is page 1.",
     p_listing_state, {"page": 1}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "params", "notice", "state", "expected"),
    HTML_PAGES,
    ids=[f"{row[0]}?{'&'.join(row[1])}" for row in HTML_PAGES],
)
def test_html_pages_drop_a_bad_value_with_a_notice_and_keep_the_rest(
    client, site, url, params, notice, state, expected
):
    response = client.get(url, params)
    assert response.status_code == 200
    notice = notice() if callable(notice) else notice
    assert notice in response.context["notices"]
    assert state(response.context) == expected
    # Shown escaped, like everything the visitor typed.
    assert notice.replace("'", "&#x27;") in response.content.decode()


DIRECTORY_OUTPUTS = ("/participants/map.geojson", "/participants/export.csv",
                     "/participants/export.json")  # fmt: skip
MACHINE_OUTPUTS = [
    # (address, parameters, the whole plain-text answer)
    *(
        row
        for url in DIRECTORY_OUTPUTS
        for row in (
            (url, {"country": "ZZ"}, country_message("ZZ")),
            (url, {"profile": "mayor"}, one_of("profile", Profile.values, "mayor")),
            (url, {"kind": "castle"}, one_of("kind", Kind.values, "castle")),
            (url, {"p": "nothing"}, p_message("nothing")),
            (url, {"q": LONG_NAME}, LONG_NAME_MESSAGE),
            (url, {"p": "x", "country": "ZZ"}, f"{country_message('ZZ')} {p_message('x')}"),
        )
    ),
    ("/feeds/initiatives/", {"p": "preventing"}, p_message("preventing")),
    ("/feeds/initiatives/atom/", {"country": "XX"}, country_message("XX")),
    ("/feeds/events/", {"p": "x", "country": "FR"}, p_message("x")),
    ("/feeds/events/atom/", {"country": "France"}, country_message("France")),
    ("/feeds/news/", {"p": "prosperity"}, p_message("prosperity")),
    ("/feeds/news/atom/", {"country": "FR"}, "country cannot be used here: news belong to no "
     "country; filter news by p only, e.g. ?p=prevention."),
    ("/calendar/feed.ics", {"p": "prosperity"}, p_message("prosperity")),
    ("/calendar/feed.ics", {"country": "Atlantis"}, country_message("Atlantis")),
    ("/calendar/feed.ics", {"signatory": "graz"},
     "signatory must be the page id of a signatory, such as 42, not 'graz'."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "params", "message"),
    MACHINE_OUTPUTS,
    ids=[f"{row[0]}?{'&'.join(row[1])}" for row in MACHINE_OUTPUTS],
)
def test_machine_outputs_answer_400_with_a_plain_message(client, site, url, params, message):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message + "\n"


API_QUERIES = [
    ({"type": "pact.InitiativePage", "p": "x"}, p_message("x")),
    ({"type": "pact.InitiativePage", "p": ""}, p_message("")),
    ({"type": "pact.SignatoryPage", "country": "ZZ"}, country_message("ZZ")),
    ({"type": "pact.EventPage", "country": "Atlantis"}, country_message("Atlantis")),
    ({"type": "pact.SignatoryPage", "profile": "mayor"},
     one_of("profile", Profile.values, "mayor")),
    ({"type": "pact.EventPage", "upcoming": "soon"}, "upcoming must be true or false, not 'soon'."),
    ({"type": "pact.EventPage", "start_after": "tomorrow"},
     DATE_MESSAGE.format("start_after", "tomorrow")),
    ({"type": "pact.EventPage", "start_before": "31/12/2030"},
     DATE_MESSAGE.format("start_before", "31/12/2030")),
]  # fmt: skip


@pytest.mark.parametrize(("params", "message"), API_QUERIES)
def test_the_api_answers_400_with_the_same_words(client, site, params, message):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_one_kind_of_value_is_refused_in_the_same_words_everywhere(client, site):
    """The same bad P, on every surface that takes a P."""
    said = []
    for url in ("/participants/", "/good-practices/", "/calendar/", "/news/"):
        notices = client.get(url, {"p": "prosperity"}).context["notices"]
        said.append(notices[0].removesuffix(IGNORED))
    for url in (*DIRECTORY_OUTPUTS, "/feeds/initiatives/", "/feeds/news/", "/calendar/feed.ics"):
        said.append(client.get(url, {"p": "prosperity"}).content.decode().strip())
    api = client.get("/api/v2/pages/", {"type": "pact.InitiativePage", "p": "prosperity"})
    said.append(api.json()["message"])
    assert set(said) == {p_message("prosperity")}


def test_good_values_in_any_case_are_accepted_everywhere(client, site):
    for url in ("/participants/", "/good-practices/", "/calendar/", "/news/"):
        response = client.get(url, {"p": " Prevention ", "country": "fr"})
        assert response.status_code == 200 and response.context["notices"] == [], url
    for url in (*DIRECTORY_OUTPUTS, "/feeds/initiatives/", "/calendar/feed.ics"):
        assert client.get(url, {"p": "PREVENTION", "country": "Fr"}).status_code == 200, url
    api = client.get("/api/v2/pages/", {"type": "pact.InitiativePage", "p": "Prevention"})
    assert [item["title"] for item in api.json()["items"]] == ["Training for teachers"]


def test_map_data_refuses_a_bad_filter_instead_of_showing_everyone(client, site):
    assert client.get("/participants/map.geojson", {"profile": "AAA"}).status_code == 400
    narrowed = client.get("/participants/map.geojson", {"profile": "organisation"})
    assert narrowed.status_code == 200 and narrowed.json()["features"] == []


def test_a_profile_and_kind_no_one_has_together_give_an_empty_answer_not_a_400(client, site):
    """Both values are good: the page says no signatory can match both, and its map (which
    reads the map data with the page's filters) and its export links show that nobody does."""
    mismatch = {"profile": "organisation", "kind": "city"}
    page = client.get("/participants/", mismatch)
    assert MISMATCH in page.context["notices"]
    assert (
        page.context["map_geojson_url"]
        == "/participants/map.geojson?profile=organisation&kind=city"
    )
    assert client.get("/participants/map.geojson", mismatch).json()["features"] == []
    export = client.get("/participants/export.json", mismatch)
    assert json.loads(export.getvalue())["signatories"] == []


def test_the_openapi_description_lists_the_400_of_every_output_that_refuses(client, site):
    spec = client.get("/api/v2/openapi.json").json()
    for path in ("/api/v2/pages/", *DIRECTORY_OUTPUTS):
        assert "400" in spec["paths"][path]["get"]["responses"], path
    for path in DIRECTORY_OUTPUTS:
        refused = spec["paths"][path]["get"]["responses"]["400"]
        assert list(refused["content"]) == ["text/plain"]
        response = client.get(path, {"kind": "castle"})
        assert response.status_code == 400
        assert response["Content-Type"].split(";")[0] == "text/plain"


def test_the_openapi_enums_are_the_parsers_values(client, site):
    spec = client.get("/api/v2/openapi.json").json()

    def enum(path, name):
        parameters = spec["paths"][path]["get"]["parameters"]
        return next(p["schema"]["enum"] for p in parameters if p["name"] == name)

    for path in ("/api/v2/pages/", *DIRECTORY_OUTPUTS):
        assert enum(path, "p") == P_SLUG.values
        assert P_SLUG.values == ["prevention", "protection", "prosecution", "participation"]
        assert enum(path, "profile") == list(Profile.values)
    assert enum("/participants/export.csv", "kind") == list(Kind.values)


# Each kind of value, alone.


def read(kind, text, name="x"):
    """What an output reads from `?<name>=<text>` with a parameter of this kind."""
    return Parameters(**{name: kind}).for_output({name: text})[name]


def refusal(kind, text, name="x"):
    """What an output says when it refuses `?<name>=<text>`."""
    with pytest.raises(BadQuery) as error:
        read(kind, text, name)
    return str(error.value)


NON_ASCII = "prévention ünd 中文 🙂"
VERY_LONG = "a" * 100_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("prevention", "prevention"),
        ("PARTICIPATION", "participation"),
        (" Protection\t", "protection"),
    ],
)
def test_a_p_slug_in_any_case(text, expected):
    assert read(P_SLUG, text) == expected


@pytest.mark.parametrize("text", ["prosperity", "prévention", "preventio", NON_ASCII, VERY_LONG])
def test_anything_else_is_no_p(text):
    assert refusal(P_SLUG, text, "p") == p_message(shown(text))


@pytest.mark.parametrize(("text", "expected"), [("FR", "FR"), ("fr", "FR"), (" de ", "DE")])
def test_a_country_code_in_either_case(text, expected):
    assert read(COUNTRY_CODE, text) == expected


@pytest.mark.parametrize(
    "text", ["ZZ", "FRA", "250", "F", "France", "ＦＲ", "EU", "UK", NON_ASCII, VERY_LONG]
)
def test_only_two_letter_codes_of_known_countries(text):
    assert refusal(COUNTRY_CODE, text, "country") == country_message(shown(text))


def test_a_choice_is_one_of_its_values_in_any_case_and_may_be_computed():
    assert read(Choice(["authority", "organisation"]), "Organisation") == "organisation"
    computed = Choice(lambda: ["children", "young-people"])
    assert read(computed, "YOUNG-PEOPLE") == "young-people"
    assert refusal(computed, "adults") == "x must be one of children, young-people, not 'adults'."


@pytest.mark.parametrize(("text", "expected"), [("1990", 1990), ("2024", 2024), ("2100", 2100)])
def test_a_year_within_its_bounds(text, expected):
    assert read(Year(1990, 2100), text) == expected


@pytest.mark.parametrize(
    "text", ["1989", "2101", "abc", "2024.5", "-2024", "２０２４", "99999999999", VERY_LONG]
)
def test_a_year_outside_its_bounds_or_not_in_digits(text):
    expected = f"x must be a year from 1990 to 2100, such as 2024, not '{shown(text)}'."
    assert refusal(Year(1990, 2100), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12", (2026, 12)),
        ("2026-1", (2026, 1)),
        ("1950-01", (1950, 1)),
        ("2200-12", (2200, 12)),
    ],
)
def test_a_month_as_year_and_month(text, expected):
    assert read(Month(1950, 2200), text) == expected


@pytest.mark.parametrize(
    "text",
    ["2026-13", "2026-0", "1949-12", "2201-01", "december", "2026/12", "2026-012", "26-12",
     NON_ASCII, VERY_LONG],
)  # fmt: skip
def test_anything_else_is_no_month(text):
    assert refusal(Month(1950, 2200), text) == MONTH_MESSAGE.replace("month", "x", 1).format(
        shown(text)
    )


def test_an_iso_date_is_the_start_of_that_day_in_strasbourg():
    assert read(IsoDate(), "2026-07-14") == datetime(2026, 7, 14, tzinfo=PARIS)
    assert read(IsoDate(), "2026-07-14T10:00") == datetime(2026, 7, 14, 10, tzinfo=PARIS)
    moment = read(IsoDate(), "2026-07-14T10:00:00+00:00")
    assert moment.utcoffset().total_seconds() == 0 and moment.hour == 10


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-01T00:30:00+05:00", "9999-12-31"])
def test_a_date_at_the_ends_of_the_calendar_is_read_and_answered(client, day):
    """0001-01-01 in Strasbourg is year 0 in UTC: the database could not compare with it, and
    the API answered 500 (schemathesis found it)."""
    response = client.get("/api/v2/pages/", {"type": "pact.EventPage", "start_after": day})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 0


@pytest.mark.parametrize("text", ["tomorrow", "2026-13-01", "31/12/2030", NON_ASCII, VERY_LONG])
def test_anything_else_is_no_date(text):
    assert refusal(IsoDate(), text) == DATE_MESSAGE.format("x", shown(text))


@pytest.mark.parametrize(
    ("text", "expected"), [("true", True), ("1", True), ("false", False), ("0", False)]
)
def test_a_boolean_as_the_api_has_always_read_it(text, expected):
    assert read(Boolean(), text) is expected


@pytest.mark.parametrize("text", ["yes", "True", "2", NON_ASCII, VERY_LONG])
def test_anything_else_is_no_boolean(text):
    assert refusal(Boolean(), text) == f"x must be true or false, not '{shown(text)}'."


@pytest.mark.parametrize(("text", "expected"), [("42", 42), ("1", 1), ("2147483647", 2147483647)])
def test_a_page_id_in_digits(text, expected):
    assert read(PageId("a signatory"), text) == expected


@pytest.mark.parametrize("text", ["graz", "4.2", "-1", "0", "²", "2147483648", VERY_LONG])
def test_anything_else_is_no_page_id(text):
    expected = f"x must be the page id of a signatory, such as 42, not '{shown(text)}'."
    assert refusal(PageId("a signatory"), text) == expected


def test_a_text_too_long_is_cut_on_a_page_and_refused_by_an_output():
    parameters = Parameters(q=Text(10))
    assert parameters.for_output({"q": "ten chars!"}) == {"q": "ten chars!"}
    page = parameters.for_page({"q": "Lyon and more words"})
    assert page.values == {"q": "Lyon and m"}
    assert page.notices == [
        "q must be at most 10 characters long, not 'Lyon and more words'. "
        "It was cut to its first 10 characters."
    ]
    with pytest.raises(BadQuery):
        parameters.for_output({"q": "Lyon and more words"})


@pytest.mark.parametrize(
    ("text", "words", "notice"),
    [
        ('"child AND (train*) -abuse', "child and train abuse", ""),
        ("Île-de-France Zürich", "île de france zürich", ""),
        ("!!! ???", "", ""),
        ("word " * 30, " ".join(["word"] * 20), "only the first 20 were used"),
        ("x" * 250, "x" * 200, "only its first 200 characters were used"),
        (VERY_LONG, "a" * 200, "only its first 200 characters were used"),
    ],
)
def test_search_words_are_never_refused_but_may_be_cut(text, words, notice):
    page = Parameters(q=Words()).for_page({"q": text})
    assert page.values.get("q", "") == words
    assert notice in " ".join(page.notices) and (notice or page.notices == [])
    assert Parameters(q=Words()).for_output({"q": text}).get("q", "") == words


def test_a_lookup_gives_what_it_found():
    tags = {"schools": "the schools tag"}
    kind = Lookup("the slug of a tag", tags.get)
    assert read(kind, "schools") == "the schools tag"
    assert refusal(kind, "Schools") == "x must be the slug of a tag, not 'Schools'."


def test_a_parameter_not_taken_is_refused_whatever_its_value():
    parameters = Parameters(country=NotTaken("news belong to no country."))
    assert parameters.for_output({}) == {}
    assert parameters.for_output({"country": " "}) == {}
    assert refusal(NotTaken("news belong to no country."), "FR") == (
        "x cannot be used here: news belong to no country."
    )


def test_blank_means_not_asked_except_where_a_surface_refuses_it():
    parameters = Parameters(p=P_SLUG, country=COUNTRY_CODE)
    assert parameters.for_output({"p": "", "country": "  "}) == {}
    assert parameters.for_page({"p": ""}).notices == []
    with pytest.raises(BadQuery) as error:
        parameters.for_output({"p": ""}, blank_is_absent=False)
    assert str(error.value) == p_message("")


def test_values_come_in_the_declared_order_and_undeclared_parameters_are_left_alone():
    parameters = Parameters(country=COUNTRY_CODE, p=P_SLUG, q=Text(3))
    query = QueryDict("q=abcdef&utm_source=mail&p=protection&p=Prevention&country=it")
    page = parameters.for_page(query)
    assert list(page.values.items()) == [("country", "IT"), ("p", "prevention"), ("q", "abc")]
    assert parameters.names == ("country", "p", "q")


def test_every_refusal_of_an_output_is_named_at_once():
    parameters = Parameters(p=P_SLUG, country=COUNTRY_CODE, year=Year(1990, 2100))
    with pytest.raises(BadQuery) as error:
        parameters.for_output({"p": "x", "country": "FR", "year": "1"})
    assert [refusal.name for refusal in error.value.refusals] == ["p", "year"]
    assert str(error.value).startswith(p_message("x") + " year must be")


def test_a_value_is_shown_short_and_on_one_line():
    assert shown("a" * 41) == "a" * 40 + "…"
    assert shown("a" * 40) == "a" * 40
    assert shown("line\nbreak\x00") == "line\ufffdbreak\ufffd"
    assert shown(NON_ASCII) == NON_ASCII
    message = Refused("p", p_message(shown("x\r\nInjected: header"))).message
    assert "\n" not in message and "\r" not in message


@pytest.mark.parametrize(
    ("raw", "number", "notice"),
    [
        (None, 1, ""),
        ("", 1, ""),
        ("2", 2, ""),
        (" 3 ", 3, ""),
        ("0", 1, "There is no page 0; this is page 1."),
        ("-1", 1, "There is no page -1; this is page 1."),
        ("abc", 1, "There is no page 'abc'; this is page 1."),
        ("1.5", 1, "There is no page '1.5'; this is page 1."),
        ("²", 1, "There is no page '²'; this is page 1."),
        ("4", 3, "There is no page 4; this is the last page, page 3."),
        ("9" * 5000, 3, f"There is no page {'9' * 40}…; this is the last page, page 3."),
        ("-" + "9" * 5000, 1, f"There is no page -{'9' * 39}…; this is page 1."),
    ],
)
def test_pagination_gives_the_nearest_page_that_exists(raw, number, notice):
    page, said = paginate(list(range(25)), raw, 10)
    assert (page.number, said) == (number, notice)


def test_an_empty_listing_has_a_first_page():
    page, said = paginate([], "5", 10)
    assert page.number == 1 and list(page) == []
    assert said == "There is no page 5; this is the last page, page 1."


def test_a_json_answer_is_never_sent_for_a_refused_export(client, site):
    response = client.get("/participants/export.json", {"p": "x"})
    assert response.status_code == 400
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)
