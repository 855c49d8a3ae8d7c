"""Signatory and initiative pages: where they may live, what they show, what they never show."""

import datetime
import re

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import HomePage
from pact.models import InitiativePage, Kind, Profile, SignatoryIndexPage, SignatoryPage
from tests.factories import InitiativePageFactory, SignatoryPageFactory

PRIVATE_VALUES = ("Private Person", "Head of child protection", "private.person@example.org")


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_page_types_live_only_under_their_parents(db):
    assert SignatoryIndexPage.can_create_at(HomePage()) is True
    assert SignatoryPage.can_create_at(SignatoryIndexPage()) is True
    assert InitiativePage.can_create_at(SignatoryPage()) is True
    assert SignatoryPage.allowed_parent_page_models() == [SignatoryIndexPage]
    assert InitiativePage.allowed_parent_page_models() == [SignatoryPage]
    assert SignatoryIndexPage.allowed_subpage_models() == [SignatoryPage]
    assert InitiativePage.allowed_subpage_models() == []
    assert not SignatoryPage.can_create_at(HomePage())
    assert not InitiativePage.can_create_at(SignatoryIndexPage())


def test_only_one_directory_can_be_created(directory, home_page):
    assert not SignatoryIndexPage.can_create_at(home_page)


def test_a_kind_must_belong_to_the_profile(db):
    page = SignatoryPage(
        title="Mixed up", slug="mixed-up", profile=Profile.ORGANISATION, kind=Kind.CITY
    )
    page.country = "FR"
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["kind"] == [
        "City is a kind of Local/Regional Authority, not of Association/Organisation. Choose "
        "one of: National association of local and regional authorities, NGO, Other "
        "organisation."
    ]


def test_latitude_and_longitude_go_together(db):
    page = SignatoryPage(profile=Profile.AUTHORITY, kind=Kind.CITY, latitude=48.5)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "longitude" in error.value.message_dict


def signatory_form(**fields):
    data = {
        "title": "City of Graz",
        "slug": "city-of-graz",
        "profile": "authority",
        "kind": "city",
        "country": "AT",
        "latitude": "47.0707",
        "longitude": "15.4395",
        "description": streamfield([]),
        "structures": streamfield([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def test_editor_adds_a_signatory_in_the_admin(admin_client, directory):
    url = f"/admin/pages/add/pact/signatorypage/{directory.pk}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, signatory_form())
    assert response.status_code == 302
    graz = SignatoryPage.objects.get(slug="city-of-graz")
    assert graz.live and graz.map_position == (15.4395, 47.0707, False)


def test_admin_explains_a_kind_outside_the_profile_and_keeps_the_input(admin_client, directory):
    url = f"/admin/pages/add/pact/signatorypage/{directory.pk}/"
    response = admin_client.post(url, signatory_form(profile="organisation", kind="city"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "City is a kind of Local/Regional Authority, not of Association/Organisation" in html
    assert 'value="City of Graz"' in html
    assert not SignatoryPage.objects.filter(slug="city-of-graz").exists()


@pytest.fixture
def strasbourg(directory):
    logo = wagtail_factories.ImageFactory(title="Strasbourg logo")
    page = SignatoryPageFactory(
        parent=directory,
        title="City of Strasbourg",
        logo=logo,
        signed_on=datetime.date(2013, 10, 25),
        website="https://www.strasbourg.eu/",
        public_contact_name="Child protection office",
        public_contact_email="children@example.org",
        structures=[("paragraph", "<p>A multidisciplinary child protection unit.</p>")],
        description=[("paragraph", "<p>The seat of the Council of Europe.</p>")],
    )
    InitiativePageFactory(
        parent=page,
        title="Older initiative",
        start_date=datetime.date(2015, 1, 1),
        ps=["prevention"],
    )
    InitiativePageFactory(
        parent=page,
        title="Newest initiative",
        start_date=datetime.date(2023, 3, 1),
        ps=["participation", "prevention"],
    )
    InitiativePageFactory(parent=page, title="Draft initiative", live=False, ps=["prosecution"])
    private = InitiativePageFactory(parent=page, title="Private initiative", ps=["protection"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return page


def test_signatory_page_shows_who_signed_and_when(client, strasbourg):
    response = client.get("/participants/city-of-strasbourg/")
    assert response.status_code == 200
    html = response.content.decode()
    page_text = text(html)
    assert '<h1 class="hero__title">City of Strasbourg</h1>' in html
    assert "Local/Regional Authority: City" in page_text
    assert '<a href="/participants/country/fr/">France</a>' in html
    assert "25 October 2013" in page_text
    assert 'alt="Logo of City of Strasbourg"' in html and "/media/images/" in html
    assert "The seat of the Council of Europe." in html
    assert "Structures in place" in html and "multidisciplinary child protection unit" in html
    assert "children@example.org" in html


def test_signatory_page_shows_the_ps_its_live_initiatives_cover(client, strasbourg):
    html = client.get("/participants/city-of-strasbourg/").content.decode()
    covered = html.split('aria-label="The Ps its initiatives cover"', 1)[1].split("</ul>")[0]
    assert re.findall(r"p-badge--(\w+)", covered) == ["prevention", "participation"]


def test_signatory_page_lists_live_public_initiatives_newest_first(client, strasbourg):
    html = client.get("/participants/city-of-strasbourg/").content.decode()
    titles = re.findall(r'class="initiative-item__title"><a href="[^"]*">([^<]*)</a>', html)
    assert titles == ["Newest initiative", "Older initiative"]
    assert "Draft initiative" not in html and "Private initiative" not in html


def test_signatory_page_has_plain_share_links(client, strasbourg):
    html = client.get("/participants/city-of-strasbourg/").content.decode()
    shared = "http%3A%2F%2Ftestserver%2Fparticipants%2Fcity-of-strasbourg%2F"
    assert f"https://www.facebook.com/sharer/sharer.php?u={shared}" in html
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={shared}" in html
    assert f"https://x.com/intent/post?url={shared}" in html
    assert f"mailto:?subject=City%20of%20Strasbourg&amp;body={shared}" in html
    assert "<script" not in html.split('class="share-links"', 1)[1].split("</nav>")[0]


def test_signatory_page_never_shows_the_private_contact(client, strasbourg):
    html = client.get("/participants/city-of-strasbourg/").content.decode()
    for private in PRIVATE_VALUES:
        assert private not in html


def test_signatory_page_says_when_it_is_shown_at_the_country_centre(client, directory):
    SignatoryPageFactory(
        parent=directory, title="Somewhere", country="PT", latitude=None, longitude=None
    )
    html = client.get("/participants/somewhere/").content.decode()
    assert "the map shows it at the centre of Portugal" in html


def test_signatory_page_escapes_hostile_text(client, directory):
    SignatoryPageFactory(
        parent=directory,
        title="<script>alert('x')</script>",
        slug="hostile",
        town="<img src=x onerror=alert(1)>",
        public_contact_name="<b onclick=alert(2)>",
    )
    html = client.get("/participants/hostile/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_signatory_page_and_directory_have_no_inline_script_or_style(client, strasbourg):
    for url in ("/participants/city-of-strasbourg/", "/participants/"):
        html = client.get(url).content.decode()
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert not re.search(r"\son[a-z]+=", html)


def test_draft_signatory_page_is_not_served(client, directory):
    SignatoryPageFactory(parent=directory, title="Draft town", live=False)
    assert client.get("/participants/draft-town/").status_code == 404


def test_initiative_page_shows_what_it_is_and_who_runs_it(client, strasbourg):
    initiative = InitiativePage.objects.get(title="Newest initiative")
    initiative.summary = "Children advise the council."
    initiative.target_groups = "children aged 10 to 16"
    initiative.results = "Twelve proposals adopted."
    initiative.end_date = datetime.date(2025, 6, 30)
    initiative.status = "completed"
    initiative.body = [("paragraph", "<p>How the council works.</p>")]
    initiative.save()
    html = client.get(initiative.url).content.decode()
    page_text = text(html)
    assert '<h1 class="hero__title">Newest initiative</h1>' in html
    assert "Children advise the council." in html
    assert re.findall(r'class="p-badge p-badge--(\w+)"', html) == ["prevention", "participation"]
    assert "Completed · March 2023 to June 2025" in page_text
    assert "children aged 10 to 16" in html
    assert "How the council works." in html and "Twelve proposals adopted." in html
    assert 'An initiative of <a href="/participants/city-of-strasbourg/">' in html
    for private in PRIVATE_VALUES:
        assert private not in html


def test_signatory_directory_is_in_the_main_menu_when_editors_say_so(client, directory):
    Page.objects.filter(pk=directory.pk).update(show_in_menus=True)
    html = client.get("/").content.decode()
    assert '<a href="/participants/">Who has signed</a>' in html


def test_initiatives_and_events_of_an_unpublished_signatory_are_not_served(client, directory):
    from tests.factories import EventPageFactory, InitiativePageFactory, SignatoryPageFactory

    signatory = SignatoryPageFactory(parent=directory, title="Withdrawn town")
    initiative = InitiativePageFactory(parent=signatory, title="Still live initiative")
    event = EventPageFactory(parent=signatory, title="Still live event")
    assert client.get(initiative.url).status_code == 200
    assert client.get(event.url).status_code == 200

    signatory.unpublish()

    assert client.get(initiative.url).status_code == 404
    assert client.get(event.url).status_code == 404
    assert client.get(signatory.url).status_code == 404
