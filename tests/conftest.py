"""Fixtures shared by the whole suite."""

import http.server

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, Site

from core.public_urls import sync_site
from tests import migrated_database
from tests.demo_database import put_demo_in_database
from tests.factories import HomePageFactory, UserFactory
from tests.recording_server import recording_server
from tests.two_factor import force_login_verified

# Fixtures of joining the Pact (directory, secretariat_user), in their own module.
pytest_plugins = ["tests.joining"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, whose freshly migrated content is kept for the live-server tests that
    need it back (tests/migrated_database.py)."""
    with django_db_blocker.unblock():
        migrated_database.remember()


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


def make_home_page():
    """A live home page served as the default site's root at PUBLIC_BASE_URL, as load_demo
    makes it, in place of the page tree the migrations left."""
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
    sync_site(root_page=home)
    return home


def make_superuser():
    return UserFactory(is_superuser=True, is_staff=True, display_name="Secretariat editor")


@pytest.fixture
def home_page(root_page):
    return make_home_page()


@pytest.fixture
def demo_site(db):
    """The demo content of `load_demo`, as `make run` serves it, searchable; built once per
    process and restored for each test (tests/demo_database.py)."""
    put_demo_in_database()


@pytest.fixture
def superuser(db):
    return make_superuser()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def _past_the_second_factor(request, monkeypatch):
    """client.force_login passes two-step login too, with a real device (tests/two_factor.py),
    unless the test is about two-step login (marked `unverified_login`)."""
    if request.node.get_closest_marker("unverified_login") is None:
        monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def pytest_report_header(config):
    """Say which database engine this run uses: CI runs the suite on SQLite and on PostgreSQL."""
    from django.conf import settings

    return f"database engine: {settings.DATABASES['default']['ENGINE']}"


# A shared front cache (Varnish, a CDN) that records what it is told to purge.


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A stand-in for Varnish: answers every PURGE with 200 and keeps what it was asked."""

    def do_PURGE(self):  # noqa: N802 - the method name http.server looks for
        self.server.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def shared_cache(settings):
    with recording_server(PurgeRecorder) as server:
        settings.WAGTAILFRONTENDCACHE = {
            "default": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
            }
        }
        yield server.received


def purged_paths(purged):
    assert {host for host, _ in purged} == {"testserver"}
    return {path for _, path in purged}
