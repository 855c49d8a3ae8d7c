"""The sign-up form by keyboard alone and with its errors shown, and the signatory's dashboard in
the admin: WCAG 2.2 A/AA, a Tab order that follows what the eye reads, errors that take the
focus so that they are announced, nothing typed lost."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import (
    assert_no_csp_violations,
    assert_no_horizontal_scroll,
    force_login,
    tab_to,
    use_narrow,
)
from tests.factories import make_signatory

_FOCUSED_CONTROL = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return {id: el.id || el.name || el.tagName, top: Math.round(box.top + window.scrollY),
            left: Math.round(box.left)};
}"""


@pytest.mark.usefixtures("home_page")
def test_sign_up_form_tab_order_follows_the_visual_order(page):
    page.goto("/join/?profile=authority")

    tab_to(page, "#id_organisation_name")
    stops = [page.evaluate(_FOCUSED_CONTROL)]
    while not page.evaluate("() => document.activeElement.matches('.join-form [type=submit]')"):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(_FOCUSED_CONTROL))
        assert len(stops) < 40, f"Tab never reached the Sign up button: {stops}"

    ids = [stop["id"] for stop in stops]
    assert ids[:3] == ["id_organisation_name", "id_kind", "id_country"], ids
    assert "id_homepage" not in ids, "the hidden trap field for robots takes no Tab stop"
    # Top to bottom, and left to right on one line: never back up the page.
    positions = [(stop["top"], stop["left"]) for stop in stops]
    assert all(
        later[0] > earlier[0] or (later[0] == earlier[0] and later[1] > earlier[1])
        for earlier, later in zip(positions, positions[1:], strict=False)
    ), stops
    expected = page.eval_on_selector_all(
        ".join-form input:not([type=hidden]):not([tabindex='-1']), .join-form select, "
        ".join-form textarea, .join-form button, .join-form a[href]",
        "(elements) => elements.map((el) => el.id || el.name || el.tagName)",
    )
    assert ids == expected, "the Tab order is the order of the form's fields"


@pytest.mark.usefixtures("home_page")
def test_sign_up_errors_take_the_focus_keep_what_was_typed_and_pass_wcag(page):
    page.goto("/join/?profile=authority")
    tab_to(page, "#id_organisation_name")
    page.keyboard.type("City of Lanternbury")
    tab_to(page, ".join-form [type=submit]")
    page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Organisation name")).to_have_value("City of Lanternbury")
    # Each error in the summary is a link to its field.
    summary.get_by_role("link", name="Country").first.press("Enter")
    expect(page.get_by_label("Country")).to_be_focused()

    assert_no_axe_violations(page)
    assert_no_csp_violations(page)
    use_narrow(page)
    assert_no_horizontal_scroll(page)


def test_signatory_dashboard_panels_pass_wcag(page, directory, superuser, live_server):
    signatory = make_signatory(directory, superuser, "Town of Lanternbury")
    force_login(page, signatory.user, live_server.url)
    page.goto("/admin/")

    expect(page.get_by_role("heading", name="Your page")).to_be_visible()
    expect(page.get_by_role("link", name="Edit your page")).to_be_visible()
    # Our own panels only: the rest of the admin is Wagtail's, tested by Wagtail.
    panels = ["#signatory-page-section", "#signatory-awaiting-section"]
    panels.append("#signatory-initiatives-section")
    for panel in panels:
        expect(page.locator(panel)).to_be_visible()
    assert_no_axe_violations(page, {"include": [[panel] for panel in panels]})
