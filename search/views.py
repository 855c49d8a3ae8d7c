"""Site search at /search/?q=."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Search every live, public page; a bad page number shows the first page, never an error."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = (
        Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    )
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "results": page})
