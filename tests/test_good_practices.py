"""The good-practices database at /good-practices/ and the selected good practices."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from pact.models import FeaturedGoodPractice, InitiativeStatus, Kind, Profile, TargetGroup
from tests.factories import (
    GoodPracticesPageFactory,
    InitiativePageFactory,
    SignatoryPageFactory,
)

URL = "/good-practices/"


def initiative(parent, title, summary="A sample initiative.", ps=("prevention",), groups=(), **kw):
    page = InitiativePageFactory(parent=parent, title=title, summary=summary, ps=list(ps), **kw)
    if groups:
        page.audiences.set(list(TargetGroup.objects.filter(slug__in=groups)))
        page.save()
    return page


@pytest.fixture
def database(home_page):
    return GoodPracticesPageFactory(parent=home_page)


@pytest.fixture
def signatories(directory):
    return {
        "lyon": SignatoryPageFactory(parent=directory, title="City of Lyon", country="FR"),
        "turin": SignatoryPageFactory(parent=directory, title="City of Turin", country="IT"),
        "ngo": SignatoryPageFactory(
            parent=directory,
            title="Children's rights NGO",
            country="IT",
            profile=Profile.ORGANISATION,
            kind=Kind.NGO,
        ),
    }


@pytest.fixture
def practices(database, signatories):
    lyon, turin, ngo = signatories["lyon"], signatories["turin"], signatories["ngo"]
    return {
        "helpline": initiative(
            lyon,
            "A helpline for children",
            "Children call the helpline day and night.",
            ps=("protection",),
            groups=("children",),
            start_date=datetime.date(2016, 3, 1),
            end_date=datetime.date(2018, 6, 30),
            status=InitiativeStatus.COMPLETED,
        ),
        "coaches": initiative(
            lyon,
            "Training sports coaches",
            "Coaches learn to notice the signs of abuse.",
            groups=("sport-and-leisure",),
            start_date=datetime.date(2021, 1, 1),
        ),
        "council": initiative(
            turin,
            "A children's council",
            "Pupils advise the city council.",
            ps=("participation", "prevention"),
            groups=("children",),
            start_date=datetime.date(2019, 9, 1),
        ),
        "protocol": initiative(
            ngo,
            "A protocol with the police",
            "Agreed steps for reports of abuse, with a mention of the helpline.",
            ps=("prosecution",),
            groups=("police-and-justice",),
            start_date=datetime.date(2027, 1, 1),
            status=InitiativeStatus.PLANNED,
        ),
    }


def titles(response):
    return [page.title for page in response.context["page_obj"]]


def counts(response, name):
    return {option.value: option.count for option in response.context["facets"][name]}


def test_database_lists_every_live_initiative_newest_first(client, practices):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == [
        "A protocol with the police",
        "Training sports coaches",
        "A children's council",
        "A helpline for children",
    ]


def test_database_hides_drafts_private_initiatives_and_those_of_unpublished_signatories(
    client, practices, signatories, directory
):
    practices["coaches"].unpublish()
    PageViewRestriction.objects.create(
        page=practices["council"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    hidden_signatory = SignatoryPageFactory(parent=directory, title="Unpublished town")
    initiative(hidden_signatory, "An initiative of an unpublished signatory")
    hidden_signatory.unpublish()
    assert titles(client.get(URL)) == ["A protocol with the police", "A helpline for children"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ("p=protection", ["A helpline for children"]),
        ("country=IT", ["A protocol with the police", "A children's council"]),
        ("country=it", ["A protocol with the police", "A children's council"]),
        ("profile=organisation", ["A protocol with the police"]),
        ("status=completed", ["A helpline for children"]),
        ("target_group=children", ["A children's council", "A helpline for children"]),
        ("p=prevention&country=FR", ["Training sports coaches"]),
    ],
)
def test_database_filters_by_p_country_profile_status_and_target_group(
    client, practices, params, expected
):
    assert titles(client.get(f"{URL}?{params}")) == expected


@pytest.mark.parametrize(
    "year, expected",
    [
        ("2017", ["A helpline for children"]),  # ran 2016 to 2018
        ("2018", ["A helpline for children"]),  # its last year still counts
        ("2019", ["A children's council"]),  # open-ended from 2019
        ("2022", ["Training sports coaches", "A children's council"]),
        ("2015", []),
    ],
)
def test_year_filter_gives_initiatives_running_during_that_year(client, practices, year, expected):
    assert titles(client.get(f"{URL}?year={year}")) == expected


def test_counts_per_filter_value_take_the_other_filters_into_account(client, practices):
    response = client.get(f"{URL}?country=IT")
    assert counts(response, "p") == {"prevention": 1, "participation": 1, "prosecution": 1}
    # The country's own counts ignore the country filter, so other countries stay reachable.
    assert counts(response, "country") == {"FR": 2, "IT": 2}
    assert counts(response, "profile") == {"authority": 1, "organisation": 1}
    assert counts(response, "status") == {"ongoing": 1, "planned": 1}
    assert counts(response, "target_group") == {"children": 1, "police-and-justice": 1}
    assert counts(response, "year")["2020"] == 1


def test_search_finds_the_most_relevant_first(client, practices):
    response = client.get(f"{URL}?q=helpline")
    assert response.context["query"].sort == "relevance"
    # Named in the title and summary beats named once in the summary.
    assert titles(response) == ["A helpline for children", "A protocol with the police"]


def test_filters_combine_with_the_search(client, practices):
    assert titles(client.get(f"{URL}?q=helpline&country=IT")) == ["A protocol with the police"]
    assert titles(client.get(f"{URL}?q=helpline&status=planned&p=prosecution")) == [
        "A protocol with the police"
    ]
    response = client.get(f"{URL}?q=helpline")
    assert counts(response, "country") == {"FR": 1, "IT": 1}


def test_search_finds_an_initiative_by_its_signatorys_name(client, practices):
    assert titles(client.get(f"{URL}?q=Turin")) == ["A children's council"]


def test_sort_by_title_and_by_newest(client, practices):
    assert titles(client.get(f"{URL}?sort=title")) == [
        "A children's council",
        "A helpline for children",
        "A protocol with the police",
        "Training sports coaches",
    ]
    assert titles(client.get(f"{URL}?q=helpline&sort=newest")) == [
        "A protocol with the police",
        "A helpline for children",
    ]


def test_selected_good_practices_come_first_unless_sorted_or_searched(client, database, practices):
    FeaturedGoodPractice.objects.create(page=database, initiative=practices["helpline"])
    response = client.get(URL)
    assert titles(response)[0] == "A helpline for children"
    assert b"Selected good practice" in response.content
    assert titles(client.get(f"{URL}?sort=newest"))[0] == "A protocol with the police"


def test_an_unpublished_selected_initiative_is_not_shown(client, database, practices):
    FeaturedGoodPractice.objects.create(page=database, initiative=practices["helpline"])
    practices["helpline"].unpublish()
    response = client.get(URL)
    assert "A helpline for children" not in titles(response)


def test_home_page_shows_selected_good_practices_and_hides_the_section_when_none(
    client, database, practices
):
    assert b"Selected good practices" not in client.get("/").content
    FeaturedGoodPractice.objects.create(
        page=database, initiative=practices["council"], sort_order=0
    )
    FeaturedGoodPractice.objects.create(
        page=database, initiative=practices["coaches"], sort_order=1
    )
    html = client.get("/").content.decode()
    section = html[html.index("Selected good practices") :]
    assert section.index("A children&#x27;s council") < section.index("Training sports coaches")
    assert "City of Turin" in section
    assert 'href="/good-practices/"' in section


def test_signatories_cannot_feature_their_own_initiatives(database):
    """Featuring is a list on the database page, which only editors edit: an initiative has no
    field a signatory could tick."""
    from pact.models import InitiativePage

    field_names = {field.name for field in InitiativePage._meta.get_fields()}
    assert not {"featured", "is_featured"} & field_names
    assert database.specific_class.max_count == 1


def test_bad_parameters_give_notices_and_keep_the_rest(client, practices):
    response = client.get(
        f"{URL}?country=XX&p=fun&status=maybe&year=abc&target_group=aliens&sort=random"
        "&page=99&profile=authority"
    )
    assert response.status_code == 200
    text = " ".join(response.context["notices"])
    for word in ("XX", "fun", "maybe", "year", "aliens", "random", "page 99"):
        assert word in text
    assert response.context["filters"] == {"profile": "authority"}


def test_relevance_without_words_falls_back_to_newest_with_a_notice(client, practices):
    response = client.get(f"{URL}?sort=relevance")
    assert response.context["query"].sort == "newest"
    assert "needs words" in " ".join(response.context["notices"])


def test_every_state_is_an_address_and_each_filter_can_be_removed(client, practices):
    response = client.get(f"{URL}?q=helpline&country=IT&sort=title")
    chips = {chip["name"]: chip["remove_query"] for chip in response.context["active_filters"]}
    assert chips["country"] == "q=helpline&sort=title"
    assert chips["q"] == "country=IT&sort=title"


def test_pagination_keeps_the_filters(client, database, signatories):
    for number in range(25):
        initiative(signatories["lyon"], f"Initiative number {number:02d}")
    response = client.get(f"{URL}?country=FR&page=2")
    assert response.context["page_obj"].number == 2
    assert len(titles(response)) == 5
    assert 'href="?country=FR&amp;page=1"' in response.content.decode()


def test_no_result_page_suggests_what_to_do(client, practices):
    html = client.get(f"{URL}?q=xylophone&country=FR").content.decode()
    assert "No initiative matches" in html
    assert "check the spelling" in html
    assert 'href="/search/?q=xylophone"' in html


def test_query_count_does_not_grow_with_the_number_of_initiatives(client, database, signatories):
    for number in range(3):
        initiative(signatories["lyon"], f"First batch {number}")
    client.get(URL)  # fills the caches every request shares (site root, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{URL}?q=batch&country=FR")
    for number in range(15):
        initiative(signatories["turin"], f"Second batch {number}", ps=("protection",))
    client.get(URL)  # the menu is cached until content changes: warm it again
    with CaptureQueriesContext(connection) as many:
        client.get(f"{URL}?q=batch&country=FR")
    assert len(many) == len(few)
    assert len(few) <= 30


def test_demo_builds_the_database_with_selected_practices_and_accented_signatories(
    client, demo_site
):
    response = client.get(URL)
    assert response.status_code == 200
    assert sum(1 for page in response.context["page_obj"] if page.is_featured) == 3
    assert counts(response, "target_group")["children"] > 0
    assert titles(client.get(f"{URL}?q=Zürich"))[0].startswith("Zürich schools")
    assert any("Île-de-France" in title for title in titles(client.get(f"{URL}?q=Île-de-France")))
    assert re.search(r'href="/good-practices/"', client.get("/").content.decode())


def test_editors_pick_selected_good_practices_in_the_admin(admin_client, database, practices):
    edit = admin_client.get(f"/admin/pages/{database.pk}/edit/")
    assert edit.status_code == 200
    assert "Selected good practices" in edit.content.decode()
    initiative_edit = admin_client.get(f"/admin/pages/{practices['helpline'].pk}/edit/")
    assert initiative_edit.status_code == 200
    assert "Target groups (for the filters)" in initiative_edit.content.decode()
