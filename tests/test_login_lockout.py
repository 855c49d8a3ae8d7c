"""Issue 16, item 9: anyone could lock a signatory out. Eight wrong passwords for B's address,
from anywhere, made B's correct login answer 429 for up to ten minutes.

The policy (core/ratelimit.py): failures are counted per client and address, and per address
over all clients; past the second limit only the account's known devices (a signed cookie set
at each successful login and password reset) may still try it. The password-reset link always
works and lets the owner back in."""

import re

import pytest
from django.core import mail
from django.test import Client

from core.ratelimit import KNOWN_DEVICE_COOKIE
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
LOGIN_URLS = ["/account/login/", "/admin/login/"]


@pytest.fixture
def b():
    return UserFactory(email="contact-b@town-b.example", display_name="Town B", is_staff=False)


def _login(client, url, address, password, ip):
    return client.post(url, {"username": address, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_eight_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(b, settings, url):
    attacker = Client()
    for _ in range(8):
        assert _login(attacker, url, b.email, "guess-123456", ATTACKER).status_code == 200
    # The attacker's own client is now refused for this address, even with the right password:
    refused = _login(attacker, url, b.email, TEST_PASSWORD, ATTACKER)
    assert refused.status_code == 429
    assert "resetting your password" in refused.content.decode()
    assert not _logged_in(attacker)

    owner = Client()
    response = _login(owner, url, "Contact-B@Town-B.example", TEST_PASSWORD, OWNER)
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(b.pk)


def test_the_attacker_is_slowed_on_each_address_it_tries(b, settings):
    other = UserFactory(email="contact-c@town-c.example")
    attacker = Client()
    for _ in range(8):
        _login(attacker, "/account/login/", b.email, "guess-123456", ATTACKER)
    assert _login(attacker, "/account/login/", b.email, "x", ATTACKER).status_code == 429
    # Another address from that client is its own count ...
    assert _login(attacker, "/account/login/", other.email, "x", ATTACKER).status_code == 200
    # ... and every POST of one client counts towards its overall limit.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": ("3/10m", "8/10m", "40/h")}
    for _ in range(3):
        _login(attacker, "/account/login/", f"x{_}@example.org", "x", "203.0.113.99")
    assert _login(attacker, "/account/login/", other.email, "x", "203.0.113.99").status_code == 429


def test_an_attack_from_many_clients_stalls_but_the_owners_browser_gets_in(b, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": ("30/10m", "8/10m", "20/h")}
    owner = Client()
    assert _login(owner, "/account/login/", b.email, TEST_PASSWORD, OWNER).status_code == 302
    assert KNOWN_DEVICE_COOKIE in owner.cookies
    owner.post("/account/logout/")

    botnet = Client()
    for n in range(20):
        _login(botnet, "/account/login/", b.email, f"guess-{n}", f"203.0.113.{n + 1}")
    # A fresh client, even the right password, is refused for this address now ...
    fresh = Client()
    assert _login(fresh, "/account/login/", b.email, TEST_PASSWORD, "192.0.2.50").status_code == 429
    assert not _logged_in(fresh)
    # ... but the owner's browser, a known device, still gets in, from any network.
    assert _login(owner, "/account/login/", b.email, TEST_PASSWORD, "192.0.2.51").status_code == 302
    assert owner.session["_auth_user_id"] == str(b.pk)


def test_a_forged_known_device_cookie_does_not_help(b, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": ("30/10m", "8/10m", "2/h")}
    for n in range(2):
        _login(Client(), "/account/login/", b.email, "x", f"203.0.113.{n + 1}")
    forger = Client()
    forger.cookies[KNOWN_DEVICE_COOKIE] = "anything:forged"
    assert _login(forger, "/account/login/", b.email, TEST_PASSWORD, OWNER).status_code == 429


@pytest.mark.parametrize(
    "reset_url, login_url",
    [("/account/password-reset/", "/account/login/"), ("/admin/password_reset/", "/admin/login/")],
)
def test_the_reset_link_always_lets_the_owner_back_in(b, settings, reset_url, login_url):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": ("30/10m", "3/10m", "5/h")}
    owner = Client()
    # The owner itself mistyped, and an attack from many clients went on meanwhile.
    for _ in range(3):
        _login(owner, login_url, b.email, "mistyped", OWNER)
    for n in range(5):
        _login(Client(), login_url, b.email, "x", f"203.0.113.{n + 1}")
    assert _login(owner, login_url, b.email, TEST_PASSWORD, OWNER).status_code == 429

    owner.post(reset_url, {"email": b.email}, REMOTE_ADDR=OWNER)
    [message] = mail.outbox
    link = re.search(r"http://testserver(/\S+/)", message.body).group(1)
    form_url = owner.get(link, REMOTE_ADDR=OWNER)["Location"]
    done = owner.post(
        form_url,
        {"new_password1": "violet-harbour-37", "new_password2": "violet-harbour-37"},
        REMOTE_ADDR=OWNER,
    )
    assert done.status_code == 302
    b.refresh_from_db()
    assert b.check_password("violet-harbour-37")

    response = _login(owner, login_url, b.email, "violet-harbour-37", OWNER)
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(b.pk)


def test_a_successful_login_counts_no_failure(b, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": ("30/10m", "2/10m", "2/h")}
    owner = Client()
    for _ in range(4):
        assert _login(owner, "/account/login/", b.email, TEST_PASSWORD, OWNER).status_code == 302
        owner.post("/account/logout/")
    assert _login(Client(), "/account/login/", b.email, TEST_PASSWORD, ATTACKER).status_code == 302
