"""HTTP caching and compression (pact/caching.py): what is the same for everyone is shared by
caches, revalidated with a content ETag and compressed; what carries a form token, a logged-in
user, a page password or a preview never is; publishing tells the shared cache in front."""

import datetime
import gzip
import os
import urllib.request

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from monitoring.models import MonitoringSettings, PossibleAction
from pact.caching import SharedCachingMiddleware
from tests import migrated_database
from tests.browser.public_pages import PUBLIC_PAGES
from tests.conftest import make_home_page, purged_paths
from tests.factories import (
    CampaignPageFactory,
    SignatoryIndexPageFactory,
    SignatoryPageFactory,
    ToolkitPageFactory,
)
from tests.server_processes import (
    PROJECT,
    database_url_for_other_processes,
    free_socket,
    start_gunicorn,
    stop,
)

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def campaign(home_page):
    return CampaignPageFactory(parent=home_page, title="Schools against violence", slug="schools")


def is_shared(response):
    return "public" in response.get("Cache-Control", "")


# Public pages: shared, revalidated, compressed.


@pytest.mark.parametrize("url", ["/", "/schools/"])
def test_a_page_the_same_for_everyone_is_shared_and_revalidated(client, campaign, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=600"
    assert "Cookie" in response["Vary"]
    assert not response.cookies
    etag = response["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again["Cache-Control"] == response["Cache-Control"]


def test_a_page_changed_by_publishing_is_sent_again(client, campaign):
    etag = client.get("/schools/")["ETag"]
    campaign.title = "Schools and clubs against violence"
    campaign.save_revision().publish()
    after = client.get("/schools/", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert "Schools and clubs" in after.content.decode()


def test_the_footer_alert_box_leaves_pages_without_a_form_token(client, campaign):
    """Every page has the footer's e-mail box: with a CSRF token in it, no page could be shared."""
    page = client.get("/schools/")
    assert b"csrfmiddlewaretoken" not in page.content
    assert b'name="from_footer"' in page.content
    assert "csrftoken" not in page.cookies


def test_the_footer_box_still_fills_in_the_form_and_subscribing_still_needs_a_token(home_page):
    strict = Client(enforce_csrf_checks=True)
    filled = strict.post("/alerts/subscribe/", {"email": "reader@example.org", "from_footer": "1"})
    assert filled.status_code == 200
    assert 'value="reader@example.org"' in filled.content.decode()
    assert not is_shared(filled)

    forged = strict.post("/alerts/subscribe/", {"email": "reader@example.org", "news": "on"})
    assert forged.status_code == 403


def test_shared_pages_and_data_are_compressed_for_clients_that_accept_it(client, campaign):
    for url in ("/schools/", "/api/v2/pages/", "/participants/map.geojson"):
        if url.startswith("/participants/"):
            SignatoryPageFactory(parent=SignatoryIndexPageFactory(parent=campaign.get_parent()))
        plain = client.get(url)
        packed = client.get(url, headers=GZIP)
        assert packed["Content-Encoding"] == "gzip", url
        assert gzip.decompress(packed.content) == plain.content, url
        assert "Accept-Encoding" in packed["Vary"]
        # The compressed answer's ETag is the weak form of the same content ETag, and either
        # form revalidates it.
        assert packed["ETag"] == "W/" + plain["ETag"]
        for etag in (packed["ETag"], plain["ETag"]):
            again = client.get(url, headers={"If-None-Match": etag, **GZIP})
            assert again.status_code == 304, url
            assert again["ETag"] == packed["ETag"]


def test_an_etag_depends_on_the_content_version_not_on_the_process(client, campaign):
    """Another process has another in-memory cache: forgetting this one's changes nothing."""
    etag = client.get("/schools/")["ETag"]
    data_etag = client.get("/api/v2/pages/?limit=1")["ETag"]
    cache.clear()
    assert client.get("/schools/")["ETag"] == etag
    assert client.get("/api/v2/pages/?limit=1")["ETag"] == data_etag


def test_a_matching_etag_is_answered_before_the_view_runs(client, campaign, directory):
    """The 304 of a visitor without a session costs one query (the content version), however
    heavy the page: nothing is rendered. It carries the headers of the shared answer."""
    for url in ("/schools/", "/participants/", "/api/v2/pages/?limit=5"):
        shared = client.get(url, headers=GZIP)
        assert shared.status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            again = client.get(url, headers={"If-None-Match": shared["ETag"], **GZIP})
        assert again.status_code == 304, url
        assert len(captured.captured_queries) <= 1, url
        assert again["ETag"] == shared["ETag"]
        assert again["Cache-Control"] == shared["Cache-Control"]
        assert "Cookie" in again["Vary"]


def test_an_etag_is_for_one_address_and_one_day(client, campaign):
    today = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(today, tick=False):
        etag = client.get("/schools/")["ETag"]
        assert client.get("/schools/", headers={"If-None-Match": etag}).status_code == 304
        assert client.get("/schools/?x=1", headers={"If-None-Match": etag}).status_code == 200
        assert client.get("/", headers={"If-None-Match": etag}).status_code == 200
    with time_machine.travel(today + datetime.timedelta(days=1), tick=False):
        assert client.get("/schools/", headers={"If-None-Match": etag}).status_code == 200


def test_a_made_up_or_another_sites_etag_is_not_answered_early(client, campaign):
    assert (
        client.get("/schools/", headers={"If-None-Match": '"0123456789abcdef"'}).status_code == 200
    )
    etag = client.get("/schools/")["ETag"]
    other = client.get("/schools/", headers={"If-None-Match": etag}, HTTP_HOST="other.example")
    assert other.status_code != 304


def test_a_logged_in_user_holding_a_shared_etag_gets_the_page_again(admin_client, campaign):
    etag = Client().get("/schools/")["ETag"]
    mine = admin_client.get("/schools/", headers={"If-None-Match": etag})
    assert mine.status_code == 200
    assert mine["Cache-Control"] == "private, no-cache"


def test_saving_a_setting_or_a_possible_action_changes_every_etag(client, campaign):
    etag = client.get("/schools/")["ETag"]
    MonitoringSettings.load().save()
    changed = client.get("/schools/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    action = PossibleAction.objects.first()
    if action is not None:
        action.save()
        assert (
            client.get("/schools/", headers={"If-None-Match": changed["ETag"]}).status_code == 200
        )


# Every public page type of the demo (the browser tests' list): with no form token, shared.
NEVER_SHARED_PAGES = {
    "toolkit-poster",
    "join-profile",
    "join-form",
    "login",
    "password-reset",
    "alerts-subscribe",
}


def test_every_public_page_type_without_a_form_is_shared_and_the_others_never(client, demo_site):
    shared, private = set(), set()
    for param in PUBLIC_PAGES:
        url, _, status = param.values
        if status != 200:
            continue
        response = client.get(url, headers=GZIP)
        assert response.status_code == 200, url
        if is_shared(response):
            shared.add(param.id)
            again = client.get(url, headers={"If-None-Match": response["ETag"], **GZIP})
            assert again.status_code == 304, url
            assert response["Content-Encoding"] == "gzip", url
            assert b"csrfmiddlewaretoken" not in gzip.decompress(response.content), url
        else:
            private.add(param.id)
            assert_private(response)
    assert private == NEVER_SHARED_PAGES
    assert {"home", "directory", "signatory", "calendar", "search-with-results"} <= shared


# What is never shared nor compressed.


def assert_private(response):
    assert response.status_code == 200
    assert not is_shared(response)
    assert "ETag" not in response
    assert "Content-Encoding" not in response


def test_a_page_with_a_form_token_is_never_shared_nor_compressed(client, home_page):
    ToolkitPageFactory(parent=home_page, slug="toolkit")
    poster = client.get("/toolkit/poster/", headers=GZIP)
    assert b"csrfmiddlewaretoken" in poster.content
    assert_private(poster)
    join = client.get("/join/", headers=GZIP)
    assert_private(join)
    assert join["Cache-Control"] == "private, no-cache"


def test_a_logged_in_users_pages_are_never_shared_nor_compressed(admin_client, campaign):
    for url in ("/schools/", "/api/v2/pages/"):
        response = admin_client.get(url, headers=GZIP)
        assert_private(response)
        assert response["Cache-Control"] == "private, no-cache"


def test_a_page_password_session_is_never_shared(client, campaign):
    secret = CampaignPageFactory(parent=campaign.get_parent(), title="Board room", slug="board")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    form = client.get("/board/", headers=GZIP)
    assert b"s3cret" not in form.content
    assert_private(form)

    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{secret.pk}/",
        {"password": "s3cret", "return_url": "/board/"},
    )
    behind = client.get("/board/", headers=GZIP)
    assert "Board room" in behind.content.decode()
    assert_private(behind)
    # The same visitor's other pages are not shared either: they are answered for a session.
    assert_private(client.get("/schools/", headers=GZIP))


def test_an_answer_that_sets_a_cookie_is_never_shared(rf, settings):
    """E.g. a page showing a message (the messages cookie is cleared) or a new session."""

    def view(request):
        response = HttpResponse("<p>Thank you, Robin.</p>" * 20, content_type="text/html")
        response.set_cookie("messages", "")
        return response

    request = rf.get("/thanks/", headers=GZIP)
    request.user = AnonymousUser()
    response = SharedCachingMiddleware(view)(request)
    assert_private(response)
    assert response["Cache-Control"] == "private, no-cache"


def test_a_preview_is_never_shared(admin_client, campaign):
    campaign.title = "Draft title"
    campaign.save_revision()
    draft = admin_client.get(f"/admin/pages/{campaign.pk}/view_draft/", headers=GZIP)
    assert "Draft title" in draft.content.decode()
    assert_private(draft)


# Telling the shared cache.


def test_publishing_purges_the_page_and_what_lists_it(shared_cache, campaign):
    directory = SignatoryIndexPageFactory(parent=campaign.get_parent())
    shared_cache.clear()
    town = SignatoryPageFactory(parent=directory, title="Town", slug="town", live=False)
    town.save_revision().publish()

    paths = purged_paths(shared_cache)
    assert {"/participants/town/", "/participants/", "/"} <= paths
    assert {"/participants/map.geojson", "/participants/export.csv", "/schools/"} <= paths
    assert {"/feeds/initiatives/", "/feeds/news/atom/", "/sitemap.xml"} <= paths


def test_unpublishing_and_deleting_purge_the_page(shared_cache, campaign):
    campaign.unpublish()
    assert {"/schools/", "/"} <= purged_paths(shared_cache)
    shared_cache.clear()
    campaign.delete()
    assert {"/schools/", "/"} <= purged_paths(shared_cache)


def test_moving_a_page_purges_where_it_and_its_subpages_were_and_are(shared_cache, campaign):
    other = CampaignPageFactory(parent=campaign.get_parent(), title="Clubs", slug="clubs")
    CampaignPageFactory(parent=campaign, title="Primary", slug="primary")
    shared_cache.clear()
    campaign.move(other, pos="last-child")
    assert {"/schools/", "/clubs/schools/", "/clubs/", "/"} <= purged_paths(shared_cache)
    assert {"/schools/primary/", "/clubs/schools/primary/"} <= purged_paths(shared_cache)


def test_a_new_slug_purges_the_old_address(
    shared_cache, campaign, django_capture_on_commit_callbacks
):
    campaign.slug = "schools-and-clubs"
    # Wagtail says a slug changed once the transaction is committed.
    with django_capture_on_commit_callbacks(execute=True):
        campaign.save_revision().publish()
    assert {"/schools/", "/schools-and-clubs/"} <= purged_paths(shared_cache)


def test_no_purge_without_a_configured_cache(settings, campaign):
    """No FRONTEND_CACHE_PURGE_URL: publishing works and sends nothing."""
    assert not getattr(settings, "WAGTAILFRONTENDCACHE", None)
    campaign.save_revision().publish()


# Two server processes, no Redis.


def get(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_two_server_processes_without_redis_give_one_etag(transactional_db, tmp_path):
    """Two gunicorn processes, each with its own in-memory cache, on one database (a SQLite
    file, or PostgreSQL): the same answer has the same ETag, and either answers 304 to the
    other's."""
    migrated_database.restore()  # an earlier test in real transactions may have emptied it
    home = make_home_page()
    CampaignPageFactory(parent=home, title="Schools against violence", slug="schools")
    SignatoryPageFactory(parent=SignatoryIndexPageFactory(parent=home))
    database_url = database_url_for_other_processes(tmp_path)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="pactsite.settings.test")
    listeners = [free_socket(), free_socket()]
    servers = [start_gunicorn(listener, env) for listener in listeners]
    try:
        ports = [listener.getsockname()[1] for listener in listeners]
        for path in ("/api/v2/pages/?limit=1", "/participants/map.geojson", "/schools/"):
            for headers in ({}, GZIP):
                answers = [get(port, path, headers) for port in ports]
                assert [status for status, _ in answers] == [200, 200], path
                etags = [answer["ETag"] for _, answer in answers]
                assert etags[0] == etags[1], path
                for port in ports:
                    status, _ = get(port, path, {"If-None-Match": etags[0], **headers})
                    assert status == 304, (path, port)
    finally:
        stop(servers)
        for listener in listeners:
            listener.close()


def test_the_readme_says_what_the_proxy_compresses_and_purges():
    deployment = (PROJECT / "README.md").read_text().split("## Deploying to production")[1]
    deployment = deployment.split("\n## ")[0]
    for words in ("FRONTEND_CACHE_PURGE_URL", "PURGE", "compress", "gzip", "BREACH"):
        assert words in deployment, words


def test_a_search_leaves_the_etags_as_they_are(client, campaign):
    """Site search counts its queries (Wagtail's search promotions): no content changes."""
    etag = client.get("/schools/")["ETag"]
    client.get("/search/", {"q": "schools"})
    assert client.get("/schools/", headers={"If-None-Match": etag}).status_code == 304
