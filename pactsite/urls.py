"""URL map of the whole site. Wagtail's page serving comes last and catches everything else."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from accounts import urls as accounts_urls
from core.media_access import serve_document, serve_media
from core.media_choices import chosen_media
from home.favicon import favicon_ico
from home.sitemap import sitemap_index, sitemap_section
from home.views import robots_txt
from pact.signatory_rights.narrow_admin import ChosenPagesView
from pact.views import api_not_found, openapi_json, serve_data_file
from pactsite.api import api_router
from search import views as search_views

urlpatterns = [
    *accounts_urls.admin_urlpatterns,
    # Before Wagtail's: its view answers the title of any page id (narrow_admin.py).
    path(
        "admin/choose-page/chosen-multiple/",
        require_admin_access(ChosenPagesView.as_view()),
        name="wagtailadmin_choose_page_chosen_multiple",
    ),
    # Two-step login (accounts/two_factor.py) and personal-data rights (privacy/).
    path("account/two-factor/", include("accounts.two_factor")),
    path("", include("privacy.urls")),
    # The media choosers' "chosen" answers, only for media the user may choose (they name any).
    re_path(
        r"^admin/(?P<kind>images|documents)/chooser/"
        r"(chosen/(?P<pk>[^/]+)/|chosen-multiple/|(?P<image_id>\d+)/select_format/)$",
        require_admin_access(chosen_media),
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Documents: Wagtail's view, with who may fetch each one decided by core/media_access.py.
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="document_file"),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/openapi.json", openapi_json, name="openapi"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found, name="api_not_found"),
    path("search/", search_views.search, name="search"),
    path("feeds/", include("alerts.feed_urls")),
    path("alerts/", include("alerts.urls")),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon_ico, name="favicon_ico"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [
    # Uploaded files, in development and production alike: each is served only when a public
    # page uses it, or to those who may manage it (core/media_access.py).
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media, name="media"),
    # Data files answered by page routes (/calendar/feed.ics, /participants/map.geojson...):
    # Wagtail's own pattern only matches addresses ending in a slash.
    re_path(
        r"^((?:[\w\-]+/)*[\w\-]+\.(?:ics|geojson|csv|json))$", serve_data_file, name="data_file"
    ),
    path("", include(accounts_urls)),
    path("", include(wagtail_urls)),
]
