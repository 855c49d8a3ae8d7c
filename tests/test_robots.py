"""/robots.txt as crawlers read it: Python's urllib.robotparser applies the first rule that
matches, so the Disallow lines must come before `Allow: /` or they are never reached."""

from urllib.robotparser import RobotFileParser

import pytest


@pytest.mark.parametrize("agent", ["*", "Googlebot", "SomeOtherBot"])
def test_a_first_match_parser_keeps_crawlers_out_of_admin_and_alert_links(client, home_page, agent):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())

    for path in ("/admin/", "/admin/pages/", "/alerts/", "/alerts/unsubscribe/abc/"):
        assert not parser.can_fetch(agent, f"http://testserver{path}"), path
    for path in ("/", "/participants/", "/news/", "/calendar/feed.ics", "/api/v2/pages/"):
        assert parser.can_fetch(agent, f"http://testserver{path}"), path
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]
