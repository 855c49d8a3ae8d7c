"""How demo builders put pages in the tree: each page once, published, so re-running is safe."""

from django.utils import timezone


def add_page_once(parent, page, ps=(), tags=()):
    """Publish `page` under `parent` unless a page with its slug is there already."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing:
        return existing.specific
    parent.add_child(instance=page)
    if ps:
        page.ps.set(list(ps))
    if tags:
        page.tags.set(list(tags))
    page.save_revision().publish()
    return page


def add_live(parent, page):
    """Adds a published page without the cost of a revision: demo pages need no history."""
    now = timezone.now()
    page.live = True
    page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)
    return page
