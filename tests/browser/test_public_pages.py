"""Every public page type, in one visit each: no WCAG 2.2 A/AA violation that axe-core finds
(1280 px), nothing refused by the strict Content Security Policy and no script error, and, on a
360 px phone, no sideways scrolling. Every failed check is reported, not only the first."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations, axe_violations, describe_violations
from tests.browser.helpers import (
    NARROW,
    assert_no_csp_violations,
    assert_no_horizontal_scroll,
    assert_no_script_errors,
    use_narrow,
    wait_for_map,
)
from tests.browser.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.usefixtures("demo_site")


def _failures(*checks):
    """Run each check; the messages of those that failed."""
    failures = []
    for check in checks:
        try:
            check()
        except AssertionError as failure:
            failures.append(str(failure))
    return failures


def _no_axe_violations(page):
    def check():
        violations = axe_violations(page)
        assert not violations, (
            f"axe found {len(violations)} WCAG A/AA violation(s) on {page.url} at "
            f"{page.viewport_size['width']}px:\n" + describe_violations(violations)
        )

    return check


@pytest.mark.parametrize("path, shows, status", PUBLIC_PAGES)
def test_public_page_is_accessible_runs_under_the_csp_and_fits_a_phone(page, path, shows, status):
    response = page.goto(path)

    assert response.status == status
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    expect(page.locator("main")).to_contain_text(shows)
    # head.js, served from 'self', ran before the first paint: it swaps "no-js" for "js".
    expect(page.locator("html")).to_have_class("js")
    wait_for_map(page)

    failures = _failures(
        _no_axe_violations(page),
        lambda: assert_no_csp_violations(page),
        lambda: assert_no_script_errors(page),
    )
    use_narrow(page)
    failures += _failures(lambda: assert_no_horizontal_scroll(page))
    assert not failures, "\n\n".join(failures)


def test_narrow_home_page_with_the_menu_open_has_no_wcag_violations(open_page):
    page = open_page(viewport=NARROW)
    page.goto("/")
    page.get_by_role("button", name="Menu").click()

    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert_no_axe_violations(page)
