"""The signatories' map costs a phone nothing until its reader scrolls to it: Leaflet, the
markers and the country outlines held the main thread of a phone for most of a second on
/participants/ while the filters and the list above the map were being read."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NARROW, wait_for_map

pytestmark = pytest.mark.usefixtures("demo_site")


def test_on_a_phone_the_map_loads_only_when_scrolled_to(open_page):
    page = open_page(viewport=NARROW)
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto("/participants/", wait_until="load")
    page.wait_for_load_state("networkidle")

    assert page.evaluate("typeof window.L") == "undefined"
    assert not [url for url in requested if url.endswith((".js", ".geojson")) and "leaflet" in url]
    assert not [url for url in requested if url.endswith("map.geojson")]
    the_map = page.locator("#signatory-map")
    assert the_map.get_attribute("data-markers") is None

    the_map.scroll_into_view_if_needed()

    every_signatory = page.locator(".directory-summary strong").inner_text()
    expect(the_map).to_have_attribute("data-markers", every_signatory)
    expect(the_map.locator(".marker-cluster").first).to_be_visible()
    # No tile server answers in the tests: the map falls back to its own country outlines.
    expect(the_map.locator(".leaflet-basemap-pane canvas")).to_have_count(1)


def test_without_a_tile_server_the_map_shows_its_markers_on_its_own_outlines(page, settings):
    """MAP_TILES_URL empty is a supported setting (no third-party tiles): the markers still
    cluster (the cluster layer takes its zoom limit from the map, which no tile layer gives)."""
    settings.MAP_TILES_URL = ""
    page.goto("/participants/")
    the_map = page.locator("#signatory-map")
    the_map.scroll_into_view_if_needed()

    every_signatory = page.locator(".directory-summary strong").inner_text()
    expect(the_map).to_have_attribute("data-markers", every_signatory)
    expect(the_map.locator(".signatory-map__error")).to_have_count(0)
    expect(the_map.locator(".leaflet-tile-pane img")).to_have_count(0)
    expect(the_map.locator(".leaflet-basemap-pane canvas")).to_have_count(1)


def test_marker_images_load_when_static_file_names_are_hashed(page):
    """In production the static files have hashed names (marker-icon.<hash>.png in leaflet.css),
    from which Leaflet cannot guess the images' folder: it asked for marker-icon.png beside the
    page, a 404 and a broken image for every marker. Here leaflet.css is given hashed names the
    way collectstatic writes them."""

    def hashed_stylesheet(route):
        response = route.fetch()
        body = response.text().replace("images/marker-icon.png", "images/marker-icon.0a1b2c3d.png")
        route.fulfill(response=response, body=body)

    page.route("**/leaflet/leaflet.css", hashed_stylesheet)
    errors = []
    page.on("response", lambda response: response.status >= 400 and errors.append(response.url))
    page.goto("/participants/")
    wait_for_map(page)

    markers = page.locator("#signatory-map img.leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    broken = page.evaluate(
        """() => [...document.querySelectorAll("#signatory-map .leaflet-marker-pane img")]
            .filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src)"""
    )
    assert not broken, f"Broken marker images: {broken}"
    assert not errors, f"Requests that failed: {errors}"
