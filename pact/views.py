"""Views of the pact app that sit outside Wagtail's page routing."""

from wagtail import views as wagtail_views


def serve_ics_path(request, path):
    """Serve an address ending in .ics (e.g. /calendar/feed.ics) through the page tree.

    Wagtail only routes addresses made of slugs ending in a slash; this hands "calendar/feed.ics"
    to it as "calendar/feed.ics/", so a page's routes ("feed.ics/") answer it, with Wagtail's
    own checks (live pages, privacy) applied as for any page.
    """
    return wagtail_views.serve(request, path + "/")
