"""The layout works for people: on a 360 px phone without sideways scrolling, and by keyboard
alone, with the focus always visible."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    DESKTOP,
    NARROW,
    focus_outline,
    focused,
    tab_stops,
    tab_to,
    use_desktop,
)

pytestmark = pytest.mark.usefixtures("demo_site")


def test_menu_button_folds_and_unfolds_the_main_navigation_by_keyboard(open_page):
    page = open_page(viewport=NARROW)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    search_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Search")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(search_link).to_be_hidden()

    tab_to(page, ".nav-toggle")
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(search_link).to_be_visible()

    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(search_link).to_be_hidden()

    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page).startswith("a"), "the next Tab stop after the open menu is its first link"
    expect(search_link).to_be_visible()


def test_on_a_wide_screen_the_navigation_shows_without_a_menu_button(open_page):
    page = open_page(viewport=NARROW)
    page.goto("/")
    use_desktop(page)

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Search")
    ).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "narrow"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(open_page, viewport):
    page = open_page(viewport=viewport)
    page.goto("/search/")
    skip_link = page.get_by_role("link", name="Skip to main content")

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search the whole site")).to_be_focused()


def test_every_tab_stop_shows_a_visible_focus_outline(page):
    page.goto("/search/?q=children")

    stops = []
    for where in tab_stops(page):
        stops.append(where)
        outline = focus_outline(page)
        assert outline["style"] != "none" and outline["width"] >= 2, (
            f"{where} has the keyboard focus but no visible outline: {outline}"
        )
    # The walk went from the skip link through the search result and the footer's links...
    assert "Skip to main content" in stops[0], stops
    first_result = page.locator(".search-results a").first.inner_text().strip()
    # (focused() names an element by the first 40 characters of its text)
    assert any(first_result[:40] in stop for stop in stops), stops
    assert "Open data (API)" in " ".join(stops), stops
    # ...to the footer's last link, the events feed.
    assert stops[-1] == 'a "events"', stops


def test_search_works_by_keyboard_alone(page):
    page.goto("/search/")

    tab_to(page, "#search-q")
    page.keyboard.type("children")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(re.compile(r"\d+ results? for “children”"))

    first_result = page.locator(".search-results a").first.inner_text().strip()
    tab_to(page, ".search-results a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(first_result)
