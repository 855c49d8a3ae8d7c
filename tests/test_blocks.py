"""The block library: how blocks validate, render and read in the API."""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

from core.blocks import (
    BaseStreamBlock,
    CallToActionBlock,
    FourPCardsBlock,
    LinkBlock,
    ParagraphBlock,
    TableBlock,
    VideoBlock,
    video_embed_url,
)
from pact.blocks import PactSectionsBlock
from tests.factories import CampaignPageFactory, DocumentFactory, ImageFactory, pact_sections


def error_messages(error):
    """Every message in a (possibly nested) block validation error, flattened."""
    data = error.as_json_data() if hasattr(error, "as_json_data") else {}
    messages = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            messages.append(node)

    walk(data)
    return messages or [str(m) for m in error.messages]


def clean(block, value):
    return block.clean(block.normalize(value))


def html_of(block, value, context=None):
    return str(block.render(block.normalize(value), context or {}))


def assert_no_inline_style_or_script(html):
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script")
    assert not soup.find_all("style")
    for tag in soup.find_all(True):
        assert "style" not in tag.attrs, tag
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag


# Calls to action and links: exactly one destination, never an unsafe one.


@pytest.mark.parametrize(
    ("page", "url", "message"),
    [
        (False, "", "Choose a page of this site or enter a web address to link to."),
        (True, "https://example.org/", "not both: a link can go to only one place"),
    ],
)
def test_call_to_action_needs_exactly_one_destination(home_page, page, url, message):
    value = {"button_label": "Sign", "page": home_page if page else None, "url": url}
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        clean(CallToActionBlock(), value)
    assert any(message in m for m in error_messages(raised.value))


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//evil.example/", "data:text/html,hi", "ftp://x.org/"]
)
def test_link_refuses_addresses_that_are_not_web_pages(db, url):
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        clean(LinkBlock(), {"label": "Click", "page": None, "url": url})
    assert any("https://" in m for m in error_messages(raised.value))


@pytest.mark.parametrize("url", ["/join/", "https://www.coe.int/oneinfive", "http://a.org/x?y=1"])
def test_link_accepts_site_paths_and_web_addresses(db, url):
    value = clean(LinkBlock(), {"label": "Go", "page": None, "url": url})
    assert value.external_url == url


def test_link_to_another_site_needs_words_to_click(db):
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        clean(LinkBlock(), {"label": "", "page": None, "url": "https://example.org/"})
    assert any("words readers will click" in m for m in error_messages(raised.value))


def test_link_to_a_page_uses_its_title_and_disappears_when_unpublished(home_page):
    page = CampaignPageFactory(parent=home_page, title="About ONE in FIVE")
    block = LinkBlock()
    value = block.normalize({"label": "", "page": page, "url": ""})
    assert '<a href="/about-one-in-five/">About ONE in FIVE</a>' in html_of(block, value)

    page.unpublish()
    value = block.normalize(
        {"label": "", "page": page.__class__.objects.get(pk=page.pk), "url": ""}
    )
    assert html_of(block, value).strip() == ""


# Headings stay in order; anchors stay unique and usable.


def test_body_refuses_a_subsection_before_any_section(db):
    body = [("heading", {"text": "Details", "level": "h3", "anchor": ""})]
    with pytest.raises(blocks.StreamBlockValidationError) as raised:
        clean(BaseStreamBlock(), body)
    assert any("needs a section heading (h2) above it" in m for m in error_messages(raised.value))


def test_body_refuses_two_headings_with_the_same_anchor(db):
    body = [
        ("heading", {"text": "One", "level": "h2", "anchor": "how-to-sign"}),
        ("heading", {"text": "Two", "level": "h2", "anchor": "How to sign"}),
    ]
    with pytest.raises(blocks.StreamBlockValidationError) as raised:
        clean(BaseStreamBlock(), body)
    assert any("already uses the anchor 'how-to-sign'" in m for m in error_messages(raised.value))


def test_heading_anchor_becomes_a_usable_fragment(db):
    body = clean(
        BaseStreamBlock(),
        [
            ("heading", {"text": "Why", "level": "h2", "anchor": "Why it matters!"}),
            ("heading", {"text": "Detail", "level": "h3", "anchor": ""}),
        ],
    )
    assert body[0].value["anchor"] == "why-it-matters"
    assert 'id="why-it-matters"' in str(body[0].render())


# Four-P cards and the Pact's sections.


def test_four_p_cards_refuse_the_same_p_twice(db):
    value = {"heading": "", "cards": [{"p": "prevention", "text": ""}] * 2}
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        clean(FourPCardsBlock(), value)
    assert any("Prevention already has a card here" in m for m in error_messages(raised.value))


def test_four_p_card_links_to_its_p_listing_and_falls_back_to_the_pact_summary(db):
    html = html_of(FourPCardsBlock(), {"heading": "Act", "cards": [{"p": "protection"}]})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h3").a["href"] == "/pact/protection/"
    assert "Protecting and supporting children" in soup.text


def test_pact_sections_must_cover_each_p_once(db):
    sections = pact_sections()
    missing_one = sections[:3]
    with pytest.raises(blocks.StreamBlockValidationError) as raised:
        clean(PactSectionsBlock(), missing_one)
    assert "The Pact has a section for each P: add the Participation section." in error_messages(
        raised.value
    )

    doubled = [*sections, sections[0]]
    with pytest.raises(blocks.StreamBlockValidationError) as raised:
        clean(PactSectionsBlock(), doubled)
    assert any("Prevention has 2 sections" in m for m in error_messages(raised.value))

    assert len(clean(PactSectionsBlock(), sections)) == 4


# Video: a player only where the Content Security Policy allows it, otherwise a link.


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://example.org/video.mp4", None),
        ("https://www.youtube.com/watch?v=<script>", None),
    ],
)
def test_video_player_address_is_built_from_the_video_id(url, player):
    assert video_embed_url(url) == player


VIDEO = {"url": "https://youtu.be/dQw4w9WgXcQ", "title": "Why towns sign", "description": ""}


def test_video_is_a_link_when_the_csp_does_not_allow_its_player(db):
    html = html_of(VideoBlock(), VIDEO)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("iframe")
    assert soup.find("a")["href"] == VIDEO["url"]
    assert "Why towns sign" in soup.find("a").text
    assert_no_inline_style_or_script(html)


def test_video_plays_in_a_titled_frame_when_the_csp_lists_its_host(db, settings):
    policy = {**settings.CSP_PUBLIC, "frame-src": ["'self'", "https://www.youtube-nocookie.com"]}
    with override_settings(CSP_PUBLIC=policy):
        html = html_of(VideoBlock(), VIDEO)
    frame = BeautifulSoup(html, "html.parser").find("iframe")
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert frame["title"] == "Why towns sign"
    assert_no_inline_style_or_script(html)


# Tables and rich text keep to the public Content Security Policy.

TABLE = {
    "caption": "Signatories by country",
    "columns": [{"type": "text", "heading": "Country"}, {"type": "number", "heading": "Signed"}],
    "rows": [{"values": ["Spain", "12"]}, {"values": ["Italy", "9"]}],
}


def test_table_has_a_caption_column_headers_and_no_inline_style(db):
    html = html_of(TableBlock(), TABLE)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("caption").text == "Signatories by country"
    assert [th["scope"] for th in soup.find("thead").find_all("th")] == ["col", "col"]
    assert soup.find("tbody").find("th", scope="row").text.strip() == "Spain"
    assert_no_inline_style_or_script(html)


def test_rich_text_stored_with_script_or_handlers_is_cleaned_when_read(db):
    stored = (
        '<p onclick="alert(1)">Hello <script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)></p><h2>Heading</h2>'
    )
    value = ParagraphBlock().to_python(stored)
    html = str(ParagraphBlock().render(value))
    assert_no_inline_style_or_script(html)
    assert "javascript:" not in html
    assert "<h2" not in html  # headings come from the heading block only
    assert "Hello" in html


def test_rich_text_keeps_internal_page_links(home_page):
    page = CampaignPageFactory(parent=home_page, title="Lanzarote")
    value = ParagraphBlock().to_python(f'<p><a linktype="page" id="{page.pk}">Read</a></p>')
    assert '<a href="/lanzarote/">Read</a>' in str(ParagraphBlock().render(value))


# Every block renders cleanly and gives useful JSON.


def sample_body(home_page):
    image = ImageFactory()
    document = DocumentFactory(title="Leaflet on the Convention")
    return [
        ("heading", {"text": "Section", "level": "h2", "anchor": "section"}),
        ("paragraph", RichText("<p>Text with <b>bold</b>.</p>")),
        ("image", {"image": image, "alt_text": "Mayors signing", "caption": "Signing day"}),
        ("quote", {"quote": "We act.", "attribution": "A mayor", "source": ""}),
        (
            "call_to_action",
            {"heading": "Act", "text": "", "button_label": "Sign", "page": None, "url": "/join/"},
        ),
        ("video", VIDEO),
        ("documents", {"heading": "Downloads", "documents": [document]}),
        ("links", {"heading": "More", "links": [{"label": "", "page": home_page, "url": ""}]}),
        ("four_ps", {"heading": "", "cards": [{"p": "prevention", "text": ""}]}),
        ("key_figures", {"heading": "", "figures": [{"figure": "1 in 5", "label": "children"}]}),
        (
            "accordion",
            {"heading": "FAQ", "items": [{"question": "Who?", "answer": "<p>Towns.</p>"}]},
        ),
        ("table", TABLE),
        ("signatory_figures", {"heading": "Who has signed so far"}),
    ]


def test_every_block_of_the_library_renders_without_inline_style_or_script(home_page):
    stream_block = BaseStreamBlock()
    body = StreamValue(stream_block, sample_body(home_page))
    assert {child.block_type for child in body} == set(stream_block.child_blocks)
    for child in body:
        html = str(child.render())
        assert html.strip(), child.block_type
        assert_no_inline_style_or_script(html)


def test_every_block_gives_the_api_titles_and_urls_not_bare_ids(home_page, rf):
    stream_block = BaseStreamBlock()
    body = StreamValue(stream_block, sample_body(home_page))
    api = {
        item["type"]: item["value"]
        for item in stream_block.get_api_representation(body, {"request": rf.get("/")})
    }
    assert api["image"]["image"]["alt"] == "Mayors signing"
    assert api["image"]["image"]["url"].startswith("http://testserver/")
    assert api["image"]["image"]["url"].endswith(".webp")
    assert api["documents"]["documents"][0]["title"] == "Leaflet on the Convention"
    assert api["documents"]["documents"][0]["url"].startswith("http://testserver/documents/")
    assert api["documents"]["documents"][0]["format"] == "PDF"
    assert api["links"]["links"][0] == {
        "text": home_page.title,
        "url": "http://testserver/",
        "page": {"id": home_page.pk, "title": home_page.title, "url": "http://testserver/"},
    }
    assert api["call_to_action"]["button"]["url"] == "http://testserver/join/"
    assert api["four_ps"]["cards"][0]["url"] == "http://testserver/pact/prevention/"
    assert api["heading"] == {"text": "Section", "level": "h2", "anchor": "section"}
    assert api["video"]["embed_url"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert api["table"]["rows"][0]["values"][0] == "Spain"


def test_block_addresses_in_the_api_come_from_the_public_base_url_not_the_request(
    home_page, rf, settings
):
    settings.PUBLIC_BASE_URL = "https://pact.example.org"
    stream_block = BaseStreamBlock()
    body = StreamValue(stream_block, sample_body(home_page))
    request = rf.get("/", HTTP_HOST="other-host.example:8080")
    api = {
        item["type"]: item["value"]
        for item in stream_block.get_api_representation(body, {"request": request})
    }
    assert api["image"]["image"]["url"].startswith("https://pact.example.org/")
    assert api["documents"]["documents"][0]["url"].startswith("https://pact.example.org/documents/")
    assert api["call_to_action"]["button"]["url"] == "https://pact.example.org/join/"
    assert api["four_ps"]["cards"][0]["url"] == "https://pact.example.org/pact/prevention/"
    assert "other-host" not in str(api)


def test_blocks_offer_editors_a_description_and_a_preview(db):
    for name, block in BaseStreamBlock().child_blocks.items():
        assert block.get_description(), name
    previewable = [name for name, b in BaseStreamBlock().child_blocks.items() if b.is_previewable]
    assert {"heading", "paragraph", "quote", "call_to_action", "four_ps", "accordion"} <= set(
        previewable
    )
