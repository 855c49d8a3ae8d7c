"""Block previews: every block of the library and of the Pact page shows editors a sample of
itself in the admin's block picker, with sample words that are valid and that it renders.

The blocks are found by walking the two top-level stream blocks, so a block added without a
preview value makes these tests fail.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.blocks import Block

from core.blocks import BaseStreamBlock, ImageBlock
from pact.blocks import PactSectionsBlock
from tests.factories import DocumentFactory, ImageFactory


def child_blocks(block):
    """The blocks directly inside `block`, by name (a list's items under 'item')."""
    if hasattr(block, "child_blocks"):
        return block.child_blocks.items()
    if hasattr(block, "child_block"):
        return [("item", block.child_block)]
    return []


def project_blocks(block, path):
    """(path, block) for `block` and every block inside it whose class the project wrote
    (Wagtail's own CharBlock, ListBlock... are left out: their previews are their parents')."""
    if not type(block).__module__.startswith("wagtail."):
        yield path, block
    for name, child in child_blocks(block):
        yield from project_blocks(child, f"{path}.{name}")


BLOCKS = dict(
    [
        *project_blocks(BaseStreamBlock(), "body"),
        *project_blocks(PactSectionsBlock(), "sections"),
    ]
)


def defines_a_preview(block):
    """Whether the block's class gives a preview of its own, rather than an empty default."""
    return hasattr(block.meta, "preview_value") or (
        type(block).get_preview_value is not Block.get_preview_value
    )


def sample_text(prep_value):
    """The longest piece of text in a block's stored value, as readers would read it (stream
    ids, block type names and addresses left out): the words the preview must show."""
    texts = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in {"id", "type"}:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and not re.match(r"(https?:)?/", node):
            texts.append(words_of(strip_tags(node)))

    walk(prep_value)
    return max(texts, key=len, default="")


def words_of(text):
    """Text with its runs of white space made single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def what_readers_get(content):
    """A page's text and its images' alternative texts, as a reader or a screen reader has them."""
    main = BeautifulSoup(content, "html.parser").find("main")
    alternatives = [img.get("alt", "") for img in main.find_all("img")]
    return " ".join([words_of(main.get_text()), *alternatives])


@pytest.fixture
def shared_library(db):
    """An image and two documents in the root collection, as the secretariat uploads them."""
    ImageFactory(title="Signing ceremony")
    DocumentFactory(title="The Pact in full")
    DocumentFactory(title="Leaflet for mayors")


def test_the_walk_finds_the_library_and_the_pact_blocks():
    classes = {type(block).__name__ for block in BLOCKS.values()}
    assert {
        "BaseStreamBlock",
        "ParagraphBlock",
        "ImageBlock",
        "DocumentListBlock",
        "LinkBlock",
        "FourPCardBlock",
        "KeyFigureBlock",
        "AccordionItemBlock",
        "SanitisedRichTextBlock",
        "TableBlock",
        "PactSectionsBlock",
        "PactSectionBlock",
    } <= classes


@pytest.mark.parametrize("path", list(BLOCKS))
def test_every_block_has_a_valid_preview_value_with_sample_text(shared_library, path):
    block = BLOCKS[path]
    assert defines_a_preview(block), f"{type(block).__name__} at {path} has no preview value"
    prep_value = block.get_prep_value(block.get_preview_value())
    assert sample_text(prep_value), path
    # Stored and read back as a saved page would, the sample passes the block's own checks.
    block.clean(block.to_python(prep_value))


@pytest.mark.parametrize("path", list(BLOCKS))
def test_every_block_preview_renders_its_sample_text_in_the_admin(
    shared_library, admin_client, path
):
    block = BLOCKS[path]
    words = sample_text(block.get_prep_value(block.get_preview_value()))
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200, path
    assert words in what_readers_get(response.content), path
    assert "/static/css/blocks.css" in response.content.decode()


def test_blocks_offered_to_editors_are_previewable_and_described():
    for stream_path in ("body", "sections"):
        for name, block in BLOCKS[stream_path].child_blocks.items():
            assert block.is_previewable, f"{stream_path}.{name}"
            assert block.get_description(), f"{stream_path}.{name}"


def test_pact_section_previews_introduce_their_own_p(shared_library, admin_client):
    section = BLOCKS["sections.protection"]
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": section.definition_prefix}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h2").text.strip() == "Protection"
    assert "Protecting and supporting children who are victims." in soup.text


def test_image_preview_uses_a_shared_image_and_never_an_empty_source(db, admin_client):
    block = BaseStreamBlock().child_blocks["image"]
    empty = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert empty.status_code == 200
    soup = BeautifulSoup(empty.content, "html.parser")
    assert soup.find("figcaption").text == "The caption readers see under the image."
    assert not soup.find("main").find("img")

    ImageFactory(title="Signing ceremony")
    preview = ImageBlock().get_preview_value()
    assert preview["image"].title == "Signing ceremony"
