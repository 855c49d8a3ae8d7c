"""The public pages work under their strict Content Security Policy: the browser refuses
nothing, and the site's own script runs."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_csp_violations, assert_no_script_errors
from tests.browser.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.usefixtures("demo_site")


@pytest.mark.parametrize("path, shows, status", PUBLIC_PAGES)
def test_public_page_runs_without_content_security_policy_violations(page, path, shows, status):
    response = page.goto(path)

    assert "unsafe-inline" not in response.headers["content-security-policy"]
    expect(page.locator("main")).to_contain_text(shows)
    # site.js, served from 'self', ran: it swaps the "no-js" class for "js".
    expect(page.locator("html")).to_have_class("js")
    assert_no_csp_violations(page)
    assert_no_script_errors(page)
