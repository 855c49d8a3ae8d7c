"""The campaign's page types: where editors can create them, what they refuse, and the pages
they produce (semantic, accessible, and safe whatever an editor types)."""

import datetime
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.blocks import RICH_TEXT_FEATURES
from core.four_ps import FOUR_PS
from core.public_urls import sync_site
from home.models import CampaignPage, HomePage, NewsIndexPage, NewsPage
from monitoring.models import PossibleAction
from pact.models import FourP, PactPage
from tests.factories import (
    CampaignPageFactory,
    HomePageFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PactPageFactory,
    PossibleActionFactory,
    UserFactory,
    pact_sections,
    possible_actions,
)
from tests.test_blocks import TABLE, VIDEO

BASE_DIR = Path(__file__).resolve().parent.parent


def text(html):
    return rich_text(html, features=RICH_TEXT_FEATURES)


def pact_sections_form(ps=FOUR_PS):
    return streamfield(
        [
            (
                p.slug,
                {"introduction": text(f"<p>{p.name} for towns.</p>")},
            )
            for p in ps
        ]
    )


class PageTreeTests(WagtailPageTestCase):
    """Each page type can be created where it belongs, and nowhere else."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Site.objects.all().delete()
        Page.objects.filter(depth__gt=1).delete()
        cls.home = HomePageFactory(parent=root, slug="home")
        sync_site(root_page=cls.home)
        cls.editor = UserFactory(is_superuser=True, is_staff=True)

    def setUp(self):
        # Wagtail caches the sites' root paths; a rolled-back test must not leave its own behind.
        cache.clear()
        self.client.force_login(self.editor)

    def test_parent_and_child_rules_keep_the_tree_in_shape(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(PactPage, {HomePage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(CampaignPage, {HomePage, CampaignPage})
        self.assertAllowedSubpageTypes(PactPage, {})
        self.assertAllowedSubpageTypes(NewsPage, {})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(CampaignPage, {CampaignPage})

    def test_pages_cannot_be_created_in_the_wrong_place(self):
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(CampaignPage, PactPage)
        self.assertCanNotCreateAt(CampaignPage, NewsIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, CampaignPage)
        self.assertCanNotCreateAt(PactPage, CampaignPage)

    def test_there_is_one_pact_and_one_news_index(self):
        PactPageFactory(parent=self.home)
        NewsIndexPageFactory(parent=self.home)
        self.assertFalse(PactPage.can_create_at(self.home))
        self.assertFalse(NewsIndexPage.can_create_at(self.home))
        self.assertTrue(CampaignPage.can_create_at(self.home))

    def test_editor_creates_a_home_page_at_the_root(self):
        Site.objects.all().delete()
        self.home.delete()
        data = nested_form_data(
            {
                "title": "Stop sexual violence against children",
                "slug": "home",
                "introduction": "Towns and regions act together.",
                "hero_image_alt": "",
                "hero_call_to_action": streamfield([]),
                "body": streamfield([("paragraph", text("<p>Welcome.</p>"))]),
            }
        )
        self.assertCanCreate(Page.get_first_root_node(), HomePage, data)

    def test_editor_creates_nested_campaign_pages_with_ps_and_tags(self):
        data = nested_form_data(
            {
                "title": "The Lanzarote Convention",
                "introduction": "The legal backbone of the campaign.",
                "body": streamfield(
                    [
                        ("heading", {"text": "What it covers", "level": "h2", "anchor": ""}),
                        ("paragraph", text("<p>Prevention, protection and more.</p>")),
                    ]
                ),
                "tags": "law, Council of Europe",
            }
        )
        data["ps"] = [FourP.objects.get(slug="protection").pk]
        self.assertCanCreate(self.home, CampaignPage, data)
        parent = CampaignPage.objects.get(slug="the-lanzarote-convention")
        self.assertEqual([p.slug for p in parent.ps.all()], ["protection"])
        self.assertEqual(sorted(t.name for t in parent.tags.all()), ["Council of Europe", "law"])

        child = nested_form_data(
            {
                "title": "Ratification",
                "introduction": "Where it stands.",
                "body": streamfield([]),
                "tags": "",
            }
        )
        self.assertCanCreate(parent, CampaignPage, child)

    def test_editor_creates_the_news_index_and_a_news_item(self):
        index = nested_form_data({"title": "News", "slug": "news", "introduction": ""})
        self.assertCanCreate(self.home, NewsIndexPage, index)
        news = nested_form_data(
            {
                "title": "Ten new signatories",
                "date": "2026-03-01",
                "introduction": "Towns from four countries signed.",
                "image_alt": "",
                "body": streamfield([("paragraph", text("<p>Details.</p>"))]),
                "tags": "signatories",
            }
        )
        self.assertCanCreate(NewsIndexPage.objects.get(), NewsPage, news)
        self.assertEqual(NewsPage.objects.get().date, datetime.date(2026, 3, 1))

    def test_editor_creates_the_pact_with_its_four_sections(self):
        data = nested_form_data(
            {
                "title": "The Pact",
                "slug": "pact",
                "introduction": "Towns commit to the four Ps.",
                "sections": pact_sections_form(),
                "full_text": streamfield([("paragraph", text("<p>The full text.</p>"))]),
                "sign_text": "Ready to act?",
            }
        )
        self.assertCanCreate(self.home, PactPage, data)
        pact = PactPage.objects.get()
        self.assertEqual([s.block_type for s in pact.sections], [p.slug for p in FOUR_PS])
        self.assertEqual(pact.url, "/pact/")

    def post_new(self, model, parent, data):
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        return self.client.post(url, {**data, "action-publish": "publish"})

    def test_required_fields_are_refused_with_a_clear_message(self):
        data = nested_form_data(
            {"title": "", "introduction": "", "body": streamfield([]), "tags": ""}
        )
        response = self.post_new(CampaignPage, self.home, data)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form.errors["title"], ["This field is required."])
        self.assertEqual(form.errors["introduction"], ["This field is required."])
        self.assertContains(response, "The page could not be created due to validation errors")
        self.assertFalse(CampaignPage.objects.exists())

    def test_the_pact_refuses_a_missing_p_and_another_slug(self):
        data = nested_form_data(
            {
                "title": "The Pact",
                "slug": "our-pact",
                "introduction": "Towns commit.",
                "sections": pact_sections_form(FOUR_PS[:3]),
                "full_text": streamfield([]),
                "sign_text": "Ready?",
            }
        )
        response = self.post_new(PactPage, self.home, data)
        self.assertContains(response, "add the Participation section")
        self.assertContains(response, "keep the slug &#x27;pact&#x27;")
        self.assertFalse(PactPage.objects.exists())

    def test_an_image_without_alt_text_is_refused(self):
        index = NewsIndexPageFactory(parent=self.home)
        data = nested_form_data(
            {
                "title": "Signing day",
                "date": "2026-03-01",
                "introduction": "Mayors signed.",
                "image": ImageFactory().pk,
                "image_alt": " ",
                "body": streamfield([]),
                "tags": "",
            }
        )
        response = self.post_new(NewsPage, index, data)
        self.assertContains(response, "An image needs its alt text")
        self.assertFalse(NewsPage.objects.exists())

    def test_every_page_type_renders(self):
        pact = PactPageFactory(parent=self.home)
        index = NewsIndexPageFactory(parent=self.home)
        for page in [
            self.home,
            pact,
            index,
            NewsPageFactory(parent=index),
            CampaignPageFactory(parent=self.home),
        ]:
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(pact, "prevention/")
        self.assertPageIsRenderable(pact, "prevention/")

    def add_view(self, model, parent):
        return self.client.get(
            reverse(
                "wagtailadmin_pages:add",
                args=[model._meta.app_label, model._meta.model_name, parent.pk],
            )
        )

    def test_a_new_pact_page_starts_with_its_four_sections(self):
        response = self.add_view(PactPage, self.home)
        self.assertEqual(response.status_code, 200)
        sections = response.context["form"].initial["sections"]
        self.assertEqual([s.block_type for s in sections], [p.slug for p in FOUR_PS])

    def test_every_page_type_opens_in_the_admin_editor(self):
        self.assertEqual(self.add_view(NewsIndexPage, self.home).status_code, 200)
        pact = PactPageFactory(parent=self.home)
        index = NewsIndexPageFactory(parent=self.home)
        pages = [self.home, pact, index, NewsPageFactory(parent=index)]
        pages.append(CampaignPageFactory(parent=self.home))
        for page in pages:
            edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            self.assertEqual(edit.status_code, 200, page)
        for model, parent in [(CampaignPage, self.home), (NewsPage, index)]:
            self.assertEqual(self.add_view(model, parent).status_code, 200, model)

    def test_every_field_an_editor_fills_in_has_help_text(self):
        for model in [HomePage, CampaignPage, NewsIndexPage, NewsPage, PactPage]:
            own_fields = [
                field
                for field in model._meta.get_fields()
                if getattr(field, "model", None) is model
                and field.editable
                and not field.auto_created
                and field.name != "page_ptr"
            ]
            self.assertTrue(own_fields, model)
            for field in own_fields:
                self.assertTrue(field.help_text, f"{model.__name__}.{field.name}")

    def test_block_previews_in_the_editor_render_with_the_site_styles(self):
        stream_block = CampaignPage._meta.get_field("body").stream_block
        previewable = [b for b in stream_block.child_blocks.values() if b.is_previewable]
        self.assertGreaterEqual(len(previewable), 6)
        for block in previewable:
            response = self.client.get(
                reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
            )
            self.assertContains(response, "/static/css/blocks.css", msg_prefix=block.name)


# What readers see.


@pytest.fixture
def site_pages(home_page):
    """One page of every type, with every block of the library in the bodies."""
    from tests.test_blocks import sample_body

    possible_actions(per_p=2)
    pact = PactPageFactory(parent=home_page, full_text=sample_body(home_page))
    index = NewsIndexPageFactory(parent=home_page, introduction="What is new.")
    news = NewsPageFactory(parent=index, ps=["Prevention"], body=sample_body(home_page))
    campaign = CampaignPageFactory(
        parent=home_page, ps=["Protection"], tags=["law"], body=sample_body(home_page)
    )
    CampaignPageFactory(parent=campaign, title="A subpage")
    home_page.body = sample_body(home_page)
    home_page.save()
    return {
        "home": home_page.url,
        "campaign": campaign.url,
        "news index": index.url,
        "news": news.url,
        "pact": pact.url,
        "p listing": pact.url + "prevention/",
    }


def heading_levels(soup):
    return [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def test_every_page_has_one_h1_and_headings_in_order(client, site_pages):
    for name, url in site_pages.items():
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        levels = heading_levels(soup)
        assert levels.count(1) == 1, name
        assert levels[0] == 1, name
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not skips, (name, levels)


def test_every_page_has_landmarks_a_skip_link_and_text_for_images_and_links(client, site_pages):
    for name, url in site_pages.items():
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert soup.find("header") and soup.find("footer"), name
        assert soup.find("main", id="main"), name
        assert soup.find("nav", attrs={"aria-label": "Main"}), name
        assert soup.find("a", href="#main"), name
        assert soup.html["lang"] == "en"
        for img in soup.find_all("img"):
            assert img.has_attr("alt"), (name, img)
            if not img.find_parent("a"):  # an image inside a link may be decorative
                assert img["alt"].strip(), (name, img)
        for link in soup.find_all("a"):
            assert link.get_text(strip=True) or link.get("aria-label"), (name, link)
        for frame in soup.find_all("iframe"):
            assert frame.get("title"), (name, frame)


def test_focus_stays_visible_on_every_interactive_element():
    site_css = (BASE_DIR / "pactsite/static/css/site.css").read_text()
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid", site_css)
    for css in [
        BASE_DIR / "pactsite/static/css/blocks.css",
        BASE_DIR / "home/static/home/css/campaign.css",
    ]:
        assert not re.search(r"outline:\s*(none|0)", css.read_text()), css


PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def payload_body(home_page):
    rich = f"<p>{PAYLOAD}</p>"
    return [
        ("heading", {"text": PAYLOAD, "level": "h2", "anchor": ""}),
        ("paragraph", rich),
        ("quote", {"quote": PAYLOAD, "attribution": PAYLOAD, "source": PAYLOAD}),
        (
            "call_to_action",
            {
                "heading": PAYLOAD,
                "text": PAYLOAD,
                "button_label": PAYLOAD,
                "page": None,
                "url": "javascript:alert(1)",
            },
        ),
        ("video", {**VIDEO, "title": PAYLOAD, "description": PAYLOAD}),
        (
            "links",
            {"heading": PAYLOAD, "links": [{"label": PAYLOAD, "page": home_page, "url": ""}]},
        ),
        ("four_ps", {"heading": PAYLOAD, "cards": [{"p": "prevention", "text": PAYLOAD}]}),
        ("key_figures", {"heading": PAYLOAD, "figures": [{"figure": "<b>1", "label": PAYLOAD}]}),
        ("accordion", {"heading": PAYLOAD, "items": [{"question": PAYLOAD, "answer": rich}]}),
        (
            "table",
            {
                **TABLE,
                "caption": PAYLOAD,
                "columns": [
                    {"type": "text", "heading": PAYLOAD},
                    {"type": "rich_text", "heading": "x"},
                ],
                "rows": [{"values": [PAYLOAD, rich]}],
            },
        ),
    ]


def assert_nothing_executable(html, where):
    soup = BeautifulSoup(html, "html.parser")
    scripts = [s for s in soup.find_all("script") if not s.get("src", "").startswith("/static/")]
    assert not scripts, (where, scripts)
    for tag in soup.find_all(True):
        handlers = [a for a in tag.attrs if a.lower().startswith("on")]
        assert not handlers, (where, tag)
        assert "style" not in tag.attrs, (where, tag)
        for attr in ("href", "src"):
            assert not str(tag.get(attr, "")).lower().startswith("javascript:"), (where, tag)
    assert not soup.find("img", src="x"), where


def test_script_typed_into_any_field_never_runs(client, home_page):
    """Every text field and rich text of every page type, filled with markup, renders inert."""
    fields = {"title": PAYLOAD, "seo_title": PAYLOAD, "search_description": PAYLOAD}
    body = payload_body(home_page)
    HomePage.objects.filter(pk=home_page.pk).update(introduction=PAYLOAD, **fields)
    home = HomePage.objects.get(pk=home_page.pk)
    home.body = body
    home.hero_image = ImageFactory()
    home.hero_image_alt = PAYLOAD
    home.hero_call_to_action = [("link", {"label": PAYLOAD, "page": None, "url": "/join/"})]
    home.save()
    PossibleActionFactory(title=PAYLOAD, description=f"<p>{PAYLOAD}</p>", cost="")
    pact = PactPageFactory(
        parent=home,
        introduction=PAYLOAD,
        sign_text=PAYLOAD,
        full_text=body,
        sections=[
            (
                slug,
                {"introduction": f"<p>{PAYLOAD}</p>"},
            )
            for slug, _ in pact_sections()
        ],
        **fields,
    )
    index = NewsIndexPageFactory(parent=home, introduction=PAYLOAD, seo_title=PAYLOAD)
    news = NewsPageFactory(
        parent=index,
        introduction=PAYLOAD,
        body=body,
        image=ImageFactory(),
        image_alt=PAYLOAD,
        ps=["Prevention"],
        tags=[PAYLOAD],
        **fields,
    )
    campaign = CampaignPageFactory(
        parent=home, introduction=PAYLOAD, body=body, ps=["Prevention"], tags=[PAYLOAD], **fields
    )
    for url in [
        "/",
        pact.url,
        pact.url + "prevention/",
        index.url,
        index.url + "?p=" + PAYLOAD,
        index.url + "?tag=" + PAYLOAD,
        news.url,
        campaign.url,
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_nothing_executable(html, url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "alert(1)" not in html, url


# The home page, the Pact page and the news as readers find them.


def test_home_page_leads_to_the_pact_the_map_and_the_calendar(client, home_page):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    links = {a["href"] for a in soup.select(".signposts a")}
    assert links == {"/pact/", "/participants/", "/calendar/"}


def test_home_page_shows_the_three_latest_news_items(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    today = datetime.date(2026, 5, 10)
    for days in [30, 1, 10, 20]:
        NewsPageFactory(
            parent=index, title=f"{days} days ago", date=today - datetime.timedelta(days=days)
        )
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    titles = [h.get_text(strip=True) for h in soup.select(".latest-news .news-summary__title")]
    assert titles == ["1 days ago", "10 days ago", "20 days ago"]


def test_pact_page_shows_each_p_with_its_actions_and_invites_to_sign(client, home_page):
    possible_actions(per_p=2)
    PactPageFactory(parent=home_page)
    soup = BeautifulSoup(client.get("/pact/").content, "html.parser")
    sections = soup.select("section.pact-section")
    assert [s["id"] for s in sections] == [p.slug for p in FOUR_PS]
    assert [s.h2.get_text(strip=True) for s in sections] == [p.name for p in FOUR_PS]
    assert len(sections[0].select(".action__title")) == 2
    assert sections[0].select_one(".pact-section__more a")["href"] == "/pact/prevention/"
    sign_links = [a for a in soup.find_all("a") if a.get_text(strip=True) == "Sign the Pact"]
    assert sign_links and all(a["href"] == "/join/" for a in sign_links)


def test_news_index_lists_newest_first_with_pagination(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for n in range(12):
        NewsPageFactory(parent=index, title=f"Item {n:02}", date=datetime.date(2026, 1, 1 + n))
    first = BeautifulSoup(client.get("/news/").content, "html.parser")
    titles = [h.get_text(strip=True) for h in first.select(".news-summary__title")]
    assert titles[:3] == ["Item 11", "Item 10", "Item 09"] and len(titles) == 10
    second = BeautifulSoup(client.get("/news/?page=2").content, "html.parser")
    assert [h.get_text(strip=True) for h in second.select(".news-summary__title")] == [
        "Item 01",
        "Item 00",
    ]
    assert client.get("/news/?page=zzz").status_code == 200


def test_campaign_page_lists_its_live_subpages(client, home_page):
    parent = CampaignPageFactory(parent=home_page, title="ONE in FIVE")
    CampaignPageFactory(parent=parent, title="The campaign's aims", introduction="Two aims.")
    CampaignPageFactory(parent=parent, title="Unpublished", live=False)
    soup = BeautifulSoup(client.get(parent.url).content, "html.parser")
    assert [a.get_text() for a in soup.select(".subpages h3 a")] == ["The campaign's aims"]


def test_page_api_gives_campaign_content_as_clean_json(client, home_page):
    page = CampaignPageFactory(
        parent=home_page,
        body=[
            ("paragraph", f'<p><a linktype="page" id="{home_page.pk}">Home</a></p>'),
            ("call_to_action", {"button_label": "Sign", "page": home_page, "url": ""}),
        ],
    )
    response = client.get(f"/api/v2/pages/{page.pk}/")
    body = response.json()["body"]
    assert body[0]["value"] == '<p><a href="/">Home</a></p>'
    assert body[1]["value"]["button"]["page"]["title"] == home_page.title
    assert body[1]["value"]["button"]["url"] == "http://testserver/"


# Demo content.


def test_load_demo_builds_the_campaign_site(client, demo_site):
    home = HomePage.objects.get()
    pact = PactPage.objects.get()
    assert [s.block_type for s in pact.sections] == [p.slug for p in FOUR_PS]
    assert all(PossibleAction.objects.current().filter(p=p.slug).count() >= 3 for p in FOUR_PS)
    assert set(CampaignPage.objects.values_list("slug", flat=True)) == {
        "one-in-five",
        "lanzarote-convention",
    }
    assert NewsIndexPage.objects.get().slug == "news"
    assert NewsPage.objects.count() == 3
    assert all(page.title.startswith("Sample news") for page in NewsPage.objects.all())

    menu = [p.title for p in home.get_children().live().in_menu()]
    assert menu == [
        "The Pact",
        "Who has signed",
        "Good practices",
        "Calendar of events",
        "Toolkit",
        "News",
    ]
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    nav = [a.get_text() for a in soup.select("nav[aria-label=Main] a")]
    assert nav[: len(menu)] == menu
    footer = [a.get_text() for a in soup.select("footer a")]
    assert "ONE in FIVE" in footer and "The Lanzarote Convention" in footer

    for page in Page.objects.live().filter(depth__gt=1).specific():
        assert client.get(page.url).status_code == 200, page.url
    for p in FOUR_PS:
        assert client.get(f"/pact/{p.slug}/").status_code == 200
    assert "Sample data" in client.get(NewsPage.objects.first().url).content.decode()
