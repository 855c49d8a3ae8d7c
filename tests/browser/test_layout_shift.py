"""Nothing jumps while a page loads on a phone: the cumulative layout shift (CLS) of every public
page type, measured by Chromium itself at 360 px wide, stays under 0.1, the "good" threshold of
Core Web Vitals that Lighthouse and search engines use.

A shift is what a reader meets as text moving away from under their eyes or finger: the
navigation folded by a script after the first paint moved every page's content by some 330 px
(CLS 0.32). The browser's own record (PerformanceObserver 'layout-shift', buffered: every shift
since the navigation started) is read once the page has loaded and its map, if any, has drawn
its markers."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NARROW, wait_for_map
from tests.browser.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.usefixtures("demo_site")

# Core Web Vitals' limit of a "good" cumulative layout shift.
GOOD_CLS = 0.1

# Every layout shift since the navigation began that no input caused (those are expected), with
# what moved; read after two animation frames, so the last frame's shifts are recorded.
_LAYOUT_SHIFTS = """() => new Promise((resolve) => {
    const shifts = [];
    const describe = (node) => !node ? "?" : node.nodeName.toLowerCase()
        + (node.id ? "#" + node.id : "")
        + (typeof node.className === "string" && node.className.trim()
            ? "." + node.className.trim().split(/\\s+/).join(".") : "");
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) {
                shifts.push({value: entry.value,
                             moved: entry.sources.map((source) => describe(source.node))});
            }
        }
    }).observe({type: "layout-shift", buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(shifts)));
})"""


def layout_shifts(page):
    """The layout shifts the page has had so far, as [{"value", "moved"}]."""
    return page.evaluate(_LAYOUT_SHIFTS)


@pytest.mark.parametrize("path, shows, status", PUBLIC_PAGES)
def test_public_page_does_not_jump_while_it_loads_on_a_phone(open_page, path, shows, status):
    page = open_page(viewport=NARROW)
    response = page.goto(path, wait_until="load")
    assert response.status == status
    expect(page.locator("main")).to_contain_text(shows)
    wait_for_map(page)

    shifts = layout_shifts(page)

    total = sum(shift["value"] for shift in shifts)
    assert total < GOOD_CLS, (
        f"{path} jumps while it loads at 360 px: cumulative layout shift {total:.3f} "
        f"(good is under {GOOD_CLS}). Shifts: "
        + "; ".join(f"{shift['value']:.3f} moving {', '.join(shift['moved'])}" for shift in shifts)
    )


def test_without_scripts_the_navigation_shows_open_on_a_phone_with_no_menu_button(
    browser, live_server
):
    """The fold is only drawn where a script can unfold it: with scripts off, there is no button
    that would do nothing, and every link of the menu is there."""
    context = browser.new_context(
        base_url=live_server.url, viewport=NARROW, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.locator("html")).to_have_class("no-js")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Search")
        ).to_be_visible()
    finally:
        context.close()
