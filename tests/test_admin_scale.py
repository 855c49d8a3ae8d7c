"""An admin that scales: Wagtail's group, collection, user and media screens leave out the group
and collection of each signatory (pact/signatory_rights/admin_scale.py), and the secretariat's
signatory listing costs the same queries whatever the number of signatories."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission

from pact.signatory_rights.grants import (
    SECRETARIAT_GROUP,
    new_signatory_collection,
    new_signatory_group,
)
from tests.factories import SignatoryApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db
LISTING = "/admin/accounts/signatoryapplication/"


def add_signatory_groups(count, start=0):
    """`count` signatories' own groups and collections, as approval makes them."""
    add_image = Permission.objects.get(
        content_type__app_label="wagtailimages", codename="add_image"
    )
    groups = []
    for number in range(start, start + count):
        group = new_signatory_group(number, f"Town {number:03d}")
        collection = new_signatory_collection(f"Town {number:03d}")
        GroupCollectionPermission.objects.create(
            group=group, collection=collection, permission=add_image
        )
        groups.append(group)
    return groups


@pytest.fixture
def reports(db):
    """A collection of the secretariat's own."""
    return Collection.get_first_root_node().add_child(name="Campaign reports")


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def queries_and_size(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response


def test_group_index_lists_the_shared_groups_not_each_signatorys(admin_client, secretariat_user):
    add_signatory_groups(30)
    page = admin_client.get(reverse("wagtailusers_groups:index")).content.decode()
    assert SECRETARIAT_GROUP in page and "Signatories" in page
    assert "Signatory 0: Town 000" not in page and "Signatory 1: Town 001" not in page


def test_group_edit_offers_other_collections_and_costs_the_same_for_5_or_50(
    admin_client, secretariat_user, reports
):
    secretariat = Group.objects.get(name=SECRETARIAT_GROUP)
    url = reverse("wagtailusers_groups:edit", args=[secretariat.pk])
    add_signatory_groups(5)
    with_5, response = queries_and_size(admin_client, url)
    add_signatory_groups(45, start=5)
    with_50, response_50 = queries_and_size(admin_client, url)
    page = response_50.content.decode()
    assert "Campaign reports" in page
    assert "Signatory: Town" not in page
    assert with_5 == with_50
    assert len(response.content) == len(response_50.content)


def test_a_signatorys_group_edit_shows_its_own_collection_and_no_other(admin_client):
    group, _ = add_signatory_groups(2)
    page = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    own = Collection.objects.get(name="Signatory: Town 000")
    assert f'<option value="{own.pk}" selected>' in page
    assert "Signatory: Town 001" not in page


@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_collections:index", "wagtailadmin_collections:add"]
)
def test_collection_screens_list_only_the_other_collections(admin_client, reports, url_name):
    add_signatory_groups(20)
    page = admin_client.get(reverse(url_name)).content.decode()
    assert "Campaign reports" in page
    assert "Signatory: Town" not in page


def test_a_collection_moved_on_its_edit_screen_keeps_its_place(admin_client, reports):
    """Editing a collection still works with the narrowed parent choices."""
    add_signatory_groups(3)
    root = Collection.get_first_root_node()
    url = reverse("wagtailadmin_collections:edit", args=[reports.pk])
    page = admin_client.get(url).content.decode()
    assert "Signatory: Town" not in page
    response = admin_client.post(url, {"name": "Campaign reports 2026", "parent": root.pk})
    assert response.status_code == 302
    reports.refresh_from_db()
    assert reports.name == "Campaign reports 2026"
    assert reports.get_parent().pk == root.pk


def test_user_edit_offers_the_shared_groups_and_the_users_own(admin_client, secretariat_user):
    own, other = add_signatory_groups(2)
    user = UserFactory(display_name="Town 000")
    user.groups.add(own)
    page = admin_client.get(reverse("wagtailusers_users:edit", args=[user.pk])).content.decode()
    assert SECRETARIAT_GROUP in page
    assert own.name in page
    assert other.name not in page
    listing = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    assert other.name not in listing


@pytest.mark.parametrize("url_name", ["wagtailimages:add", "wagtailimages:index"])
def test_image_screens_offer_the_secretariat_the_other_collections(
    secretariat_client, reports, url_name
):
    add_signatory_groups(20)
    page = secretariat_client.get(reverse(url_name)).content.decode()
    assert "Campaign reports" in page
    assert "Signatory: Town" not in page


def test_image_chooser_filter_offers_the_secretariat_the_other_collections(
    secretariat_client, reports
):
    add_signatory_groups(20)
    response = secretariat_client.get(reverse("wagtailimages_chooser:choose"))
    assert "Campaign reports" in response.json()["html"]
    assert "Signatory: Town" not in response.json()["html"]


def add_applications(count, start=0):
    for number in range(start, start + count):
        SignatoryApplicationFactory(
            organisation_name=f"Applicant {number:03d}", country=["FR", "DE", "IT"][number % 3]
        )


def test_signatory_listing_costs_the_same_queries_for_5_or_50_signatories(secretariat_client):
    add_applications(5)
    with_5, _ = queries_and_size(secretariat_client, LISTING)
    add_applications(45, start=5)
    with_50, response = queries_and_size(secretariat_client, LISTING)
    assert with_5 == with_50
    assert "Applicant 049" in response.content.decode()


def test_signatory_listing_filters_by_the_countries_that_have_signatories(secretariat_client):
    add_applications(6)
    page = secretariat_client.get(LISTING).content.decode()
    assert "Germany" in page and "Italy" in page and "France" in page
    assert "Spain" not in page
    germany = secretariat_client.get(LISTING, {"country": "DE"}).content.decode()
    assert "Applicant 001" in germany and "Applicant 004" in germany
    assert "Applicant 000" not in germany
