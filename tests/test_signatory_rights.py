"""A signatory's own page is read from its rights: the page its own group may change. The
dashboard, the page chooser and the poster all rely on it, so an account without such a right
(pending, the secretariat, a visitor) must have none."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import GroupPagePermission

from pact.signatory_rights.signatories import own_signatory_page
from tests.factories import UserFactory, make_signatory

pytestmark = pytest.mark.django_db


def test_each_signatory_finds_its_own_page_in_one_query(
    directory, secretariat_user, django_assert_num_queries
):
    a = make_signatory(directory, secretariat_user, "Town A")
    b = make_signatory(directory, secretariat_user, "Town B", trusted=True)

    user = a.user
    with django_assert_num_queries(1):
        page = own_signatory_page(user)
    assert page == a.page and page.title == "Town A"
    assert own_signatory_page(b.user) == b.page


def test_the_own_page_follows_the_rights_not_the_sign_up_record(directory, secretariat_user):
    a = make_signatory(directory, secretariat_user, "Town A")
    b = make_signatory(directory, secretariat_user, "Town B")
    GroupPagePermission.objects.filter(group=a.group, permission__codename="change_page").delete()

    # A's group keeps add_page and its sign-up still names the page, but it may not edit it.
    assert a.page is not None
    assert own_signatory_page(a.user) is None
    assert own_signatory_page(b.user) == b.page


def test_accounts_without_a_page_right_of_their_own_have_no_page(directory, secretariat_user):
    pending = make_signatory(directory, secretariat_user, "Pending town", approve=False)

    assert pending.page is not None
    assert own_signatory_page(pending.user) is None
    assert own_signatory_page(UserFactory()) is None
    assert own_signatory_page(AnonymousUser()) is None


def test_the_secretariat_has_no_own_page_although_it_may_change_every_page(
    directory, secretariat_user, superuser
):
    make_signatory(directory, secretariat_user, "Town A")

    assert secretariat_user.has_perm("wagtailadmin.access_admin")
    assert GroupPagePermission.objects.filter(
        group__user=secretariat_user, permission__codename="change_page"
    ).exists()
    assert own_signatory_page(secretariat_user) is None
    assert own_signatory_page(superuser) is None
