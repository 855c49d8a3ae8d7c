"""RSS and Atom feeds: /feeds/<kind>/ and /feeds/<kind>/atom/ (see alerts.feeds)."""

from django.urls import path

from alerts.feeds import feed_views
from alerts.items import KINDS

app_name = "feeds"

urlpatterns = []
for _kind in KINDS:
    _rss, _atom = feed_views(_kind)
    urlpatterns += [
        path(f"{_kind}/", _rss, name=_kind),
        path(f"{_kind}/atom/", _atom, name=f"{_kind}_atom"),
    ]
