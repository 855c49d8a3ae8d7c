"""Template tags for the site's header and footer."""

from django import template
from wagtail.models import Site

from core.visibility import publicly_visible
from home.models import CampaignPage
from pact.public_cache import FOOTER_KEY, MENU_KEY, cached

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The main navigation: children of the site's root page that the public may see and that
    editors marked "Show in menus", in the order of the page tree. Every page, 404s included,
    shows it: its items come from the cache, dropped whenever a page changes
    (pact.public_cache), and only which one is current is worked out per request."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = cached(f"{MENU_KEY}:{site.pk}", lambda: menu_items(site, request)) if site else []
    current_path = getattr(context.get("page"), "path", "")
    entries = []
    for item in items:
        if current_path == item["path"]:
            state = "page"
        elif current_path.startswith(item["path"]):
            state = "true"
        else:
            state = ""
        entries.append({**item, "aria_current": state})
    return {"request": request, "entries": entries}


def menu_items(site, request):
    """The menu's pages as plain values (what the cache keeps): title, address, tree path."""
    pages = (
        publicly_visible(site.root_page.get_children())
        .in_menu()
        .only("id", "title", "url_path", "path", "depth")
    )
    return [{"title": p.title, "url": p.get_url(request), "path": p.path} for p in pages]


@register.inclusion_tag("components/breadcrumb.html", takes_context=True)
def breadcrumb(context, page):
    """Links to the live pages above this one, from the home page down (one query)."""
    ancestors = (
        page.get_ancestors().live().filter(depth__gt=1).only("id", "title", "url_path", "depth")
    )
    request = context.get("request")
    return {
        "breadcrumb": [
            # The home page's title is a whole sentence; in a breadcrumb it is just "Home".
            {"title": "Home" if a.depth == 2 else a.title, "url": a.get_url(request)}
            for a in ancestors
        ]
    }


@register.inclusion_tag("components/footer_campaign_links.html", takes_context=True)
def footer_campaign_links(context):
    """Campaign pages directly under the home page (ONE in FIVE, the Lanzarote Convention...),
    listed in the footer so the main menu stays short."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    links = cached(f"{FOOTER_KEY}:{site.pk}", lambda: footer_links(site, request)) if site else []
    return {"links": links}


def footer_links(site, request):
    """The footer's campaign pages as plain values (what the cache keeps): title, address."""
    pages = (
        CampaignPage.objects.child_of(site.root_page)
        .publicly_visible()
        .only("title", "url_path", "path", "depth")
    )
    return [{"title": p.title, "url": p.get_url(request)} for p in pages]
