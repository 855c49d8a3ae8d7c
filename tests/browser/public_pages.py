"""The public pages every browser check visits (on the demo site), with a text that proves the
page shows the state being checked (a search with results really has results). Features add
their page types here: one entry per page type, or per state of a page that looks different."""

import pytest

PUBLIC_PAGES = [
    pytest.param("/", "One child in five", 200, id="home"),
    pytest.param("/pact/", "Prevention", 200, id="pact"),
    pytest.param("/pact/prevention/", "Prevention", 200, id="pact-p-listing"),
    pytest.param("/one-in-five/", "ONE in FIVE", 200, id="campaign"),
    pytest.param("/news/", "News", 200, id="news-index"),
    pytest.param("/news/sample-awareness-programme/", "Sample news", 200, id="news-item"),
    pytest.param("/participants/", "City of Strasbourg", 200, id="directory"),
    pytest.param(
        "/participants/?country=FR&p=prevention",
        "Signatories in France",
        200,
        id="directory-filtered",
    ),
    pytest.param("/participants/?q=zzzz", "No signatory", 200, id="directory-no-match"),
    # Status badges of every colour, and grey markers on the map (issue 19).
    pytest.param("/participants/?status=on_hold", "Status: On hold", 200, id="directory-on-hold"),
    pytest.param("/participants/city-of-strasbourg/", "City of Strasbourg", 200, id="signatory"),
    pytest.param(
        "/participants/city-of-strasbourg/training-for-everyone-who-works-with-children/",
        "Training for everyone who works with children",
        200,
        id="initiative",
    ),
    pytest.param("/participants/country/fr/", "Lanzarote Convention", 200, id="country"),
    pytest.param("/progress/", "Signatories over time", 200, id="progress"),
    pytest.param(
        "/progress/?country=FR&p=prevention",
        "Actions in place, Prevention, in France",
        200,
        id="progress-filtered",
    ),
    pytest.param("/good-practices/", "Selected good practice", 200, id="good-practices"),
    pytest.param(
        "/good-practices/?q=training&p=prevention&country=FR",
        "Filters in force",
        200,
        id="good-practices-filtered",
    ),
    pytest.param(
        "/good-practices/?q=zzzzz", "No initiative matches", 200, id="good-practices-none"
    ),
    pytest.param("/calendar/", "Calendar of events", 200, id="calendar"),
    pytest.param(
        "/calendar/training-for-school-staff-lyon/",
        "Recognising the signs",
        200,
        id="event",
    ),
    pytest.param("/toolkit/", "Toolkit", 200, id="toolkit"),
    pytest.param("/toolkit/poster/", "Make your poster", 200, id="toolkit-poster"),
    pytest.param("/toolkit/badge/", "badge", 200, id="toolkit-badge"),
    pytest.param("/search/", "Search the whole site", 200, id="search"),
    pytest.param("/search/?q=children", "results for", 200, id="search-with-results"),
    pytest.param("/search/?q=zebra", "Nothing matches", 200, id="search-without-results"),
    pytest.param("/join/", "Step 1 of 2", 200, id="join-profile"),
    pytest.param("/join/?profile=authority", "Step 2 of 2", 200, id="join-form"),
    pytest.param("/account/login/", "Log in", 200, id="login"),
    pytest.param("/account/password-reset/", "Reset your password", 200, id="password-reset"),
    pytest.param("/alerts/subscribe/", "E-mail alerts", 200, id="alerts-subscribe"),
    pytest.param("/privacy/", "Privacy notice", 200, id="privacy"),
    pytest.param("/no-such-page/", "There is no page at this address", 404, id="page-not-found"),
]
