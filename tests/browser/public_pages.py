"""The public pages every browser check visits, with a text that proves the page shows the state
being checked (a search with results really has results). Features add their page types here."""

import pytest

PUBLIC_PAGES = [
    pytest.param("/", "One child in five", 200, id="home"),
    pytest.param("/search/", "Search the site", 200, id="search"),
    pytest.param("/search/?q=children", "results for", 200, id="search-with-results"),
    pytest.param("/search/?q=zebra", "Nothing matches", 200, id="search-without-results"),
    pytest.param("/no-such-page/", "There is no page at this address", 404, id="page-not-found"),
]
