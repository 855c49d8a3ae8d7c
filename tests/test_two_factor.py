"""Two-step login (accounts/two_factor.py): required for the secretariat, staff and superusers,
optional for signatories; an authenticator app (TOTP) and single-use recovery codes.

Each attack logs in with the right password, as someone who stole it would, and checks what it
reached and what changed in the database afterwards."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import enrol, has_two_factor, two_factor_required
from pact.signatory_rights.grants import SECRETARIAT_GROUP
from tests.factories import TEST_PASSWORD, UserFactory, make_signatory
from tests.two_factor import current_code, plain_force_login

pytestmark = [pytest.mark.django_db, pytest.mark.unverified_login]

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/accounts/signatoryapplication/",
    "/admin/alerts/subscription/",
    "/admin/api/main/pages/",
    "/admin/account/",
]


def password_login(client, user):
    """Log in through the admin's login form with the right password."""
    response = client.post("/admin/login/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


def assert_sent_to(response, url_name_path):
    assert response.status_code == 302
    assert response["Location"].startswith(url_name_path), response["Location"]


def go_through_set_up(client):
    """Open the set-up page, read the pending device, type its code: (device, codes)."""
    response = client.get("/account/two-factor/set-up/")
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=response.wsgi_request.user, confirmed=False)
    response = client.post("/account/two-factor/set-up/", {"code": current_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z2-7]{8,16})</code>", response.content.decode())
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.fixture
def editor(secretariat_user):
    return secretariat_user


@pytest.fixture
def signatory(directory, secretariat_user):
    return make_signatory(directory, secretariat_user, "City of Twostep").user


# Who must use it


def test_the_secretariat_staff_and_superusers_must_signatories_may(signatory, editor, superuser):
    assert two_factor_required(editor)
    assert editor.groups.filter(name=SECRETARIAT_GROUP).exists()
    assert two_factor_required(superuser)
    assert two_factor_required(UserFactory(is_staff=True))
    wagtail_editor = UserFactory()
    wagtail_editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    assert two_factor_required(wagtail_editor)
    assert not two_factor_required(signatory)
    assert not two_factor_required(UserFactory())


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_an_editor_without_a_device_is_sent_to_set_up_from_every_admin_page(client, editor, path):
    password_login(client, editor)
    response = client.get(path)
    assert_sent_to(response, "/account/two-factor/set-up/?next=")
    assert b"Signatories" not in response.content
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_setting_up_turns_it_on_with_ten_recovery_codes(client, editor):
    password_login(client, editor)
    response = client.get("/account/two-factor/set-up/?next=/admin/pages/")
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    # Opening the page again shows the same key (the app scanned it already).
    client.get("/account/two-factor/set-up/")
    assert TOTPDevice.objects.filter(user=editor).count() == 1

    wrong = client.post("/account/two-factor/set-up/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "This code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert_sent_to(client.get("/admin/"), "/account/two-factor/set-up/")

    # The wrong code made the device wait one second; pass that second.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    device, codes = go_through_set_up(client)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=editor).count() == 10
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200
    # The owner is told by e-mail (someone with a stolen password would be noticed).
    assert [m.subject for m in mail.outbox if m.to == [editor.email]] == [
        "Two-step login turned on"
    ]


def test_after_each_login_the_code_is_asked_and_a_code_works_once(client, editor):
    device, _ = enrol(editor)
    password_login(client, editor)
    for path in ADMIN_PAGES:
        assert_sent_to(client.get(path), "/account/two-factor/verify/?next=")

    code = current_code(device)
    response = client.post("/account/two-factor/verify/", {"code": code, "next": "/admin/pages/"})
    assert_sent_to(response, "/admin/pages/")
    assert client.get("/admin/pages/").status_code == 200

    # Someone who saw that code and has the password cannot use it again.
    other = client.__class__()
    password_login(other, editor)
    replay = other.post("/account/two-factor/verify/", {"code": code})
    assert replay.status_code == 400
    assert DEVICE_ID_SESSION_KEY not in other.session
    assert_sent_to(other.get("/admin/"), "/account/two-factor/verify/")


def test_passing_the_second_factor_changes_the_session_key(client, editor):
    device, _ = enrol(editor)
    password_login(client, editor)
    before = client.session.session_key
    client.post("/account/two-factor/verify/", {"code": current_code(device)})
    assert client.session.session_key != before
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_recovery_code_works_once(client, editor):
    _, codes = enrol(editor)
    password_login(client, editor)
    response = client.post("/account/two-factor/verify/", {"code": codes[0].upper()})
    assert_sent_to(response, "/admin/")
    assert StaticToken.objects.filter(device__user=editor).count() == 9

    client.post("/admin/logout/")
    password_login(client, editor)
    again = client.post("/account/two-factor/verify/", {"code": codes[0]})
    assert again.status_code == 400
    assert_sent_to(client.get("/admin/"), "/account/two-factor/verify/")


def test_wrong_codes_slow_the_device_down(client, editor):
    device, _ = enrol(editor)
    password_login(client, editor)
    assert client.post("/account/two-factor/verify/", {"code": "123456"}).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # As after five wrong codes in a row: the device waits 16 seconds from the last one, and
    # holds back even the right code until then.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    response = client.post("/account/two-factor/verify/", {"code": current_code(device)})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


@override_settings(
    RATE_LIMITS={"two_factor": ("5/10m", None), "login": ("30/10m", "8/10m", "20/h")}
)
def test_codes_are_rate_limited_per_client(client, editor):
    enrol(editor)
    password_login(client, editor)
    statuses = [
        client.post("/account/two-factor/verify/", {"code": f"{n:06d}"}).status_code
        for n in range(7)
    ]
    assert statuses[-1] == 429
    assert (
        "Too many attempts"
        in client.post("/account/two-factor/verify/", {"code": "1"}).content.decode()
    )


def test_a_stolen_password_reaches_nothing_of_a_signatory_with_two_step_login(client, signatory):
    enrol(signatory)
    response = client.post(
        "/account/login/", {"username": signatory.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    for path in [
        "/account/",
        "/account/my-data/",
        "/account/my-data/download/",
        "/account/two-factor/",
        "/admin/",
        "/admin/pages/",
        "/admin/api/main/pages/",
    ]:
        answer = client.get(path)
        assert_sent_to(answer, "/account/two-factor/verify/")
        assert signatory.email.encode() not in answer.content
    # Nor can it swap in a device of its own, or make new recovery codes.
    key = TOTPDevice.objects.get(user=signatory).key
    assert_sent_to(client.get("/account/two-factor/set-up/"), "/account/two-factor/verify/")
    client.post("/account/two-factor/set-up/", {"code": "123456"})
    client.post("/account/two-factor/recovery-codes/")
    client.post("/account/two-factor/turn-off/", {"password": TEST_PASSWORD})
    assert list(TOTPDevice.objects.filter(user=signatory).values_list("key", flat=True)) == [key]
    assert StaticToken.objects.filter(device__user=signatory).count() == 10


def test_signatories_log_in_without_it_until_they_turn_it_on(client, signatory):
    password_login(client, signatory)
    assert client.get("/admin/").status_code == 200
    assert client.get("/account/two-factor/").status_code == 200
    device, codes = go_through_set_up(client)
    assert has_two_factor(signatory) and len(codes) == 10

    client.post("/admin/logout/")
    password_login(client, signatory)
    assert_sent_to(client.get("/admin/"), "/account/two-factor/verify/")


def test_a_signatory_turns_it_off_with_its_password(client, signatory):
    device, _ = enrol(signatory)
    password_login(client, signatory)
    client.post("/account/two-factor/verify/", {"code": current_code(device)})

    wrong = client.post("/account/two-factor/turn-off/", {"password": "not it"})
    assert wrong.status_code == 400
    assert has_two_factor(signatory)

    client.post("/account/two-factor/turn-off/", {"password": TEST_PASSWORD})
    assert not TOTPDevice.objects.filter(user=signatory).exists()
    assert not StaticDevice.objects.filter(user=signatory).exists()
    assert [m.subject for m in mail.outbox][-1] == "Two-step login turned off"


def test_the_secretariat_cannot_turn_it_off(client, editor):
    device, _ = enrol(editor)
    password_login(client, editor)
    client.post("/account/two-factor/verify/", {"code": current_code(device)})
    client.post("/account/two-factor/turn-off/", {"password": TEST_PASSWORD})
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old_ones(client, editor):
    device, old = enrol(editor)
    password_login(client, editor)
    client.post("/account/two-factor/verify/", {"code": current_code(device)})
    response = client.post("/account/two-factor/recovery-codes/")
    new = re.findall(r"<code>([a-z2-7]{8,16})</code>", response.content.decode())
    stored = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert stored == set(new) and not stored & set(old)


def test_next_never_leaves_the_site(client, editor):
    device, _ = enrol(editor)
    password_login(client, editor)
    response = client.post(
        "/account/two-factor/verify/",
        {"code": current_code(device), "next": "https://attacker.example/admin/"},
    )
    assert_sent_to(response, "/admin/")


def test_the_pages_follow_the_public_csp(client, editor):
    """No inline script, style or event attribute: production's CSP would block them."""
    password_login(client, editor)
    pages = [client.get("/account/two-factor/set-up/")]
    device, _ = go_through_set_up(client)
    pages.append(client.get("/account/two-factor/"))
    other = client.__class__()
    password_login(other, editor)
    pages.append(other.get("/account/two-factor/verify/"))
    for response in pages:
        assert response.status_code == 200
        path = response.wsgi_request.path
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/(ld\+)?json\"))", html), (
            path
        )
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path
        assert "no-store" in response["Cache-Control"]


def test_logging_out_and_password_reset_stay_open_before_the_second_factor(client, editor):
    enrol(editor)
    password_login(client, editor)
    assert client.get("/account/password-reset/").status_code == 200
    assert client.get("/admin/password_reset/").status_code == 200
    client.post("/admin/logout/")
    assert "_auth_user_id" not in client.session


def test_the_helper_of_other_tests_passes_the_second_factor(client, editor):
    """tests/conftest.py's force_login (not used in this module) gives a real device."""
    from tests.two_factor import force_login_verified

    force_login_verified(client, editor)
    assert client.get("/admin/").status_code == 200
    other = client.__class__()
    plain_force_login(other, editor)
    assert_sent_to(other.get("/admin/"), "/account/two-factor/verify/")


def test_a_superuser_resets_a_lost_device(editor):
    enrol(editor)
    call_command("reset_two_factor", editor.email.upper())
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()


@override_settings(DEBUG=True)
def test_the_development_admin_comes_with_its_device(capsys):
    call_command("ensure_dev_admin")
    printed = capsys.readouterr().out
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(email="admin@example.org")
    assert has_two_factor(admin)
    assert "two-step login key" in printed
    assert StaticToken.objects.filter(device__user=admin).count() == 10


def test_a_half_logged_in_session_expires_like_any_other(client, editor):
    """The second factor is asked again after a new login, not remembered by the browser."""
    device, _ = enrol(editor)
    password_login(client, editor)
    client.post("/account/two-factor/verify/", {"code": current_code(device)})
    client.post("/admin/logout/")
    password_login(client, editor)
    assert_sent_to(client.get("/admin/"), "/account/two-factor/verify/")


def test_the_admin_account_page_links_to_two_step_login_and_personal_data(client, editor):
    device, _ = enrol(editor)
    password_login(client, editor)
    client.post("/account/two-factor/verify/", {"code": current_code(device)})
    html = client.get("/admin/account/").content.decode()
    assert 'href="/account/two-factor/"' in html
    assert 'href="/account/my-data/"' in html


def test_before_the_code_a_session_is_a_visitors_on_the_public_site(client, editor, home_page):
    """A page private to logged-in users stays closed to a stolen password."""
    from wagtail.models import PageViewRestriction

    from tests.factories import CampaignPageFactory

    private = CampaignPageFactory(parent=home_page, title="Members only", slug="members")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    device, _ = enrol(editor)
    password_login(client, editor)
    response = client.get("/members/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert b"Members only" not in response.content

    client.post("/account/two-factor/verify/", {"code": current_code(device)})
    assert client.get("/members/").status_code == 200
