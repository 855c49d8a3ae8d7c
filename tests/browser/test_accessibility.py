"""WCAG 2.2 A/AA, checked by axe-core in Chromium, on every public page type."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import NARROW
from tests.browser.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.usefixtures("demo_site")


@pytest.mark.parametrize("path, shows, status", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violations(page, path, shows, status):
    response = page.goto(path)

    assert response.status == status
    expect(page.locator("main")).to_contain_text(shows)
    assert_no_axe_violations(page)


def test_narrow_home_page_with_the_menu_open_has_no_wcag_violations(open_page):
    page = open_page(viewport=NARROW)
    page.goto("/")
    page.get_by_role("button", name="Menu").click()

    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert_no_axe_violations(page)
