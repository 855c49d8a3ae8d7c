"""Demo content for the campaign: the home page (and the Wagtail Site record pointing at it),
the ONE in FIVE and Lanzarote Convention pages, the news, and the order of the main menu."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from core.four_ps import P_SLUGS
from core.public_urls import sync_site
from demo.pages import add_page_once
from demo.sample_notes import sample_note
from home.models import CampaignPage, HomePage, NewsIndexPage, NewsPage


def home_page():
    """The home page, built first if it is missing."""
    return HomePage.objects.first() or build_home()


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
                "commit to act under four headings. Some actions need investment; others cost "
                "almost nothing.</p>",
            ),
            (
                "four_ps",
                {"heading": "", "cards": [{"p": p, "text": ""} for p in P_SLUGS]},
            ),
            (
                "key_figures",
                {
                    "heading": "The campaign in figures",
                    "figures": [
                        {
                            "figure": "1 in 5",
                            "label": "children in Europe is a victim of some "
                            "form of sexual violence",
                        },
                        {"figure": "46", "label": "member states of the Council of Europe"},
                        {
                            "figure": "200,000+",
                            "label": "territorial communities represented by the Congress",
                        },
                    ],
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Is your town or region ready to act?",
                    "text": "Signing takes a few minutes; your own page and initiatives follow.",
                    "button_label": "Sign the Pact",
                    "page": None,
                    "url": "/join/",
                },
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
    sync_site(root_page=home)
    if old_slug_holder:
        old_slug_holder.delete()
    return home


def build_campaign_pages():
    """ONE in FIVE and the Lanzarote Convention, after the Pact in the main menu."""
    home = home_page()
    pact_link = Page.objects.filter(slug="pact", depth=home.depth + 1).first()
    one_in_five = add_page_once(
        home,
        CampaignPage(
            title="ONE in FIVE",
            slug="one-in-five",
            introduction=(
                "The Council of Europe's campaign to stop sexual violence against children: "
                "an estimated one child in five in Europe is a victim of some form of it."
            ),
            body=[
                (
                    "key_figures",
                    {
                        "heading": "",
                        "figures": [
                            {"figure": "1 in 5", "label": "children in Europe affected"},
                            {"figure": "46", "label": "member states of the Council of Europe"},
                        ],
                    },
                ),
                ("heading", {"text": "What the campaign wants", "level": "h2", "anchor": ""}),
                (
                    "paragraph",
                    "<p>ONE in FIVE has two aims: that more countries sign, ratify and apply "
                    "the Lanzarote Convention, and that children, families and the people who "
                    "work with them know how to recognise abuse and where to find help.</p>",
                ),
                (
                    "heading",
                    {
                        "text": "Where towns and regions come in",
                        "level": "h2",
                        "anchor": "towns-and-regions",
                    },
                ),
                (
                    "paragraph",
                    "<p>The Congress of Local and Regional Authorities speaks for over 200,000 "
                    "territorial communities in Europe. Its Pact of Towns and Regions turns "
                    "the campaign into local action.</p>",
                ),
                (
                    "accordion",
                    {
                        "heading": "Questions and answers",
                        "items": [
                            {
                                "question": "Who runs the campaign?",
                                "answer": "<p>The Council of Europe, with its Congress of "
                                "Local and Regional Authorities for the local side.</p>",
                            },
                            {
                                "question": "Does the platform collect data about victims?",
                                "answer": "<p>No. It publishes what authorities do, never "
                                "anything about children who have been abused.</p>",
                            },
                        ],
                    },
                ),
                sample_note(),
            ],
            show_in_menus=False,
        ),
        ps=["Prevention", "Participation"],
        tags=["awareness", "Council of Europe"],
    )
    lanzarote_body = [
        (
            "key_figures",
            {
                "heading": "",
                "figures": [
                    {
                        "figure": "2007",
                        "label": "opened for signature in Lanzarote, Spain, on 25 October",
                    },
                    {"figure": "2010", "label": "in force since 1 July"},
                ],
            },
        ),
        ("heading", {"text": "What it covers", "level": "h2", "anchor": "what-it-covers"}),
        (
            "table",
            {
                "caption": "The main areas of the Lanzarote Convention",
                "columns": [
                    {"type": "text", "heading": "Area"},
                    {"type": "text", "heading": "What it means"},
                ],
                "rows": [
                    {
                        "values": [
                            "Prevention and protection",
                            "Measures to stop abuse and keep children safe",
                        ]
                    },
                    {"values": ["Victims and families", "Assistance and support"]},
                    {"values": ["Offenders", "Intervention programmes"]},
                    {"values": ["Criminal law", "Offences including new ones such as grooming"]},
                    {"values": ["Justice", "Child-friendly investigation and prosecution"]},
                    {
                        "values": [
                            "Co-operation",
                            "Recording data on convicted offenders; international co-operation",
                        ]
                    },
                    {
                        "values": [
                            "Monitoring",
                            "The Lanzarote Committee follows how states apply it",
                        ]
                    },
                ],
            },
        ),
        ("heading", {"text": "What a town or region can do", "level": "h2", "anchor": ""}),
        (
            "paragraph",
            "<p>Signatories of the Pact ask their national authorities to sign and ratify the "
            "Convention where they have not yet done so, and act in its spirit locally.</p>",
        ),
    ]
    if pact_link:
        lanzarote_body.append(
            (
                "links",
                {
                    "heading": "Read more",
                    "links": [{"label": "The Pact and its four Ps", "page": pact_link, "url": ""}],
                },
            )
        )
    lanzarote_body.append(sample_note())
    lanzarote = add_page_once(
        home,
        CampaignPage(
            title="The Lanzarote Convention",
            slug="lanzarote-convention",
            introduction=(
                "The Council of Europe Convention on the Protection of Children against Sexual "
                "Exploitation and Sexual Abuse: the legal backbone of the campaign."
            ),
            body=lanzarote_body,
            show_in_menus=False,
        ),
        ps=["Prevention", "Protection", "Prosecution"],
        tags=["law", "Council of Europe"],
    )
    return [one_in_five, lanzarote]


def build_news():
    """The news index at /news/ and three news items, marked as sample data."""
    home = home_page()
    news_index = add_page_once(
        home,
        NewsIndexPage(
            title="News",
            slug="news",
            introduction="What signatories and the Congress are doing for the campaign.",
            show_in_menus=True,
        ),
    )
    today = timezone.localdate()
    items = [
        (
            "Sample news: the Pact's awareness programme gathers pace",
            "sample-awareness-programme",
            today - timedelta(days=45),
            "Since the Congress Bureau endorsed the Pact, the secretariat has been presenting it "
            "to towns and regions across Europe.",
            ["Prevention", "Participation"],
            ["awareness"],
        ),
        (
            "Sample news: 77 cities and regions from 22 countries",
            "sample-77-signatories",
            today - timedelta(days=20),
            "The number of signatories keeps growing; each now has its own page on this platform.",
            ["Participation"],
            ["signatories"],
        ),
        (
            "Sample news: a leaflet on the Lanzarote Convention for local authorities",
            "sample-lanzarote-leaflet",
            today - timedelta(days=3),
            "The toolkit now explains the Convention in a few pages, for councillors and staff.",
            ["Protection", "Prosecution"],
            ["toolkit", "law"],
        ),
    ]
    created = []
    for title, slug, date, introduction, ps, tags in items:
        created.append(
            add_page_once(
                news_index,
                NewsPage(
                    title=title,
                    slug=slug,
                    date=date,
                    introduction=introduction,
                    body=[("paragraph", f"<p>{introduction}</p>"), sample_note()],
                ),
                ps=ps,
                tags=tags,
            )
        )
    return [news_index, *created]


# The main menu, in the order readers look for things; campaign pages are linked from the footer.
MENU_ORDER = ["pact", "participants", "good-practices", "calendar", "toolkit", "news"]


def arrange_menu():
    """Put the home page's menu pages in MENU_ORDER (pages not named keep their place after)."""
    home = home_page()
    children = list(home.get_children().values_list("slug", flat=True))
    wanted = [slug for slug in MENU_ORDER if slug in children]
    if children[: len(wanted)] == wanted:
        return  # already in order: a second load_demo moves (and logs) nothing
    for slug in reversed(wanted):
        home.get_children().get(slug=slug).move(home, pos="first-child")
