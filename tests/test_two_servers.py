"""Two web servers, one PostgreSQL, one Redis: what one server does, the other sees.

Two gunicorn processes run the production settings on two ports, as two machines behind one
proxy would (the test speaks for the proxy: `Host` is the site's, `X-Forwarded-Proto: https`).
They share the test's PostgreSQL database and a Redis (under a key prefix of this run's own);
e-mail and the purges of the cache in front are sent by `manage.py db_worker --batch` runs, as
the worker would, to a mail folder and to a recording HTTP server in this test.

The journey: a sign-up on server 1 is confirmed on server 2 and approved by the secretariat
(two-step login on server 1, the approval on server 2); the publish is seen on the other server
and purged; a page unpublished on one is gone from the other and purged; the same addresses
give the same ETags on both; failed logins split between the two servers
reach the limit together.

Runs only on PostgreSQL with a Redis at REDIS_URL (default redis://127.0.0.1:6379/0); skips
otherwise, and fails instead when REQUIRE_MULTI_SERVER=1 (CI's PostgreSQL pass).
"""

import email
import http.client
import http.cookies
import http.server
import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.db import connection
from django.utils.crypto import get_random_string

from accounts.models import SignatoryApplication
from accounts.two_factor import enrol
from pact.models import SignatoryPage
from pact.signatory_rights.grants import SECRETARIAT_GROUP
from tests import migrated_database
from tests.conftest import PurgeRecorder, make_home_page
from tests.factories import CampaignPageFactory, UserFactory
from tests.joining import join_data, make_directory
from tests.recording_server import recording_server
from tests.server_processes import (
    PROJECT,
    database_url_for_other_processes,
    free_socket,
    start_gunicorn,
    stop,
)
from tests.two_factor import unused_code

HOST = "pact.test"
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
SECRETARIAT_PASSWORD = "quiet-harbour-lantern-42"


def needs(condition, reason):
    """Skip without the outside services, or fail when CI says they must be there."""
    if condition:
        return
    if os.environ.get("REQUIRE_MULTI_SERVER") == "1":
        pytest.fail(f"{reason} (REQUIRE_MULTI_SERVER=1)")
    pytest.skip(f"{reason}; the two-server test needs PostgreSQL and Redis")


def redis_reachable():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def services_present():
    needs(connection.vendor == "postgresql", "the database is not PostgreSQL")
    needs(redis_reachable(), f"no Redis answers at {REDIS_URL}")


# The proxy in front, as the test plays it.


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def csrf_token(self):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text).group(1)


class Browser:
    """One visitor's browser, through the HTTPS proxy to whichever server the test names: its
    cookies go to both, as behind a load balancer without sticky sessions."""

    def __init__(self):
        self.cookies = {}

    def get(self, port, path, headers=None):
        return self.request(port, "GET", path, headers=headers)

    def post(self, port, path, data):
        """A form POST, with the form's CSRF token taken from the page at the same address."""
        form = self.get(port, path)
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": form.csrf_token(), **data})

    def request(self, port, method, path, data=None, headers=None):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return answer


def redirected_to(answer):
    assert answer.status == 302, (answer.status, answer.text[:2000])
    return answer.headers["Location"]


# The servers.


@pytest.fixture
def purges():
    """The cache in front: records every PURGE it is sent."""
    with recording_server(PurgeRecorder) as server:
        yield server


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """The hashed static files production serves (its manifest storage needs them)."""
    services_present()
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **base_environment(),
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": "sqlite:///:memory:",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT,
        env=env,
        check=True,
    )
    return static_root


def base_environment():
    """Production's environment, from nothing but the system's PATH and locale: none of this
    machine's own settings (a search cluster, a bucket...) leaks into the servers."""
    kept = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "pactsite.settings.production",
        "SECRET_KEY": "two-servers-" + get_random_string(40),
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def cluster(transactional_db, settings, tmp_path, purges, collected_static):
    """(port of server 1, port of server 2, run_worker, mail folder) over the test's data."""
    services_present()
    migrated_database.restore()  # an earlier test in real transactions may have emptied it
    settings.PUBLIC_BASE_URL = f"https://{HOST}"
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = settings.PUBLIC_BASE_URL
    mail_folder = tmp_path / "mail"
    mail_folder.mkdir()
    key_prefix = "two-servers-" + secrets.token_hex(8)
    env = {
        **base_environment(),
        "PUBLIC_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url_for_other_processes(tmp_path),
        "REDIS_URL": REDIS_URL,
        "REDIS_KEY_PREFIX": key_prefix,
        "STATIC_ROOT": str(collected_static),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private_media"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_folder),
        "SECRETARIAT_EMAIL": "secretariat@example.org",
        "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{purges.server_address[1]}",
    }

    def run_worker():
        """The background worker, once: every queued e-mail and purge is sent."""
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v0"],
            cwd=PROJECT,
            env=env,
            check=True,
        )

    listeners = [free_socket(), free_socket()]
    log = (tmp_path / "servers.log").open("w")
    servers = [start_gunicorn(listener, env, log) for listener in listeners]
    try:
        yield (*[listener.getsockname()[1] for listener in listeners], run_worker, mail_folder)
    finally:
        stop(servers)
        for listener in listeners:
            listener.close()
        log.close()
        shared = redis.Redis.from_url(REDIS_URL)
        for key in shared.scan_iter(f"{key_prefix}:*"):
            shared.delete(key)


def messages_in(folder):
    """Every message the file backend wrote: (to, subject, plain text)."""
    found = []
    for path in sorted(folder.iterdir()):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw)
            body = next(
                part.get_payload(decode=True).decode()
                for part in message.walk()
                if part.get_content_type() == "text/plain"
            )
            found.append((message["To"], message["Subject"], body))
    return found


def secretariat_member():
    """An editor of the secretariat with an authenticator app and a password production's
    hasher reads (the test settings hash with MD5, which production does not accept)."""
    user = UserFactory(email="editor@example.org", display_name="Secretariat editor")
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    user.password = PBKDF2PasswordHasher().encode(SECRETARIAT_PASSWORD, "twoservers", 1000)
    user.save()
    device, _codes = enrol(user)
    return user, device


def test_two_servers_share_sign_ups_publishing_etags_and_rate_limits(cluster, purges):
    home = make_home_page()
    make_directory(home)
    campaign = CampaignPageFactory(parent=home, title="Schools against violence", slug="schools")
    _editor, device = secretariat_member()
    one, two, run_worker, mail_folder = cluster

    # A sign-up on server 1; its e-mail confirmation on server 2.
    applicant = Browser()
    assert redirected_to(applicant.post(one, "/join/?profile=authority", join_data())) == (
        "/join/check-your-inbox/"
    )
    run_worker()
    (verify_link,) = [
        re.search(rf"https://{re.escape(HOST)}(/join/verify/\S+/)", body).group(1)
        for to, _subject, body in messages_in(mail_folder)
        if to.lower() == "robin@sampleton.example"
    ]
    assert redirected_to(applicant.post(two, verify_link, {})) == "/account/"
    assert "Waiting for the secretariat" in applicant.get(one, "/account/").text
    application = SignatoryApplication.objects.get()
    page = SignatoryPage.objects.get()
    assert Browser().get(one, page.url).status == 404  # a draft until it is approved

    # The secretariat logs in on server 1, past two-step login, and approves on server 2.
    editor = Browser()
    login = {"username": "editor@example.org", "password": SECRETARIAT_PASSWORD, "next": "/admin/"}
    assert redirected_to(editor.post(one, "/admin/login/", login)) == "/admin/"
    verify_path = redirected_to(editor.get(one, "/admin/"))
    assert verify_path.startswith("/account/two-factor/verify/")
    assert redirected_to(editor.post(one, verify_path, {"code": unused_code(device)})) == "/admin/"
    listing = editor.get(two, "/admin/accounts/signatoryapplication/")
    assert listing.status == 200 and "City of Sampleton" in listing.text
    purges.received.clear()
    approve = f"/admin/accounts/signatoryapplication/approve/{application.pk}/"
    assert redirected_to(editor.post(two, approve, {})).startswith(
        "/admin/accounts/signatoryapplication/"
    )
    run_worker()

    # Published on server 2: seen on server 1, and purged from the cache in front.
    public = Browser().get(one, page.url)
    assert public.status == 200 and "City of Sampleton" in public.text
    assert "City of Sampleton" in Browser().get(one, "/participants/map.geojson").text
    assert any(
        "has joined the Pact" in subject
        for to, subject, _ in messages_in(mail_folder)
        if to.lower() == "robin@sampleton.example"
    )
    purged = {path for host, path in purges.received if host == HOST}
    assert {page.url, "/participants/", "/participants/map.geojson", "/api/v2/pages/"} <= purged
    assert {f"/api/v2/pages/{page.pk}/", "/participants/export.csv", "/sitemap.xml"} <= purged

    # Unpublished on server 1: gone from server 2, and purged.
    assert Browser().get(two, "/schools/").status == 200
    purges.received.clear()
    unpublish = f"/admin/pages/{campaign.pk}/unpublish/"
    assert redirected_to(editor.post(one, unpublish, {}))
    run_worker()
    assert Browser().get(two, "/schools/").status == 404
    assert {"/schools/", "/", "/api/v2/pages/"} <= {
        path for host, path in purges.received if host == HOST
    }

    # The same address gives the same ETag on both, and either answers 304 to the other's.
    visitor = Browser()
    for path in (
        "/",
        page.url,
        "/participants/",
        "/participants/map.geojson",
        "/api/v2/pages/",
        "/feeds/initiatives/",
    ):
        answers = [visitor.get(port, path) for port in (one, two)]
        assert [answer.status for answer in answers] == [200, 200], path
        etag = answers[0].headers["ETag"]
        assert answers[1].headers["ETag"] == etag, path
        for port in (one, two):
            assert visitor.get(port, path, {"If-None-Match": etag}).status == 304, (path, port)

    # Rate limits are counted once for both servers. Failed logins: 8 per client and address
    # in ten minutes (settings.RATE_LIMITS["login"]), four on each server, then refused on both.
    attacker = Browser()
    wrong = {"username": "robin@sampleton.example", "password": "not-the-password"}
    for attempt in range(8):
        answer = attacker.post((one, two)[attempt % 2], "/account/login/", wrong)
        assert answer.status == 200, attempt
    for port in (one, two):
        assert attacker.post(port, "/account/login/", wrong).status == 429, port
