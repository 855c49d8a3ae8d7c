"""Browser tests: the site served by pytest-django's live server and used in Debian's Chromium,
driven by Playwright.

Every test in this folder is marked `browser`. Where Chromium or axe-core is missing they are
skipped and the run's summary says why in one line; with REQUIRE_BROWSER_TESTS=1 (CI) that is
an error instead. README.md, "Browser tests", tells how to write one.
"""

import os

import pytest
from django.core.management import call_command

from tests import migrated_database
from tests.browser.availability import CHROMIUM, CHROMIUM_ARGS, browser_tests_unavailable
from tests.browser.axe import BASE_DIR
from tests.browser.helpers import DESKTOP, save_screenshots, watch_console

BROWSER_TESTS_DIR = BASE_DIR / "tests" / "browser"
# Long enough for a slow CI machine, short enough that a wrong selector fails soon.
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


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an asyncio loop running in this thread, which makes
    # Django refuse ORM calls from the test ("You cannot call this from an async context").
    # The test's own ORM calls are synchronous; the live server answers in its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    """Debian's Chromium, headless, shared by the whole run (never a downloaded browser)."""
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


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
def _migrated_database(transactional_db):
    """Start every browser test from the database as migrated, whatever ran before. The live
    server reads committed data only, so browser tests run in real transactions (pytest-django
    empties the database after each): create test data in fixtures or in the test itself, with
    the factories, before the page asks for it."""
    migrated_database.restore()


@pytest.fixture
def demo_site():
    """The demo content of `load_demo`, as a newcomer sees it after `make run`."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def test_only_urls(settings):
    """Serve tests/browser/urls.py: the site plus pages that break rules on purpose. These URLs
    exist only in tests that ask for this fixture."""
    settings.ROOT_URLCONF = "tests.browser.urls"
