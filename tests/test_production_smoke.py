"""A smoke pass under production settings (tests/production.py: DEBUG off, the hashed static
manifest after a real collectstatic, HTTPS): every public page type and output, and every admin
screen the secretariat, a superuser and a signatory can reach, answer without a server error.

The admin screens are not listed by hand: the pass starts from every admin URL pattern that
takes no argument and from the admin menus, opens an editor for every page type, then follows
every admin link the screens show (once per kind of screen), so a new screen is covered the day
it appears. A screen that asks for a static file missing from the manifest (as the signatory
listing's yes/no columns once did) fails here as it fails in production.
"""

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from wagtail.admin.menu import admin_menu
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from core.visibility import publicly_visible
from pact.models import InitiativePage, SignatoryIndexPage
from pact.signatory_rights.signatories import own_signatory_page
from tests.browser.public_pages import PUBLIC_PAGES
from tests.factories import InitiativePageFactory, make_signatory
from tests.production import HttpsClient, production_settings

# A crawl of every screen under production's serving settings, which do not depend on the
# database engine: CI runs it once, on the SQLite pass.
pytestmark = pytest.mark.slow_checks

# Screens that end the session, and Wagtail's screen that fails on purpose (to try error pages).
SKIPPED_VIEWS = {"wagtailadmin_logout", "logout", "wagtailadmin_error_test"}
# How many addresses of one view to open (with different query parameter names).
VISITS_PER_VIEW = 2
ADMIN_LINK = re.compile(r"""(?:"|'|&quot;)(/admin/[^"'<>\s]*?)(?="|'|&quot;)""")


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    with production_settings(tmp_path_factory.mktemp("static")):
        yield


def get(client, url):
    """The status of one GET, or the exception it raised (the test client re-raises a view's
    exception instead of answering 500)."""
    try:
        response = client.get(url)
    except Exception as error:  # noqa: BLE001 - every failure is reported together
        return None, f"{type(error).__name__}: {error}"
    if response.status_code >= 500:
        return response, f"answered {response.status_code}"
    return response, None


# --- Public pages ----------------------------------------------------------------------------


def routable_subpage_urls(page):
    """The addresses of a routable page's sub-routes that take no argument (/calendar/feed.ics,
    /participants/map.geojson, /toolkit/poster/...)."""
    urls = []
    for pattern in page.get_resolver().url_patterns:
        if isinstance(pattern, URLPattern) and pattern.pattern.regex.groups == 0 and pattern.name:
            url = page.url + page.reverse_subpage(pattern.name)
            # Data files (feed.ics, map.geojson) are served without the final slash.
            urls.append(re.sub(r"(\.\w+)/$", r"\1", url))
    return urls


def public_urls():
    """Every address a visitor or a client program opens, with the status it must answer: the
    browser tests' list of pages, one page of every type with its sub-routes and API detail,
    the feeds and the API."""
    urls = {param.values[0]: param.values[2] for param in PUBLIC_PAGES}
    found = set()
    for model in get_page_models():
        if model is Page:
            continue
        page = publicly_visible(model.objects.all()).first()
        if page is None:
            continue
        found.add(page.url)
        if isinstance(page, RoutablePageMixin):
            found.update(routable_subpage_urls(page))
        found.add(f"/api/v2/pages/{page.pk}/")
    for kind in ("initiatives", "news", "events"):
        found.update({f"/feeds/{kind}/", f"/feeds/{kind}/atom/", f"/feeds/{kind}/?p=prevention"})
    found.update(
        {
            "/robots.txt",
            "/sitemap.xml",
            "/api/v2/openapi.json",
            "/api/v2/pages/",
            "/api/v2/images/",
            "/api/v2/documents/",
            "/api/v2/pages/?type=pact.EventPage&upcoming=true",
        }
    )
    return {url: urls.get(url, 200) for url in sorted(found | set(urls))}


def page_types_shown(urls):
    types = set()
    for url in urls:
        page = Page.find_for_request(RequestFactory().get(url), url)
        if page is not None:
            types.add(type(page.specific))
    return types


@pytest.mark.django_db
def test_every_public_page_type_and_output_answers_in_production(production, demo_site):
    client = HttpsClient()
    urls = public_urls()
    failures = []
    for url, status in urls.items():
        response, error = get(client, url)
        if error or response.status_code != status:
            failures.append(f"{url}: {error or response.status_code}, not {status}")

    assert not failures, "\n".join(failures)
    # Every page type the demo has was opened, not only the listed addresses.
    demo_types = {
        model
        for model in get_page_models()
        if model is not Page and publicly_visible(model.objects.all()).exists()
    }
    assert demo_types <= page_types_shown(urls) | {type(Page.get_first_root_node())}
    assert len(demo_types) >= 10


# --- Admin screens ---------------------------------------------------------------------------


def argument_free_admin_urls():
    """Every admin URL pattern that takes no argument: /admin/..., from the URL resolver."""
    urls = []

    def walk(patterns, prefix):
        for pattern in patterns:
            regex = pattern.pattern.regex
            if regex.groups:
                continue
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\", "")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif route.startswith("admin/") and not any(c in route for c in "()[]?*+<"):
                urls.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return urls


def menu_urls(user):
    """The addresses of the admin menu and its submenus, as `user` sees them."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = []

    def walk(menu):
        for item in menu.menu_items_for_request(request):
            if hasattr(item, "menu"):
                walk(item.menu)
            elif getattr(item, "url", "").startswith("/admin/"):
                urls.append(item.url)

    walk(admin_menu)
    return urls


def screen_key(url):
    """One kind of screen: the view that answers it and the names of its query parameters."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name, tuple(sorted({key for key, _ in parse_qsl(parts.query)}))


def crawl_admin(client, seeds, required=()):
    """Open the seeds, then every admin link they show, once per kind of screen; `required`
    addresses are opened whatever kind of screen they are."""
    queue = list(dict.fromkeys([*required, *seeds]))
    required = set(required)
    seen_screens, per_view, visited, failures = set(), {}, {}, []
    while queue:
        url = queue.pop(0)
        key = screen_key(url)
        if key is None or key[0] in SKIPPED_VIEWS or url in visited:
            continue
        if url not in required and (
            key in seen_screens or per_view.get(key[0], 0) >= VISITS_PER_VIEW
        ):
            continue
        seen_screens.add(key)
        per_view[key[0]] = per_view.get(key[0], 0) + 1
        response, error = get(client, url)
        visited[url] = None
        if error:
            failures.append(f"{url}: {error}")
            continue
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            text = response.content.decode(errors="replace")
            queue.extend(html.unescape(link) for link in ADMIN_LINK.findall(text))
    return list(visited), failures


def editor_urls():
    """The editor of one page of every type, and the form that adds one under its parent."""
    urls = []
    for model in get_page_models():
        page = model.objects.order_by("-depth").first()
        if page is None or model is Page:
            continue
        urls.append(f"/admin/pages/{page.pk}/edit/")
        urls.append(f"/admin/pages/{page.pk}/")
        parent = page.get_parent()
        meta = model._meta
        urls.append(f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{parent.pk}/")
    return urls


@pytest.fixture
def signatory(demo_site, superuser):
    """An approved signatory with an initiative, as it logs in to the admin."""
    directory = SignatoryIndexPage.objects.get()
    application = make_signatory(directory, superuser, "City of Smoketown")
    page = own_signatory_page(application.user)
    InitiativePageFactory(parent=page, title="Smoketown safe schools")
    return application.user


def assert_admin_answers(user, expect_screens):
    client = HttpsClient()
    client.force_login(user)
    menu = menu_urls(user)
    seeds = ["/admin/", *menu, *argument_free_admin_urls()]
    # Every menu address is opened, even when it is a kind of screen seen already (two settings
    # models answer to one view: wagtailsettings:edit).
    visited, failures = crawl_admin(
        client, seeds, required=[*expect_screens, *editor_urls(), *menu]
    )

    assert not failures, "\n".join(failures)
    assert set(menu) <= {urlsplit(url).path for url in visited} | set(visited)
    for screen in expect_screens:
        assert screen in visited, f"{screen} was not opened; visited: {visited}"
    return visited


@pytest.mark.django_db
def test_every_admin_screen_of_the_secretariat_answers_in_production(
    production, signatory, secretariat_user
):
    visited = assert_admin_answers(
        secretariat_user,
        ["/admin/", "/admin/accounts/signatoryapplication/", "/admin/pages/"],
    )
    assert any(url.startswith("/admin/accounts/signatoryapplication/inspect/") for url in visited)
    assert len(visited) > 40


@pytest.mark.django_db
def test_every_admin_screen_of_a_superuser_answers_in_production(production, signatory, superuser):
    visited = assert_admin_answers(
        superuser, ["/admin/", "/admin/accounts/signatoryapplication/", "/admin/users/"]
    )
    assert len(visited) > 60


@pytest.mark.django_db
def test_every_admin_screen_of_a_signatory_answers_in_production(production, signatory):
    own_page = own_signatory_page(signatory)
    initiative = InitiativePage.objects.child_of(own_page).get()
    assert_admin_answers(
        signatory,
        ["/admin/", f"/admin/pages/{own_page.pk}/edit/", f"/admin/pages/{initiative.pk}/edit/"],
    )


@pytest.mark.django_db
def test_uploads_are_served_only_once_a_public_page_uses_them_in_production(production, demo_site):
    """Issue 16, item 1, under production settings: an upload no live public page uses is not
    listed and its files answer 404; one the demo's public pages use is served
    (core/media_access.py). The proxy serves no file of MEDIA_ROOT itself (README.md)."""
    import io

    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from core.media_access import publicly_used
    from tests.joining import image_bytes, pdf_bytes

    Image, Document = get_image_model(), get_document_model()
    client = HttpsClient()
    used = publicly_used(Image.objects.all()).first()
    assert used is not None
    assert client.get(used.file.url).status_code == 200
    assert client.get(used.get_rendition("max-165x165").url).status_code == 200
    image = Image(title="Unused upload")
    image.file.save("u.png", ImageFile(io.BytesIO(image_bytes()), name="u.png"), save=False)
    image.save()
    document = Document(title="Unused document")
    document.file.save("u.pdf", ContentFile(pdf_bytes()), save=False)
    document.save()
    for url in (
        image.file.url,
        image.get_rendition("max-165x165").url,
        document.url,
        document.file.url,
        f"/api/v2/images/{image.pk}/",
        f"/api/v2/documents/{document.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    listed = client.get("/api/v2/images/?limit=100").json()["items"]
    assert image.pk not in {item["id"] for item in listed}
