"""The visibility rule itself (core/visibility.py): which sections it hides, how many queries it
costs, that every page type follows it, and that it stays a valid query at any size."""

import pytest
from wagtail.models import Page, PageViewRestriction, get_page_models

from core.visibility import (
    FANOUT,
    SitePage,
    hidden_sections,
    is_publicly_visible,
    publicly_visible,
)
from pact.models import EventPage
from tests.visibility_tree import build_tree


@pytest.fixture
def tree(home_page):
    return build_tree(home_page)


def test_every_page_type_of_the_site_follows_the_rule():
    """A new page type that forgot SitePage would be listed and served below unpublished pages."""
    own = [model for model in get_page_models() if model is not Page]
    assert own and all(issubclass(model, SitePage) for model in own), [
        model.__name__ for model in own if not issubclass(model, SitePage)
    ]


def test_the_rule_keeps_a_page_types_own_query_methods(tree):
    events = EventPage.objects.publicly_visible().upcoming()
    assert list(events) == [tree.pages["event"]]
    assert list(EventPage.objects.upcoming().publicly_visible()) == [tree.pages["event"]]


def test_hidden_sections_are_found_in_one_query_and_nested_ones_only_once(
    tree, django_assert_num_queries
):
    signatory, section, news_index = tree.roots
    section.unpublish()
    PageViewRestriction.objects.create(page=signatory, restriction_type="login")
    PageViewRestriction.objects.create(page=tree.pages["initiative"], restriction_type="login")
    # Unpublished pages without children hide nothing more than themselves.
    PageViewRestriction.objects.create(page=tree.pages["subpage"], restriction_type="login")
    tree.pages["news"].unpublish()

    with django_assert_num_queries(1):
        hidden = hidden_sections()
    assert hidden == tuple(sorted((signatory.path, section.path)))


def test_one_page_is_checked_with_its_ancestors(tree, django_assert_num_queries):
    initiative = tree.pages["initiative"]
    with django_assert_num_queries(1):
        assert is_publicly_visible(initiative)
    tree.pages["signatory"].unpublish()
    assert not is_publicly_visible(initiative)
    Page.objects.filter(pk=tree.pages["signatory"].pk).update(live=True)
    PageViewRestriction.objects.create(page=tree.pages["signatory"], restriction_type="login")
    assert not is_publicly_visible(initiative)
    assert not is_publicly_visible(Page(live=False, path="0001", depth=1))


def test_thousands_of_hidden_sections_still_make_a_valid_query_also_for_search(tree):
    """SQLite refuses an expression deeper than 1,000; the conditions are nested to stay below."""
    made_up = tuple(f"9{n:07d}" for n in range(FANOUT * 30))
    hidden = (*made_up, tree.pages["signatory"].path)
    assert set(publicly_visible(Page.objects.all(), hidden).values_list("title", flat=True)) >= {
        "Zephyr section",
        "Zephyr news",
    }
    signatorys_pages = Page.objects.filter(path__startswith=tree.pages["signatory"].path)
    assert signatorys_pages.count() == 3
    assert not publicly_visible(signatorys_pages, hidden).exists()
    found = publicly_visible(Page.objects.all(), hidden).search("zephyr")
    assert {page.title for page in found} == {"Zephyr section", "Zephyr corner", "Zephyr news"}
