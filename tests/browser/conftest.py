"""Browser tests: the site served by pytest-django's live server and used in Debian's Chromium,
driven by Playwright.

Every test in this folder is marked `browser`. Where Chromium or axe-core is missing they are
skipped and the run's summary says why in one line; with REQUIRE_BROWSER_TESTS=1 (CI) that is
an error instead. README.md, "Browser tests", tells how to write one.
"""

import os

import pytest

from tests import migrated_database
from tests.browser.availability import CHROMIUM, CHROMIUM_ARGS, browser_tests_unavailable
from tests.browser.axe import BASE_DIR
from tests.browser.helpers import DESKTOP, save_screenshots, watch_console
from tests.demo_database import put_demo_in_database

BROWSER_TESTS_DIR = BASE_DIR / "tests" / "browser"
# How long actions and expect() wait for the page: long enough for a slow CI machine, short
# enough that a wrong selector fails soon.
DEFAULT_TIMEOUT_MS = 10_000

_opened_pages = pytest.StashKey[list]()
_skip_reason = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests `browser` (before `-m` selects), and skip them where they
    cannot run."""
    browser_items = [item for item in items if BROWSER_TESTS_DIR in item.path.parents]
    if not browser_items:
        return
    reason = browser_tests_unavailable()
    if reason and os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        raise pytest.UsageError(f"Browser tests must run here (REQUIRE_BROWSER_TESTS=1): {reason}")
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"Browser tests skipped: {reason}"))
    if reason:
        config.stash[_skip_reason] = reason


def pytest_terminal_summary(terminalreporter, config):
    reason = config.stash.get(_skip_reason, "")
    if reason:
        terminalreporter.write_line(f"Browser tests skipped: {reason}", yellow=True, bold=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, save what each of its pages showed at that moment."""
    report = yield
    pages = item.stash.get(_opened_pages, [])
    if report.failed and pages:
        for path in save_screenshots(item.name, pages):
            report.sections.append(("Screenshot", str(path)))
    return report


# The browser


class _Chromium:
    """Playwright and Debian's Chromium, started by the first browser test and stopped after the
    last one of a run of them, not at the end of the session: while Playwright's synchronous API
    is up, its asyncio loop counts as running in this thread, and Django refuses ORM calls from
    a thread with a running loop ("You cannot call this from an async context"). The browser
    tests may make those calls (DJANGO_ALLOW_ASYNC_UNSAFE is set while Chromium runs: the test
    itself is synchronous, the live server answers in its own thread); no later test is
    affected."""

    def __init__(self):
        self.playwright = None
        self.browser = None
        self.async_unsafe = None

    def start(self):
        if self.browser is None:
            from playwright.sync_api import expect, sync_playwright

            expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
            self.async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
        return self.browser

    def stop(self):
        if self.browser is None:
            return
        self.browser.close()
        self.playwright.stop()
        self.browser = self.playwright = None
        if self.async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self.async_unsafe


_chromium = _Chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or "browser" not in nextitem.fixturenames:
        _chromium.stop()


def pytest_sessionfinish(session):
    _chromium.stop()


@pytest.fixture
def browser():
    """Debian's headless Chromium (never a downloaded browser), shared by consecutive tests."""
    return _chromium.start()


@pytest.fixture
def open_page(request, browser, live_server):
    """Open a page in a fresh browser context, with its own cookies: one per person in a journey
    (`visitor = open_page(); editor = open_page()`). Pages open at the live server
    (page.goto("/search/")), in a desktop window unless `viewport=NARROW` is given, and record
    their console (helpers.assert_no_csp_violations)."""
    contexts = []
    pages = request.node.stash.setdefault(_opened_pages, [])

    def open_page(viewport=DESKTOP):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        watch_console(page)
        pages.append(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A page in a fresh browser context, 1280 px wide, at the live server."""
    return open_page()


# The data the live server serves


@pytest.fixture(autouse=True)
def _public_address_is_the_live_server(settings, live_server):
    """Serve the site at its public address, as in production: every absolute address it gives
    (feed links, canonical links...) leads back to the live server. The Wagtail settings are
    copies of PUBLIC_BASE_URL, as in pactsite/settings/base.py; sites made later (home_page,
    demo_site) are synced to it."""
    settings.PUBLIC_BASE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = live_server.url


@pytest.fixture(autouse=True)
def _migrated_database(transactional_db):
    """Start every browser test from the database as migrated, whatever ran before. The live
    server reads committed data only, so browser tests run in real transactions (pytest-django
    empties the database after each): create test data in fixtures or in the test itself, with
    the factories, before the page asks for it."""
    migrated_database.restore()


@pytest.fixture
def demo_site(_migrated_database, _public_address_is_the_live_server):
    """The demo content of `load_demo`, as a newcomer sees it after `make run` (its site synced
    to the live server), searchable; built once per process (tests/demo_database.py)."""
    put_demo_in_database()


@pytest.fixture
def test_only_urls(settings):
    """Serve tests/browser/urls.py: the site plus pages that break rules on purpose. These URLs
    exist only in tests that ask for this fixture."""
    settings.ROOT_URLCONF = "tests.browser.urls"
