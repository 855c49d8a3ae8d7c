"""The browser tests' own instruments work: each check fails on a page that breaks its rule,
e-mail sent by the live server reaches the test, logging in works, a failure leaves a picture."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations, axe_violations
from tests.browser.helpers import (
    ARTIFACTS_DIR,
    NARROW,
    assert_no_csp_violations,
    assert_no_horizontal_scroll,
    focus_outline,
    force_login,
    login_admin,
    outbox_link,
    save_screenshots,
    tab_to,
)

pytestmark = pytest.mark.usefixtures("test_only_urls", "home_page")


def test_axe_runs_under_the_strict_csp_and_reports_an_image_without_alt(page):
    response = page.goto("/__browser-test__/image-without-alt/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy

    assert [violation["id"] for violation in axe_violations(page)] == ["image-alt"]
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    assert "image-alt" in str(failure.value)
    assert "Images must have alternative text" in str(failure.value)
    assert "at img" in str(failure.value)
    # Running axe was itself no CSP violation.
    assert_no_csp_violations(page)


def test_csp_check_reports_an_inline_script_the_browser_refused(page):
    page.goto("/__browser-test__/inline-script/")

    expect(page.locator("#inline-result")).to_have_text("blocked")
    with pytest.raises(AssertionError, match="Content Security Policy"):
        assert_no_csp_violations(page)


def test_layout_check_names_what_makes_a_page_scroll_sideways(open_page):
    page = open_page(viewport=NARROW)
    page.goto("/__browser-test__/too-wide/")

    with pytest.raises(AssertionError, match=r"scrolls sideways.*pre\.unbroken"):
        assert_no_horizontal_scroll(page)


def test_the_browser_reaches_the_live_server_and_no_other_host(page):
    page.goto("/search/")

    with pytest.raises(PlaywrightError, match="ERR_NAME_NOT_RESOLVED"):
        page.goto("http://tiles.example.org/0/0/0.png")


def test_keyboard_checks_report_a_missing_outline_and_an_unreachable_element(page):
    page.goto("/search/")
    tab_to(page, ".skip-link")
    page.keyboard.press("Enter")

    # The skip link's target, <main tabindex="-1">, takes the focus but draws no outline.
    assert focus_outline(page)["style"] == "none"
    with pytest.raises(AssertionError, match=r"Tab never reached '#nowhere'.*input#search-q"):
        tab_to(page, "#nowhere", max_presses=5)


def test_e_mail_sent_by_the_live_server_is_in_the_test_outbox(page):
    page.goto("/__browser-test__/send-confirmation/")
    expect(page.get_by_role("heading", name="E-mail sent")).to_be_visible()

    link = outbox_link(r"token=", to="new.signatory@example.org")

    assert link == "/search/?q=confirmed&token=a1b2"
    page.goto(link)
    expect(page.get_by_label("Search the whole site")).to_have_value("confirmed")
    with pytest.raises(AssertionError, match="Confirm your e-mail address"):
        outbox_link(r"/no-such-link/")


def test_login_admin_signs_an_editor_in_through_the_login_form(page, superuser):
    login_admin(page, superuser)

    expect(page.get_by_text("Secretariat editor").first).to_be_visible()


def test_login_admin_reports_why_the_login_form_refused(page, superuser):
    with pytest.raises(AssertionError, match=r"could not log in: .*(email|password)"):
        login_admin(page, superuser, password="not the password")


def test_force_login_gives_a_session_without_the_form(page, superuser, live_server):
    force_login(page, superuser, live_server.url)
    page.goto("/admin/")

    assert "/admin/login/" not in page.url
    expect(page.get_by_text("Secretariat editor").first).to_be_visible()


def test_a_failing_test_leaves_a_screenshot_per_page(open_page):
    visitor, editor = open_page(), open_page(viewport=NARROW)
    visitor.goto("/")
    editor.goto("/search/")

    saved = save_screenshots("test_journey[one person]", [visitor, editor])
    try:
        assert saved == [
            ARTIFACTS_DIR / "test_journey-one-person.png",
            ARTIFACTS_DIR / "test_journey-one-person-2.png",
        ]
        for path in saved:
            assert path.read_bytes().startswith(b"\x89PNG")
    finally:
        for path in saved:
            path.unlink()
