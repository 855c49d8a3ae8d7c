"""Views of the monitoring app: the progress dashboard, its downloads, and the country pages
(a route of the signatory directory: /participants/country/<code>/)."""

import csv
import io
import json

from django.apps import apps
from django.conf import settings
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django_countries import countries
from wagtail.models import Page

from core.exports import spreadsheet_safe
from core.four_ps import FOUR_PS
from core.pagination import paginate
from core.query_params import BadQuery, bad_request
from core.site_time import data_generated_stamp

from . import dashboard, progress
from .models import LanzaroteStatus, ProgressPage

# Signatories listed on one page of a country page, as in the directory.
COUNTRY_PAGE_SIZE = 24
# Its newest initiatives shown; the good-practices database lists them all.
COUNTRY_INITIATIVES = 6


def query_string(filters, **replace):
    query = QueryDict(mutable=True)
    for name in progress.PROGRESS_FILTERS.names:
        value = replace.get(name, filters.get(name))
        if value:
            query[name] = value
    return query.urlencode()


def dashboard_context(page, request):
    """Everything /progress/ shows: the views' choices, and every dataset with its chart, its
    table and its download addresses. A bad `country` or `p` is dropped with a notice."""
    read = progress.PROGRESS_FILTERS.for_page(request.GET)
    scope = progress.Scope(**read.values)
    datasets = dashboard.datasets(scope)
    query = query_string(read.values)
    suffix = f"?{query}" if query else ""
    for dataset in datasets:
        dataset.csv_url = page.download_path(dataset.slug, "csv") + suffix
        dataset.json_url = page.download_path(dataset.slug, "json") + suffix
    country_counts = {
        row["country"]: row["signatories"]
        for dataset in datasets
        if dataset.slug == "countries"
        for row in dataset.rows
    }
    if scope.country:
        # A country asked for stays chosen in the form, even with no signatory yet.
        country_counts.setdefault(scope.country, 0)
    directory = (
        apps.get_model("pact", "SignatoryIndexPage").objects.publicly_visible(scope.hidden).first()
    )
    if directory:
        for dataset in datasets:
            if dataset.slug == "countries":
                dataset.links = [
                    (row["country_name"], directory.country_path(row["country"]))
                    for row in dataset.rows
                ]
    return {
        "scope": scope,
        "filters": read.values,
        "country_page_url": (
            directory.country_path(scope.country)
            if directory and country_counts.get(scope.country)
            else ""
        ),
        "notices": read.notices,
        "datasets": datasets,
        "country_options": sorted(
            ((code, str(countries.name(code)), count) for code, count in country_counts.items()),
            key=lambda option: option[1],
        ),
        "p_options": [(p.slug, p.name) for p in FOUR_PS],
        "query_string": query,
        "europe_wide_query": query_string(read.values, country=None),
        "open_data_licence": settings.OPEN_DATA_LICENCE,
        "open_data_licence_url": settings.OPEN_DATA_LICENCE_URL,
    }


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(value)


def dataset_response(page, request, slug, extension):
    """/progress/<slug>.csv or .json: one dataset, for the same `country` and `p` as the page
    (a bad value is a 400 naming it, never a different answer)."""
    try:
        values = progress.PROGRESS_FILTERS.for_output(request.GET)
    except BadQuery as error:
        return bad_request(error)
    scope = progress.Scope(**values)
    (dataset,) = dashboard.datasets(scope, only=slug)
    filename = "pact-progress-" + "-".join([slug, *values.values()]).lower() + f".{extension}"
    if extension == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(dataset.keys)
        for row in dataset.table():
            writer.writerow([csv_cell(cell) for cell in row])
        response = HttpResponse(
            buffer.getvalue().encode(), content_type="text/csv; charset=utf-8; header=present"
        )
        disposition = "attachment"
    else:
        body = {
            "licence": {
                "name": settings.OPEN_DATA_LICENCE,
                "url": settings.OPEN_DATA_LICENCE_URL,
            },
            "source": page.get_full_url(request),
            "generated": data_generated_stamp(),
            "title": dataset.title,
            "description": dataset.summary,
            "note": dataset.note,
            "filters": values,
            "columns": [{"key": key, "heading": heading} for key, heading in dataset.columns],
            "rows": dataset.rows,
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        disposition = "inline"
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# Country pages ---------------------------------------------------------------------------------


def country_page_response(index_page, request, code):
    """/participants/country/<code>/: a country's signatories (paginated), its newest
    initiatives, its actions in place and its standing under the Lanzarote Convention.

    The code is lower case in the address (an upper-case one is redirected). A code that is no
    country, or a country with neither a signatory the public may see nor a Convention record,
    is a 404: there is nothing to show."""
    if code != code.lower():
        return HttpResponsePermanentRedirect(
            f"{index_page.url}country/{code.lower()}/"
            + (f"?{request.GET.urlencode()}" if request.GET else "")
        )
    country = code.upper()
    if country not in countries:
        raise Http404("No such country.")
    scope = progress.Scope(country=country)
    signatories = (
        scope.signatories()
        .child_of(index_page)
        .defer_streamfields()
        .select_related("logo")
        .order_by("title", "pk")
    )
    lanzarote = LanzaroteStatus.objects.filter(country=country).first()
    page_obj, page_notice = paginate(signatories, request.GET.get("page"), COUNTRY_PAGE_SIZE)
    if not page_obj.paginator.count and lanzarote is None:
        raise Http404("No signatory in this country.")
    initiatives = (
        progress.initiative_model()
        .objects.publicly_visible(scope.hidden)
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=scope.signatories().values("path"))
        .defer_streamfields()
        .order_by("-first_published_at", "-pk")
    )
    action_rows = progress.by_action(scope, signatory_count=page_obj.paginator.count)
    _, status_totals = progress.statuses(scope)
    progress_page = ProgressPage.objects.publicly_visible(scope.hidden).first()
    database = (
        apps.get_model("pact", "GoodPracticesPage").objects.publicly_visible(scope.hidden).first()
    )
    return index_page.render(
        request,
        template="monitoring/country_page.html",
        context_overrides={
            "country": country,
            "country_name": scope.country_name,
            "lanzarote": lanzarote,
            "page_obj": page_obj,
            "notices": [page_notice] if page_notice else [],
            "signatory_count": page_obj.paginator.count,
            "initiatives": list(initiatives[:COUNTRY_INITIATIVES]),
            "initiative_count": initiatives.count(),
            "actions_by_p": progress.by_p(action_rows, scope),
            "actions_in_place": [row for row in action_rows if row["in_place"]],
            "status_totals": status_totals,
            "progress_url": (f"{progress_page.url}?country={country}" if progress_page else ""),
            "directory_url": f"{index_page.url}?country={country}",
            "good_practices_url": f"{database.url}?country={country}" if database else "",
        },
    )
