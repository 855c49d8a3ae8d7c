"""Demo content for the campaign pages. Every later feature adds a builder to load_demo."""

from wagtail.models import Page, Site

from home.models import HomePage

SAMPLE_NOTE = "Sample data: this content is invented to show how the platform works."


def build_home():
    """Replace Wagtail's placeholder root child with our home page and point the site at it."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    home = HomePage(
        title="Together, towns and regions can stop sexual violence against children",
        slug="home",
        introduction=(
            "One child in five in Europe is a victim of some form of sexual violence. Local "
            "and regional authorities are closest to children and families: by signing the "
            "Pact, they commit to prevent abuse, protect victims, prosecute perpetrators and "
            "let children take part."
        ),
        body=[
            (
                "heading",
                {"text": "What the Pact asks", "level": "h2", "anchor": "what-the-pact-asks"},
            ),
            (
                "paragraph",
                "<p>The Pact of Towns and Regions gathers local and regional authorities that "
                "commit to act under four headings: Prevention, Protection, Prosecution and "
                "Participation. Some actions need investment; others cost almost nothing.</p>",
            ),
        ],
        show_in_menus=False,
    )
    placeholder = Page.objects.filter(depth=2, content_type__model="page").first()
    old_slug_holder = placeholder if placeholder and placeholder.slug == "home" else None
    if old_slug_holder:
        old_slug_holder.slug = "wagtail-placeholder"
        old_slug_holder.save()
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.site_name = "Pact of Towns and Regions"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Pact of Towns and Regions",
        )
    if old_slug_holder:
        old_slug_holder.delete()
    return home
