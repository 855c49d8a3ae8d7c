"""The directory at /participants/: filters that combine, their counts, pagination that never
fails, and only live, public signatories."""

import re

import pytest
from wagtail.models import PageViewRestriction

from pact.directory import PAGE_SIZE
from pact.models import Kind, Profile
from tests.factories import InitiativePageFactory, SignatoryPageFactory


def names(response):
    """The signatory names of the directory's cards, in order."""
    html = response.content.decode()
    cards = html.split('<ul class="signatory-cards">', 1)
    if len(cards) == 1:
        return []
    return re.findall(r'class="signatory-card__name"><a href="[^"]*">([^<]*)</a>', cards[1])


def option_count(response, name, value):
    """The count a filter shows beside one of its values."""
    html = response.content.decode()
    select = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', html, re.S)
    match = re.search(rf'<option value="{value}"[^>]*>[^<]*\((\d+)\)</option>', select.group(1))
    return int(match.group(1)) if match else None


@pytest.fixture
def signatories(directory):
    """A small Europe: two French cities, a German region, an Italian NGO, a Belgian
    association; Strasbourg and the NGO have initiatives."""
    strasbourg = SignatoryPageFactory(parent=directory, title="Strasbourg", country="FR")
    lyon = SignatoryPageFactory(parent=directory, title="Lyon", country="FR")
    saxony = SignatoryPageFactory(parent=directory, title="Saxony", country="DE", kind=Kind.REGION)
    ngo = SignatoryPageFactory(
        parent=directory,
        title="Rome children's network",
        country="IT",
        profile=Profile.ORGANISATION,
        kind=Kind.NGO,
    )
    association = SignatoryPageFactory(
        parent=directory,
        title="Belgian towns association",
        country="BE",
        profile=Profile.ORGANISATION,
        kind=Kind.NATIONAL_ASSOCIATION,
    )
    InitiativePageFactory(parent=strasbourg, ps=["prevention", "participation"])
    InitiativePageFactory(parent=ngo, ps=["protection"])
    return {
        "strasbourg": strasbourg,
        "lyon": lyon,
        "saxony": saxony,
        "ngo": ngo,
        "association": association,
    }


def test_directory_lists_live_signatories_in_alphabetical_order(client, signatories):
    response = client.get("/participants/")
    assert response.status_code == 200
    assert names(response) == [
        "Belgian towns association",
        "Lyon",
        "Rome children&#x27;s network",
        "Saxony",
        "Strasbourg",
    ]


def test_directory_filters_by_country(client, signatories):
    response = client.get("/participants/?country=FR")
    assert names(response) == ["Lyon", "Strasbourg"]


def test_directory_accepts_a_lower_case_country_code(client, signatories):
    assert names(client.get("/participants/?country=fr")) == ["Lyon", "Strasbourg"]


def test_country_filter_reads_as_signatories_in_that_country_with_the_count(client, signatories):
    html = client.get("/participants/?country=FR").content.decode()
    assert '<h1 class="hero__title">Signatories in France</h1>' in html
    assert "2 signatories in France" in html
    assert "<title>Signatories in France |" in html


def test_directory_filters_by_profile(client, signatories):
    assert names(client.get("/participants/?profile=organisation")) == [
        "Belgian towns association",
        "Rome children&#x27;s network",
    ]
    assert names(client.get("/participants/?profile=authority")) == [
        "Lyon",
        "Saxony",
        "Strasbourg",
    ]


def test_directory_filters_by_kind(client, signatories):
    assert names(client.get("/participants/?kind=region")) == ["Saxony"]


def test_directory_filters_by_p_of_live_initiatives(client, signatories):
    assert names(client.get("/participants/?p=prevention")) == ["Strasbourg"]
    assert names(client.get("/participants/?p=protection")) == ["Rome children&#x27;s network"]
    assert names(client.get("/participants/?p=prosecution")) == []


def test_p_filter_ignores_draft_and_private_initiatives(client, signatories):
    draft = InitiativePageFactory(parent=signatories["lyon"], ps=["prosecution"], live=False)
    assert draft.live is False
    private = InitiativePageFactory(parent=signatories["saxony"], ps=["prosecution"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert names(client.get("/participants/?p=prosecution")) == []


def test_directory_filters_by_name(client, signatories):
    assert names(client.get("/participants/?q=LYO")) == ["Lyon"]
    assert names(client.get("/participants/?q=  rom ")) == ["Rome children&#x27;s network"]


def test_directory_filters_combine(client, signatories):
    assert names(client.get("/participants/?country=FR&p=prevention")) == ["Strasbourg"]
    assert names(client.get("/participants/?profile=authority&kind=city&q=o")) == [
        "Lyon",
        "Strasbourg",
    ]
    assert names(client.get("/participants/?country=IT&profile=organisation&p=protection")) == [
        "Rome children&#x27;s network"
    ]
    assert names(client.get("/participants/?country=DE&p=prevention")) == []


def test_each_filter_counts_its_values_under_the_other_filters(client, signatories):
    response = client.get("/participants/?profile=authority")
    # Country counts are narrowed by the profile...
    assert option_count(response, "country", "FR") == 2
    assert option_count(response, "country", "DE") == 1
    assert option_count(response, "country", "IT") is None
    # ...while the profile's own counts ignore the profile chosen, so one can switch.
    assert option_count(response, "profile", "authority") == 3
    assert option_count(response, "profile", "organisation") == 2
    assert option_count(response, "kind", "city") == 2
    assert option_count(response, "kind", "region") == 1
    assert option_count(response, "p", "prevention") == 1
    assert option_count(response, "p", "participation") == 1
    assert option_count(response, "p", "protection") is None


def test_p_counts_count_signatories_not_initiatives(client, signatories):
    InitiativePageFactory(parent=signatories["strasbourg"], ps=["prevention"])
    InitiativePageFactory(parent=signatories["lyon"], ps=["prevention"])
    response = client.get("/participants/")
    assert option_count(response, "p", "prevention") == 2


def test_filter_state_lives_in_the_url_and_the_form_shows_it(client, signatories):
    html = client.get("/participants/?country=FR&q=Str&p=prevention").content.decode()
    assert '<option value="FR" selected>France (1)</option>' in html
    assert 'name="q" value="Str"' in html
    assert '<option value="prevention" selected>Prevention (1)</option>' in html
    # Each filter in force can be removed alone; the address of the rest is kept.
    assert 'href="/participants/?country=FR&amp;p=prevention"' in html
    assert 'href="/participants/?country=FR&amp;q=Str"' in html


def test_empty_result_explains_itself_and_offers_to_clear_filters(client, signatories):
    html = client.get("/participants/?country=DE&profile=organisation").content.decode()
    assert "No signatory matches" in html
    assert "No signatory matches all of these filters together in Germany" in html
    assert '<a href="/participants/">clear all filters</a>' in html
    assert "signatory-cards" not in html


def test_a_kind_outside_the_profile_is_explained(client, signatories):
    html = client.get("/participants/?profile=organisation&kind=city").content.decode()
    assert "City is a kind of Local/Regional Authority, not of Association/Organisation" in html


@pytest.mark.parametrize(
    "query, notice",
    [
        (
            "country=XX",
            "country must be a two-letter country code such as FR, DE or IT, not &#x27;XX&#x27;. "
            "It was ignored.",
        ),
        (
            "country=France",
            "country must be a two-letter country code such as FR, DE or IT, "
            "not &#x27;France&#x27;. It was ignored.",
        ),
        (
            "profile=mayor",
            "profile must be one of authority, organisation, not &#x27;mayor&#x27;. "
            "It was ignored.",
        ),
        (
            "kind=village",
            "kind must be one of municipality, city, region, elected_representative, "
            "national_association, ngo, other, not &#x27;village&#x27;. It was ignored.",
        ),
        (
            "p=prosperity",
            "p must be one of prevention, protection, prosecution, participation, "
            "not &#x27;prosperity&#x27;. It was ignored.",
        ),
    ],
)
def test_bad_filter_values_are_reported_and_ignored(client, signatories, query, notice):
    response = client.get(f"/participants/?{query}")
    assert response.status_code == 200
    assert notice in response.content.decode()
    assert len(names(response)) == 5


def test_hostile_parameters_never_break_the_page(client, signatories):
    hostile = "<script>alert(1)</script>"
    response = client.get(
        "/participants/",
        {"country": hostile, "q": hostile, "p": hostile, "page": hostile, "kind": "x" * 5000},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_overlong_name_search_is_cut_and_said_so(client, signatories):
    response = client.get("/participants/", {"q": "Lyon" + " " * 120 + "x"})
    assert response.status_code == 200
    assert "cut to its first 100 characters" in response.content.decode()
    assert names(response) == ["Lyon"]


@pytest.fixture
def many_signatories(directory):
    return [
        SignatoryPageFactory(parent=directory, title=f"Town {number:02d}")
        for number in range(PAGE_SIZE * 2 + 3)
    ]


def test_directory_shows_24_signatories_a_page(client, many_signatories):
    first = names(client.get("/participants/"))
    second = names(client.get("/participants/?page=2"))
    third = names(client.get("/participants/?page=3"))
    assert len(first) == PAGE_SIZE and len(second) == PAGE_SIZE and len(third) == 3
    assert (
        first[0] == "Town 00"
        and second[0] == "Town 24"
        and third
        == [
            "Town 48",
            "Town 49",
            "Town 50",
        ]
    )


@pytest.mark.parametrize(
    "page, shown, notice",
    [
        ("0", "Town 00", "There is no page 0; this is page 1."),
        ("-1", "Town 00", "There is no page -1; this is page 1."),
        ("abc", "Town 00", "There is no page &#x27;abc&#x27;; this is page 1."),
        ("4", "Town 48", "There is no page 4; this is the last page, page 3."),
        ("99999999999999999999", "Town 48", "this is the last page, page 3."),
        ("1.5", "Town 00", "There is no page &#x27;1.5&#x27;; this is page 1."),
    ],
)
def test_pages_that_do_not_exist_show_the_nearest_page_with_a_note(
    client, many_signatories, page, shown, notice
):
    response = client.get(f"/participants/?page={page}")
    assert response.status_code == 200
    assert names(response)[0] == shown
    assert notice in response.content.decode()


def test_a_page_past_the_end_of_an_empty_result_is_page_one(client, directory):
    response = client.get("/participants/?page=5&country=FR")
    assert response.status_code == 200
    assert "No signatory matches" in response.content.decode()


def test_pagination_links_keep_the_filters(client, many_signatories):
    html = client.get("/participants/?country=FR&q=Town&page=2").content.decode()
    assert 'href="?country=FR&amp;q=Town&amp;page=1" rel="prev"' in html
    assert 'href="?country=FR&amp;q=Town&amp;page=3" rel="next"' in html


def test_drafts_and_private_signatories_are_never_listed(client, signatories, directory):
    SignatoryPageFactory(parent=directory, title="Draft town", live=False)
    private = SignatoryPageFactory(parent=directory, title="Private town")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get("/participants/")
    html = response.content.decode()
    assert "Draft town" not in html and "Private town" not in html
    assert len(names(response)) == 5
    assert option_count(response, "country", "FR") == 2


def test_directory_shows_the_live_figure(client, signatories):
    html = client.get("/participants/").content.decode()
    figure = re.sub(r"<[^>]+>|\s+", " ", html.split('class="signatory-figures"', 1)[1])
    assert "3 cities and regions from 2 countries" in re.sub(r"\s+", " ", figure)
    assert "2 associations and organisations" in re.sub(r"\s+", " ", figure)


def test_directory_map_reads_the_filtered_data_and_the_list_has_the_same_signatories(
    client, signatories
):
    html = client.get("/participants/?profile=organisation").content.decode()
    assert 'data-geojson-url="/participants/map.geojson?profile=organisation"' in html
    cards = html.split('class="signatory-cards"', 1)[1].split("</ul>", 1)[0]
    assert "Belgian towns association" in cards and "Rome children" in cards
    assert 'href="/participants/strasbourg/"' not in cards
    # No list of every signatory beside the map: the map's places come from its data.
    assert 'class="map-list"' not in html


def test_directory_never_shows_private_contacts(client, signatories):
    html = client.get("/participants/").content.decode()
    assert "Private Person" not in html and "private.person@example.org" not in html
