"""Permissions-Policy (issue 16, item 11) and Content-Security-Policy on every response: pages,
errors, redirects, the admin, the API, machine outputs refusing a query, and static files
served by WhiteNoise, under the test settings and under production's (pactsite/security.py)."""

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

from pactsite.security import serialise_permissions_policy
from tests.production import HttpsClient, production_settings

TURNED_OFF = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]


def check_headers(response, where):
    policy = response.get("Permissions-Policy")
    assert policy, f"{where} ({response.status_code}) has no Permissions-Policy"
    for feature in TURNED_OFF:
        assert f"{feature}=()" in policy, (where, feature)
    assert "fullscreen=(self" in policy
    assert response.get("Content-Security-Policy"), where


def test_the_policy_is_written_as_a_structured_header():
    header = serialise_permissions_policy(
        {"camera": [], "fullscreen": ["self", "https://player.vimeo.com"], "usb": []}
    )
    assert header == 'camera=(), fullscreen=(self "https://player.vimeo.com"), usb=()'


def test_video_players_the_site_may_frame_keep_fullscreen():
    """Fullscreen and picture-in-picture stay open to the frames CSP_FRAME_SRC allows, and to
    nothing else; every other powerful feature is off for everyone."""
    framed = settings.CSP_PUBLIC["frame-src"][1:]
    assert settings.PERMISSIONS_POLICY["fullscreen"] == ["self", *framed]
    assert settings.PERMISSIONS_POLICY["picture-in-picture"] == ["self", *framed]
    assert settings.PERMISSIONS_POLICY["clipboard-write"] == ["self"]
    off = [feature for feature, allowed in settings.PERMISSIONS_POLICY.items() if not allowed]
    assert set(TURNED_OFF) <= set(off)


SURFACES = [
    "/",
    "/no-such-page/",
    "/admin/",  # a redirect to the login
    "/admin/login/",
    "/api/v2/pages/",
    "/api/v2/pages/?type=nonsense",  # 400
    "/participants/export.csv?country=XX",  # 400 text/plain
    "/search/?q=%00%FF",
    "/robots.txt",
    "/favicon.ico",
    "/sitemap.xml",
]


def test_every_kind_of_answer_carries_the_headers(client, demo_site):
    for url in SURFACES:
        check_headers(client.get(url), url)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    with production_settings(tmp_path_factory.mktemp("static")):
        yield


def test_production_sends_them_on_pages_and_static_files(production, demo_site):
    client = HttpsClient()
    for url in [*SURFACES, staticfiles_storage.url("css/site.css")]:
        check_headers(client.get(url), url)
    static = client.get(staticfiles_storage.url("css/site.css"))
    assert static.status_code == 200
    assert static.headers["Content-Type"].startswith("text/css")
