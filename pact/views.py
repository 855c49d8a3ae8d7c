"""Views of the pact app: the directory's routes (see directory.py) and data-file serving."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django_countries import countries
from wagtail import views as wagtail_views

from core.four_ps import P_BY_SLUG
from core.pagination import paginate
from core.public_urls import public_base_url
from core.query_params import BadQuery, bad_request
from core.visibility import hidden_sections
from monitoring.status import Status
from pact.directory import (
    PAGE_SIZE,
    DirectoryQuery,
    directory_results,
    facet_counts,
    public_signatories,
)
from pact.figures import signatory_figures
from pact.good_practices import (
    PAGE_SIZE as GOOD_PRACTICES_PAGE_SIZE,
)
from pact.good_practices import (
    SORTS,
    GoodPracticesQuery,
    GoodPracticesSearch,
    featured_ids,
)
from pact.map_data import feature_collection
from pact.models import InitiativeStatus, Kind, Profile, TargetGroup, attach_signatories
from pact.openapi import openapi_description


def directory_context(index_page, request):
    """Everything /participants/ shows: filters with counts, one page of cards, and the address
    of the map's data (the map reads it from there: the page never lists every signatory)."""
    hidden = hidden_sections()
    query = DirectoryQuery.from_params(request.GET)
    base = public_signatories(index_page, hidden)
    results, page_notice = paginate(
        directory_results(base, query, hidden), request.GET.get("page"), PAGE_SIZE
    )
    notices = list(query.notices)
    if page_notice:
        notices.append(page_notice)
    country = query.filters.get("country")
    query_string = query.query_string()
    return {
        "query": query,
        "filters": query.filters,
        "country_name": countries.name(country) if country else "",
        "facets": facet_counts(base, query, hidden),
        "active_filters": active_filters(query),
        "notices": notices,
        "page_obj": results,
        "result_count": results.paginator.count,
        "query_string": query_string,
        "figures": signatory_figures(hidden),
        "map_geojson_url": index_page.map_geojson_path
        + (f"?{query_string}" if query_string else ""),
        "export_csv_url": index_page.export_csv_path + (f"?{query_string}" if query_string else ""),
        "export_json_url": index_page.export_json_path
        + (f"?{query_string}" if query_string else ""),
        "open_data_licence": settings.OPEN_DATA_LICENCE,
        "open_data_licence_url": settings.OPEN_DATA_LICENCE_URL,
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "map_basemap_url": static("pact/vendor/world-atlas/europe.geojson"),
    }


def active_filters(query):
    """The filters in force, each with the address of the same search without it."""
    labels = {
        "country": lambda code: countries.name(code),
        "profile": lambda value: Profile(value).label,
        "kind": lambda value: Kind(value).label,
        "p": lambda value: P_BY_SLUG[value].name,
        "q": lambda value: f"Name contains \u201c{value}\u201d",
        "status": lambda value: f"Status: {Status(value).label}",
    }
    return [
        {"name": name, "label": labels[name](value), "remove_query": query.query_string([name])}
        for name, value in query.filters.items()
    ]


def map_geojson_response(index_page, request):
    """/participants/map.geojson: the signatories the public may see, as a compact RFC 7946
    FeatureCollection (pact.map_data). A bad filter is a 400, as on the exports: never the
    whole map instead of the part asked for."""
    hidden = hidden_sections()
    try:
        query = DirectoryQuery.for_output(request.GET)
    except BadQuery as error:
        return bad_request(error)
    body = feature_collection(index_page, request, query, hidden)
    # Partner sites may load it from their pages: CORS headers come from django-cors-headers
    # (settings.CORS_URLS_REGEX), caching headers from pact.caching.
    return HttpResponse(body, content_type="application/geo+json; charset=utf-8")


def serve_data_file(request, path):
    """Serve an address ending in .ics, .geojson, .csv or .json through the page tree.

    Wagtail only routes addresses made of slugs ending in a slash; this hands
    "calendar/feed.ics" to it as "calendar/feed.ics/", so a page's routes answer it, with
    the checks of any page (live, privacy, no unpublished page above: core.visibility).
    """
    return wagtail_views.serve(request, path + "/")


def api_not_found(request, path=""):
    """Any other address under /api/: the JSON 404 the OpenAPI description promises (an unknown
    endpoint, or an id that is not a number, /api/v2/pages/abc/), never the site's HTML page."""
    return JsonResponse(
        {"message": f"Nothing at {request.path}: see {public_base_url()}/api/v2/openapi.json."},
        status=404,
    )


def openapi_json(request):
    """/api/v2/openapi.json: the OpenAPI 3.1 description of the public data (pact/openapi.py)."""
    return JsonResponse(openapi_description(public_base_url()))


def good_practices_context(page, request):
    """Everything /good-practices/ shows: search, filters with counts, one page of initiatives."""
    target_groups = list(TargetGroup.objects.all())
    query = GoodPracticesQuery.from_params(request.GET, target_groups)
    database = GoodPracticesSearch(query)
    results, page_notice = paginate(
        database.results(), request.GET.get("page"), GOOD_PRACTICES_PAGE_SIZE
    )
    attach_signatories(results.object_list)
    featured = set(featured_ids(database.hidden)) if query.shows_featured_first else set()
    for initiative in results.object_list:
        initiative.is_featured = initiative.pk in featured
    notices = list(query.notices)
    if page_notice:
        notices.append(page_notice)
    return {
        "query": query,
        "filters": query.filters,
        "facets": database.facets(target_groups),
        "active_filters": good_practices_active_filters(query, target_groups),
        "sort_options": [
            {"value": value, "label": label, "selected": value == query.sort}
            for value, label in SORTS.items()
            if value != "relevance" or "q" in query.filters
        ],
        "notices": notices,
        "page_obj": results,
        "result_count": results.paginator.count,
        "query_string": query.query_string(),
    }


def good_practices_active_filters(query, target_groups):
    """The filters in force, each with the address of the same search without it."""
    group_names = {group.slug: group.name for group in target_groups}
    labels = {
        "q": lambda value: f"Search: \u201c{query.raw_q.strip() or value}\u201d",
        "p": lambda value: P_BY_SLUG[value].name,
        "country": lambda code: countries.name(code),
        "profile": lambda value: Profile(value).label,
        "status": lambda value: InitiativeStatus(value).label,
        "year": lambda value: f"Running in {value}",
        "target_group": lambda value: group_names.get(value, value),
    }
    return [
        {"name": name, "label": labels[name](value), "remove_query": query.query_string([name])}
        for name, value in query.filters.items()
    ]
