"""Site search at /search/?q=: every publicly visible page, grouped by type, with editors' picks.

q     the words to search for (cleaned by core.query_params.clean_query)
type  one group only (initiatives, signatories, events, news, pages), paginated
page  the page of that group's results
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.pagination import paginate
from core.query_params import MAX_QUERY_LENGTH, Choice, Parameters, Words
from core.visibility import hidden_sections, publicly_visible
from pact.models import InitiativePage, attach_signatories
from search.queries import highlight

RESULTS_PER_PAGE = 10
RESULTS_PER_GROUP_PREVIEW = 3
# Enough for anyone to read; more would only cost time (the count says "500 or more").
MAX_RESULTS = 500


@dataclass(frozen=True)
class ResultGroup:
    key: str
    label: str
    models: tuple[str, ...]  # "app_label.model"; empty: every page of no other group


GROUPS = (
    ResultGroup("initiatives", "Initiatives", ("pact.initiativepage",)),
    ResultGroup("signatories", "Signatories", ("pact.signatorypage",)),
    ResultGroup("events", "Events", ("pact.eventpage",)),
    ResultGroup("news", "News", ("home.newspage",)),
    ResultGroup("pages", "Pages", ()),
)
GROUPS_BY_KEY = {group.key: group for group in GROUPS}
SEARCH_PARAMETERS = Parameters(q=Words(), type=Choice(GROUPS_BY_KEY))
# The texts an excerpt may come from, in order of preference.
EXCERPT_FIELDS = ("search_description", "summary", "introduction", "target_groups", "results")


def group_of(content_type):
    label = f"{content_type.app_label}.{content_type.model}"
    return next(group for group in GROUPS if label in group.models or not group.models)


def excerpt_source(page, words):
    """The first descriptive text of the page that contains a searched word, else its first
    descriptive text at all."""
    texts = [strip_tags(str(getattr(page, name, "") or "")) for name in EXCERPT_FIELDS]
    texts = [text for text in texts if text.strip()]
    lowered = [word.lower() for word in words.split()]
    for text in texts:
        if any(word in text.lower() for word in lowered):
            return text
    return texts[0] if texts else ""


def search(request):
    """The search page; any query, however odd or long, gives results or a helpful page."""
    raw_query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    read = SEARCH_PARAMETERS.for_page(request.GET)
    words, group_key, notices = read.values.get("q", ""), read.values.get("type", ""), read.notices
    context = {
        "search_query": raw_query.strip(),
        "words": words,
        "notices": notices,
        "groups": [],
        "promotions": [],
        "selected_group": GROUPS_BY_KEY.get(group_key),
        "result_count": 0,
    }
    if raw_query.strip() and not words:
        notices.append("Search for words or numbers: punctuation alone finds nothing.")
    if words:
        context.update(search_context(request, words, group_key, notices))
    return TemplateResponse(request, "search/search.html", context)


def search_context(request, words, group_key, notices):
    """The results of a search, grouped; a page of one group that does not exist gives the
    nearest one, with a notice added to `notices`."""
    hidden = hidden_sections()
    results = publicly_visible(Page.objects.all(), hidden).search(words)[:MAX_RESULTS]
    ids_by_group = {group.key: [] for group in GROUPS}
    for page in results:
        ids_by_group[group_of(page.cached_content_type).key].append(page.pk)
    groups = []
    for group in GROUPS:
        ids = ids_by_group[group.key]
        if not ids or (group_key and group.key != group_key):
            if ids:
                groups.append({"group": group, "count": len(ids), "results": None})
            continue
        if group_key:
            page_obj, page_notice = paginate(ids, request.GET.get("page"), RESULTS_PER_PAGE)
            if page_notice:
                notices.append(page_notice)
            shown = list(page_obj.object_list)
        else:
            page_obj, shown = None, ids[:RESULTS_PER_GROUP_PREVIEW]
        groups.append(
            {
                "group": group,
                "count": len(ids),
                "results": shown,
                "page_obj": page_obj,
                "query_string": urlencode({"q": words, "type": group.key}),
            }
        )
    # The pages shown, of every group, read together: two queries, not two per group.
    shown_results = specific_results(
        [pk for group in groups if group["results"] for pk in group["results"]], words
    )
    for group in groups:
        if group["results"] is not None:
            group["results"] = [shown_results[pk] for pk in group["results"] if pk in shown_results]
    # Editors' picks lead to a page or to an external address; a page must be one the public
    # may see.
    visible_pages = publicly_visible(Page.objects.all(), hidden).values("pk")
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(words))
        .filter(Q(page__isnull=True) | Q(page__in=visible_pages))
        .select_related("page")
        .order_by("sort_order")
    )
    if request.GET.get("page") in (None, "", "1"):
        Query.get(words).add_hit()  # popular searches, shown to editors in the admin
    return {
        "groups": groups,
        "promotions": promotions,
        "result_count": sum(group["count"] for group in groups),
        "results_capped": sum(len(ids) for ids in ids_by_group.values()) >= MAX_RESULTS,
    }


def specific_results(ids, words):
    """{id: the page with this id, a highlighted title and excerpt}, for these ids."""
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    # Many signatories run initiatives of the same name: say whose each one is.
    attach_signatories([page for page in pages.values() if isinstance(page, InitiativePage)])
    return {
        pk: {
            "page": page,
            "title": highlight(page.title, words, length=300),
            "excerpt": highlight(excerpt_source(page, words), words),
        }
        for pk, page in pages.items()
    }
