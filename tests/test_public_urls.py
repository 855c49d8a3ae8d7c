"""One public address: served at PUBLIC_BASE_URL (a host and port no test uses otherwise), every
absolute address the site gives out starts with it, whatever Host the request named; and
`manage.py sync_site`, which points the Wagtail Site record at it, or refuses what it cannot."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Page, Site

from alerts.models import Subscription
from core.public_urls import check_site_is_synced, public_base_url, sync_site
from tests.factories import (
    CalendarPageFactory,
    EventPageFactory,
    ImageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SignatoryPageFactory,
    ToolkitPageFactory,
    UserFactory,
    make_signatory,
)
from tests.joining import join_data
from toolkit import poster
from toolkit.badges import badge_snippets

BASE = "http://pact.example.test:8123"
# Hosts a client may name: the address the server happens to listen on, and a forged one.
REQUEST_HOSTS = ("127.0.0.1:8000", "evil.example")
# Absolute addresses in text; third-party ones (share targets, the licence) are left out where
# a surface has them.
ADDRESS = re.compile(r"(?:https?|webcal)://[^\s\"'<>]+")


def serve_at(settings, base_url):
    """Serve the site at `base_url`, with the Wagtail settings pactsite/settings/base.py derives
    from it."""
    settings.PUBLIC_BASE_URL = base_url
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = base_url


def assert_public(addresses, where):
    """Every address starts with the public base URL (webcal: its host and port)."""
    assert addresses, f"{where}: no absolute address found"
    for address in addresses:
        expected = BASE.replace("http://", "webcal://") if address.startswith("webcal:") else BASE
        assert address == expected or address.startswith(expected + "/"), (where, address)


def bodies(client, path, **extra):
    """The body of `path` asked for under each request host, checked for any trace of the host
    the request named (or of the addresses the site had before: testserver, localhost)."""
    found = []
    for host in REQUEST_HOSTS:
        response = client.get(path, HTTP_HOST=host, **extra)
        assert response.status_code == 200, (path, host, response.status_code)
        body = response.getvalue().decode()  # the exports are streamed
        for stray in (host.split(":")[0], "testserver", "localhost"):
            assert stray not in body, (path, host, stray)
        found.append(body)
    return found


def json_addresses(value):
    """Every absolute address among the strings of a JSON document."""
    if isinstance(value, dict):
        return [found for item in value.values() for found in json_addresses(item)]
    if isinstance(value, list):
        return [found for item in value for found in json_addresses(item)]
    return [value] if isinstance(value, str) and ADDRESS.fullmatch(value) else []


def xml_addresses(body):
    """The addresses of a sitemap or feed: in <loc>, <link>, <guid>, <id> and href attributes
    (the feeds' GUIDs are tag: URIs, which name no host)."""
    found = []
    for element in ET.fromstring(body).iter():
        if element.get("href"):
            found.append(element.get("href"))
        if element.tag.rsplit("}", 1)[-1] in {"loc", "link", "guid", "id"} and element.text:
            found.append(element.text.strip())
    return [value for value in found if ADDRESS.fullmatch(value)]


def mail_addresses(messages):
    """The addresses in e-mails: text and HTML bodies and List-Unsubscribe."""
    found = []
    for message in messages:
        texts = [message.body, *(content for content, _ in message.alternatives)]
        texts.append(message.extra_headers.get("List-Unsubscribe", ""))
        for text in texts:
            found += ADDRESS.findall(text)
            assert "evil.example" not in text and "127.0.0.1" not in text
    return found


@pytest.fixture
def public_site(settings, home_page):
    """The site served at BASE, its Site record synced as on a deploy."""
    serve_at(settings, BASE)
    sync_site()
    return home_page


@pytest.fixture
def content(public_site, directory):
    """One of each kind of public page, for every surface to have something to give."""
    signatory = SignatoryPageFactory(parent=directory, title="Ghent", slug="ghent")
    signatory.logo = ImageFactory()
    signatory.save_revision().publish()
    published = {"first_published_at": timezone.now(), "ps": ["prevention"]}
    initiative = InitiativePageFactory(parent=signatory, title="Safe schools", **published)
    calendar = CalendarPageFactory(parent=public_site)
    event = EventPageFactory(parent=calendar, title="Training", **published)
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=public_site), title="Launch")
    ToolkitPageFactory(parent=public_site)
    return {"signatory": signatory, "initiative": initiative, "event": event, "news": news}


# Pages, the sitemap and robots.txt


def test_sitemap_and_robots_txt_give_the_public_address(client, content):
    for body in bodies(client, "/sitemap.xml"):
        addresses = xml_addresses(body)
        assert BASE + "/sitemap-pages.xml" in addresses
        assert_public(addresses, "sitemap.xml")
    for body in bodies(client, "/sitemap-pages.xml"):
        addresses = xml_addresses(body)
        assert BASE + "/participants/ghent/" in addresses
        assert_public(addresses, "sitemap-pages.xml")
    for body in bodies(client, "/robots.txt"):
        assert f"Sitemap: {BASE}/sitemap.xml" in body
        assert_public(ADDRESS.findall(body), "robots.txt")


def test_canonical_open_graph_and_share_links_give_the_public_address(client, content):
    # A page with its own image, a page with the default one, and a view that is no page.
    for path in ("/participants/ghent/", "/news/launch/", "/alerts/subscribe/"):
        for body in bodies(client, path):
            html = BeautifulSoup(body, "html.parser")
            addresses = [html.find("link", rel="canonical")["href"]]
            for name in ("og:url", "og:image", "twitter:image"):
                tag = html.find("meta", property=name) or html.find("meta", attrs={"name": name})
                addresses.append(tag["content"])
            for link in html.select('a[href^="https://www.facebook.com/sharer"]'):
                addresses += parse_qs(urlsplit(link["href"]).query)["u"]
            assert addresses[0] == BASE + path
            assert_public(addresses, path)


def test_the_calendar_page_offers_its_feed_at_the_public_address(client, content):
    for body in bodies(client, "/calendar/?p=prevention"):
        html = BeautifulSoup(body, "html.parser")
        addresses = [
            html.find("link", type="text/calendar")["href"],
            html.find("a", type="text/calendar")["href"],
            html.find("input", id="feed-address")["value"],
            html.find("a", href=re.compile("^webcal:"))["href"],
        ]
        assert addresses[0] == BASE + "/calendar/feed.ics?p=prevention"
        assert addresses[-1] == "webcal://pact.example.test:8123/calendar/feed.ics?p=prevention"
        assert_public(addresses, "/calendar/")


# Machine outputs


def test_rss_and_atom_feeds_give_the_public_address(client, content):
    items = {"initiatives": "/participants/ghent/safe-schools/", "news": "/news/launch/"}
    items["events"] = "/calendar/training/"
    for kind, item in items.items():
        for path in (f"/feeds/{kind}/?p=prevention", f"/feeds/{kind}/atom/"):
            path = path.replace("?p=prevention", "") if kind == "news" else path
            for body in bodies(client, path):
                addresses = xml_addresses(body)
                assert BASE + item in addresses
                assert BASE + path in addresses  # the feed's own address
                assert_public(addresses, path)


def test_api_addresses_and_openapi_servers_are_the_public_address(client, content):
    paths = [
        "/api/v2/pages/",
        "/api/v2/pages/?type=pact.SignatoryPage&fields=*",
        f"/api/v2/pages/{content['initiative'].pk}/",
        f"/api/v2/pages/{content['signatory'].pk}/",
    ]
    for path in paths:
        for body in bodies(client, path):
            assert_public(json_addresses(json.loads(body)), path)
    meta = json.loads(bodies(client, paths[2])[-1])["meta"]
    assert meta["html_url"] == BASE + "/participants/ghent/safe-schools/"
    assert meta["detail_url"] == f"{BASE}/api/v2/pages/{content['initiative'].pk}/"
    for body in bodies(client, "/api/v2/openapi.json"):
        assert json.loads(body)["servers"] == [{"url": BASE}]


def test_exports_and_map_data_give_the_public_address(client, content):
    for body in bodies(client, "/participants/export.csv"):
        rows = list(csv.DictReader(io.StringIO(body)))
        assert [row["url"] for row in rows] == [BASE + "/participants/ghent/"]
    for body in bodies(client, "/participants/export.json"):
        data = json.loads(body)
        data.pop("licence")  # a third party's address
        assert data["source"] == BASE + "/participants/"
        assert_public(json_addresses(data), "export.json")
    for body in bodies(client, "/participants/map.geojson"):
        data = json.loads(body)
        assert data["features"][0]["properties"]["url"] == BASE + "/participants/ghent/"
        assert_public(json_addresses(data), "map.geojson")


def test_calendar_files_give_the_public_address_and_host(client, content):
    for path in ("/calendar/feed.ics", "/calendar/training/ics/"):
        for body in bodies(client, path):
            [event] = Calendar.from_ical(body).walk("VEVENT")
            assert str(event["URL"]) == BASE + "/calendar/training/"
            assert str(event["UID"]) == f"event-{content['event'].pk}@pact.example.test"
            assert_public(ADDRESS.findall(str(event["DESCRIPTION"])), path)


# E-mails, the poster and the badge


def test_alert_emails_link_to_the_public_address(client, content):
    for host in REQUEST_HOSTS:
        data = {"email": f"reader@{host.split(':')[0]}.org", "news": "on", "frequency": "daily"}
        client.post("/alerts/subscribe/", data, HTTP_HOST=host)
    Subscription.objects.create(
        email="old.reader@example.org", news=True, confirmed_at=timezone.now() - timedelta(days=9)
    )
    call_command("send_digest", frequency="weekly", stdout=io.StringIO())

    assert len(mail.outbox) == 3  # two confirmations, one digest
    addresses = mail_addresses(mail.outbox)
    assert BASE + "/news/launch/" in addresses
    assert_public(addresses, "alert e-mails")


def test_account_emails_link_to_the_public_address(client, content, directory, secretariat_user):
    UserFactory(email="known@example.org")
    for host in REQUEST_HOSTS:
        client.post("/join/", join_data(email=f"robin@{host.split(':')[0]}.org"), HTTP_HOST=host)
        client.post("/join/", join_data(email="known@example.org"), HTTP_HOST=host)
        client.post("/account/password-reset/", {"email": "known@example.org"}, HTTP_HOST=host)
    verify = next(a for a in mail_addresses(mail.outbox) if "/join/verify/" in a)
    client.post(urlsplit(verify).path, HTTP_HOST="evil.example")  # tells the secretariat
    make_signatory(directory, secretariat_user, "City of Approved")

    subjects = {message.subject for message in mail.outbox}
    assert len(subjects) >= 5  # verify, account exists, reset, new signatory, approved
    addresses = mail_addresses(mail.outbox)
    assert any("/account/password-reset/" in address for address in addresses)
    assert_public(addresses, "account e-mails")


def test_poster_qr_code_and_badge_snippets_lead_to_the_public_address(
    client, content, directory, secretariat_user
):
    application = make_signatory(directory, secretariat_user, "Ypres")
    assert poster.qr_url_for(application.user) == BASE + "/participants/ypres/"
    assert poster.qr_url_for(AnonymousUser()) == poster.campaign_url() == BASE + "/"
    snippets = [badge["snippet"] for group in badge_snippets() for badge in group["badges"]]
    assert_public([a for snippet in snippets for a in ADDRESS.findall(snippet)], "badges")
    for body in bodies(client, "/toolkit/badge/"):
        html = BeautifulSoup(body, "html.parser")
        codes = [code.get_text() for code in html.select("textarea.badge-snippet__code")]
        assert_public([a for code in codes for a in ADDRESS.findall(code)], "/toolkit/badge/")


# sync_site


def site_writes(function):
    """What `function` wrote to the database, as SQL statements."""
    with CaptureQueriesContext(connection) as queries:
        function()
    return [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]


def test_sync_site_points_the_site_at_the_setting_once(settings, home_page):
    serve_at(settings, BASE)
    out = io.StringIO()
    call_command("sync_site", stdout=out)
    assert out.getvalue().strip() == (
        "The default site's address was http://testserver, now http://pact.example.test:8123."
    )
    site = Site.objects.get()
    assert (site.hostname, site.port, site.root_page_id) == (
        "pact.example.test",
        8123,
        home_page.pk,
    )
    assert site.root_url == public_base_url() == BASE
    assert site.site_name == settings.WAGTAIL_SITE_NAME

    again = io.StringIO()
    writes = site_writes(lambda: call_command("sync_site", stdout=again))
    assert again.getvalue().strip() == f"The default site already serves {BASE}: nothing to do."
    assert [sql for sql in writes if "wagtailcore_site" in sql] == []


def test_sync_site_creates_the_default_site_on_the_home_page(client, settings, home_page):
    serve_at(settings, "https://Pact.Example.org:443/")
    Site.objects.all().delete()
    out = io.StringIO()
    call_command("sync_site", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home_page.pk
    assert site.root_url == public_base_url() == "https://pact.example.org"
    assert "Created the default site at https://pact.example.org" in out.getvalue()
    assert client.get("/", HTTP_HOST="pact.example.org").context["page"].pk == home_page.pk


def test_sync_site_says_what_to_do_when_there_is_no_home_page(settings, root_page):
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    with pytest.raises(CommandError, match="Create the home page"):
        call_command("sync_site")
    assert not Site.objects.exists()


def test_sync_site_will_not_take_another_sites_address(settings, home_page):
    other = home_page.add_child(instance=Page(title="Other", slug="other"))
    Site.objects.create(hostname="pact.example.test", port=8123, root_page=other)
    serve_at(settings, BASE)
    with pytest.raises(CommandError, match="Another site already answers"):
        call_command("sync_site")
    assert Site.objects.get(is_default_site=True).hostname == "testserver"


@pytest.mark.parametrize(
    "value, reason",
    [
        ("https://pact.example.org:8443", "cannot be https on port 8443"),
        ("http://pact.example.org:443", "cannot be http on port 443"),
        ("https://pact.example.org/pact", "cannot have a path"),
        ("pact.example.org", "must be an http:// or https:// address"),
        ("http://[::1]:8000", "cannot be an IPv6 address"),
    ],
)
def test_an_address_the_site_record_cannot_hold_is_refused(settings, home_page, value, reason):
    serve_at(settings, value)
    [error] = [message for message in run_checks() if message.id == "core.E001"]
    assert reason in error.msg
    with pytest.raises(CommandError, match=re.escape(reason)):
        call_command("sync_site")
    assert Site.objects.get().root_url == "http://testserver"


def test_a_site_left_unsynced_is_reported_by_the_database_check(settings, home_page):
    assert check_site_is_synced(databases=["default"]) == []
    serve_at(settings, BASE)
    [warning] = check_site_is_synced(databases=["default"])
    assert warning.id == "core.W001" and "sync_site" in warning.hint
    sync_site()
    assert check_site_is_synced(databases=["default"]) == []
