"""/favicon.ico: browsers, feed readers and crawlers ask for it at the root of the site whatever
the page says, and a 404 there is an error in every browser console. Pages link their icons
from the static files (base.html); this answers the root address with the same file."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = "img/favicon.ico"


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
def favicon_ico(request):
    path = finders.find(ICON)
    if path is None:  # pragma: no cover - the file is committed in pactsite/static/
        raise Http404("No favicon")
    return FileResponse(open(path, "rb"), content_type="image/vnd.microsoft.icon")
