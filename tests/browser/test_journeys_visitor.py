"""A visitor's journey on the demo site, in Chromium: finds a signatory on the map and in the
list below it, filters the directory by keyboard, opens an initiative, downloads the calendar
feed, searches and opens a result."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.helpers import focused, tab_to, wait_for_map

pytestmark = pytest.mark.usefixtures("demo_site")

STRASBOURG = "City of Strasbourg"

# Keeps a handle on the Leaflet map the page makes, so that the test knows where on the screen
# a signatory's place is (as a person looking at the map does). Injected through the DevTools
# protocol, which the page's Content Security Policy does not govern; it changes nothing.
REMEMBER_THE_MAP = """(() => {
    let leaflet;
    Object.defineProperty(window, "L", {
        configurable: true,
        get() { return leaflet; },
        set(value) {
            leaflet = value;
            if (value && value.Map && !value.__testHook) {
                value.__testHook = true;
                value.Map.addInitHook(function () { window.__signatoryMap = this; });
            }
        },
    });
})();"""

_MAP_IS_STILL = """() => {
    const map = window.__signatoryMap;
    return map && !map._animatingZoom && !document.querySelector(".leaflet-cluster-anim");
}"""

_CLUSTER_OVER = """([lat, lng]) => {
    const map = window.__signatoryMap;
    const point = map.latLngToContainerPoint([lat, lng]);
    const box = map.getContainer().getBoundingClientRect();
    const x = box.left + point.x, y = box.top + point.y;
    let best = null, bestDistance = Infinity;
    document.querySelectorAll("#signatory-map .marker-cluster").forEach((el, index) => {
        const r = el.getBoundingClientRect();
        const d = Math.hypot(r.left + r.width / 2 - x, r.top + r.height / 2 - y);
        if (d < bestDistance) { best = index; bestDistance = d; }
    });
    return best;
}"""


def _place_of(page, name):
    collection = page.request.get("/participants/map.geojson").json()
    for feature in collection["features"]:
        if feature["properties"]["name"] == name:
            longitude, latitude = feature["geometry"]["coordinates"]
            return latitude, longitude
    raise AssertionError(f"{name} is not in the map's data")


def test_visitor_finds_a_signatory_on_the_map_and_in_the_list_below_it(page):
    page.add_init_script(REMEMBER_THE_MAP)
    page.goto("/participants/")
    wait_for_map(page)
    the_map = page.locator("#signatory-map")
    every_signatory = page.locator(".directory-summary strong").inner_text()
    expect(the_map).to_have_attribute("data-markers", every_signatory)
    expect(the_map.locator(".marker-cluster").first).to_be_visible()

    # Bring Strasbourg to the middle of the map (as dragging the map does), click the cluster
    # over it until its own marker shows, then open its popup.
    place = _place_of(page, STRASBOURG)
    marker = the_map.locator(f'.leaflet-marker-icon[title="{STRASBOURG}"]')
    for _ in range(10):
        page.wait_for_function(_MAP_IS_STILL)
        page.evaluate(
            "(place) => window.__signatoryMap.panTo(place, {animate: false})", list(place)
        )
        if marker.is_visible():
            break
        the_map.locator(".marker-cluster").nth(page.evaluate(_CLUSTER_OVER, place)).click()
    marker.click()
    popup_link = the_map.locator(".leaflet-popup-content").get_by_role("link", name=STRASBOURG)
    expect(popup_link).to_be_visible()

    # The same signatory in the list below the map, reached and opened by keyboard.
    page.goto("/participants/")
    wait_for_map(page)
    tab_to(page, '.signatory-card a[href$="/city-of-strasbourg/"]', max_presses=200)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/participants/city-of-strasbourg/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(STRASBOURG)


def test_visitor_filters_the_directory_by_keyboard_and_opens_an_initiative(page):
    page.goto("/participants/")

    tab_to(page, "#filter-country")
    page.keyboard.type("France")
    expect(page.locator("#filter-country")).to_have_value("FR")
    tab_to(page, "#filter-p")
    page.keyboard.type("Prevention")
    expect(page.locator("#filter-p")).to_have_value("prevention")
    tab_to(page, ".directory-filters button[type='submit']")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Signatories in France")
    expect(page.locator(".directory-count")).to_have_text(
        re.compile(r"^\d+ signator(y|ies) in France matching the filters below\.$")
    )
    expect(page).to_have_url(re.compile(r"country=FR"))
    first_card = page.locator(".signatory-card__name a").first
    signatory = first_card.inner_text()
    tab_to(page, ".signatory-card__name a", max_presses=200)
    assert signatory in focused(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(signatory)

    initiative = page.locator(".initiative-item__title a").first
    title = initiative.inner_text()
    initiative.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text(signatory)


def test_visitor_downloads_the_calendar_feed(page):
    page.goto("/calendar/")
    link = page.get_by_role("link", name="Download the .ics file")

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    calendar = Calendar.from_ical(download.path().read_bytes())

    assert download.suggested_filename.endswith(".ics")
    events = list(calendar.walk("VEVENT"))
    shown = page.locator(".event-card__title, .event-item__title, main h3").all_inner_texts()
    assert events, "the feed has no event"
    summaries = {str(event["SUMMARY"]) for event in events}
    assert any(text.strip() in summaries for text in shown), (summaries, shown)


def test_visitor_searches_from_the_header_and_opens_a_result(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Search the whole site").fill("training")
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_contain_text(re.compile(r"\d+ results? for “training”"))
    first_result = page.locator(".search-results a").first
    title = first_result.inner_text().strip()
    first_result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
