"""The toolkit: documents to download, the customisable A3 poster and the "We signed the Pact"
badge."""

import base64
import io
import re
import struct
import zlib

import pypdf
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.factories import ToolkitDocumentFactory, ToolkitPageFactory
from toolkit import poster
from toolkit.badges import BADGE_OUTPUT_DIR, BADGE_WIDTHS, BADGE_WORDINGS, badge_filename
from toolkit.forms import PosterForm
from toolkit.models import PosterSettings, ToolkitPage

A3_WIDTH_PT, A3_HEIGHT_PT = 841.89, 1190.55
POSTER_URL = "/toolkit/poster/"
MESSAGE = "Sampleville has signed the Pact. Every child in our town deserves to grow up safe."


# Helpers ---------------------------------------------------------------------------------------


def png_bytes(width=600, height=300, mode="RGBA", colour=(11, 58, 117, 255)):
    image = Image.new(mode, (width, height), colour if mode == "RGBA" else colour[:3])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width=800, height=400):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (176, 23, 60)).save(out, "JPEG")
    return out.getvalue()


def gif_bytes():
    out = io.BytesIO()
    Image.new("P", (40, 20)).save(out, "GIF")
    return out.getvalue()


def png_header_only(width, height):
    """A PNG that announces huge dimensions (a decompression bomb): a few bytes on disk,
    gigabytes once decoded."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


def logo_upload(data=None, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, png_bytes() if data is None else data, content_type)


def read_pdf(data):
    return pypdf.PdfReader(io.BytesIO(data))


def image_xobjects(page):
    xobjects = page["/Resources"].get("/XObject", {})
    return [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]


def text_chunks(page):
    """(text, x, y, font size) of every piece of text drawn on the page."""
    chunks = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            chunks.append((text, tm[4], tm[5], font_size))

    page.extract_text(visitor_text=visit)
    return chunks


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def field_container(response, field_id):
    """The element that groups a form field's label, help, errors and input."""
    label = soup(response).find("label", attrs={"for": field_id})
    return label.find_parent(class_="field")


@pytest.fixture
def toolkit_page(home_page):
    return ToolkitPageFactory(parent=home_page)


@pytest.fixture
def poster_pdf():
    logo = poster.prepare_logo(png_bytes(900, 300))
    return poster.build_poster(MESSAGE, logo, "https://pact.example.org/")


# The page and its documents -------------------------------------------------------------------


def test_toolkit_page_lists_documents_with_language_format_size_and_download_link(
    client, toolkit_page
):
    row = ToolkitDocumentFactory(
        page=toolkit_page,
        title="Leaflet on the Lanzarote Convention",
        description="What the Convention covers and why it matters.",
    )

    response = client.get("/toolkit/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Leaflet on the Lanzarote Convention" in html
    assert "What the Convention covers and why it matters." in html
    assert "English" in html
    size = row.document.file_size
    assert size > 1000
    assert f"PDF, {size / 1024:.1f}\xa0KB" in html
    link = soup(response).find("a", href=row.document.url)
    assert link is not None and "Download" in link.get_text()


def test_language_versions_of_a_publication_are_listed_together(client, toolkit_page):
    ToolkitDocumentFactory(page=toolkit_page, title="The text of the Pact", language="en")
    ToolkitDocumentFactory(page=toolkit_page, title="Lanzarote leaflet", language="en")
    ToolkitDocumentFactory(
        page=toolkit_page, title="The text of the Pact", language="fr", description="Le texte."
    )

    page = soup(client.get("/toolkit/"))

    publications = page.select(".publication")
    assert [p.select_one(".publication__title").get_text() for p in publications] == [
        "The text of the Pact",
        "Lanzarote leaflet",
    ]
    versions = publications[0].select(".publication__version")
    assert [v["lang"] for v in versions] == ["en", "fr"]
    assert "Français" in versions[1].get_text()


def test_document_list_costs_the_same_queries_for_one_document_or_many(client, toolkit_page):
    ToolkitDocumentFactory(page=toolkit_page)
    client.get("/toolkit/")  # warm the site and settings caches
    with CaptureQueriesContext(connection) as one:
        client.get("/toolkit/")
    for language in ("fr", "de", "it", "ru", "es"):
        ToolkitDocumentFactory(page=toolkit_page, language=language)
    client.get("/toolkit/")  # the menu is cached until content changes: warm it again
    with CaptureQueriesContext(connection) as six:
        response = client.get("/toolkit/")

    assert len(soup(response).select(".publication__version")) == 6
    assert len(six) == len(one)


def test_a_document_deleted_from_the_library_leaves_the_toolkit_page_working(client, toolkit_page):
    row = ToolkitDocumentFactory(page=toolkit_page, title="Withdrawn leaflet")
    row.document.delete()

    response = client.get("/toolkit/")

    assert response.status_code == 200
    assert "Withdrawn leaflet" not in response.content.decode()


def test_api_lists_the_toolkit_documents_with_their_language(client, toolkit_page):
    row = ToolkitDocumentFactory(page=toolkit_page, language="fr", title="Le Pacte")

    response = client.get(
        "/api/v2/pages/", {"type": "toolkit.ToolkitPage", "fields": "introduction,documents"}
    )

    [item] = response.json()["items"]
    [document] = item["documents"]
    assert (document["title"], document["language"]) == ("Le Pacte", "fr")
    assert document["document"]["meta"]["download_url"].endswith(row.document.url)


def test_toolkit_page_lives_once_under_the_home_page():
    assert ToolkitPage.parent_page_types == ["home.HomePage"]
    assert ToolkitPage.max_count == 1


def test_load_demo_builds_the_toolkit_with_sample_documents(demo_site):
    page = ToolkitPage.objects.get()
    assert page.slug == "toolkit" and page.live and page.show_in_menus
    assert page.url == "/toolkit/"
    rows = list(page.documents.select_related("document"))
    assert {row.language for row in rows} >= {"en", "fr"}
    assert len(rows) == 5
    for row in rows:
        assert row.title.startswith("Sample document")
        assert row.document.title.startswith("Sample document")
        with row.document.open_file() as handle:
            text = read_pdf(handle.read()).pages[0].extract_text()
        assert "Sample document" in text


def test_editor_adds_language_versions_of_a_document_in_the_page_editor(admin_client, toolkit_page):
    from tests.factories import ToolkitFileFactory

    leaflet_en, leaflet_fr = ToolkitFileFactory(), ToolkitFileFactory()
    assert admin_client.get(f"/admin/pages/{toolkit_page.pk}/edit/").status_code == 200
    rows = [
        {"title": "Lanzarote leaflet", "language": lang, "description": text, "document": doc.pk}
        for lang, text, doc in (
            ("en", "The Convention in brief.", leaflet_en),
            ("fr", "La Convention en bref.", leaflet_fr),
        )
    ]
    data = nested_form_data(
        {
            "title": "Toolkit",
            "slug": "toolkit",
            "introduction": "Everything to spread the word.",
            "documents": inline_formset(rows),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(f"/admin/pages/{toolkit_page.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    versions = soup(admin_client.get("/toolkit/")).select(".publication__version")
    assert [v["lang"] for v in versions] == ["en", "fr"]


def test_editor_sets_the_poster_design_in_the_settings(admin_client, home_page):
    site = Site.objects.get()
    url = f"/admin/settings/toolkit/postersettings/{site.pk}/"
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {"headline": "Every child safe", "brand_colour": "#fff000", "accent_colour": "#b0173c"},
    )

    assert response.status_code == 200
    assert "Choose a darker colour." in response.content.decode()
    admin_client.post(
        url,
        {"headline": "Every child safe", "brand_colour": "#123456", "accent_colour": "#b0173c"},
    )
    assert PosterSettings.for_site(site).headline == "Every child safe"


# The poster PDF -------------------------------------------------------------------------------


def test_poster_is_one_a3_page(poster_pdf):
    reader = read_pdf(poster_pdf)

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A3_WIDTH_PT, abs=0.5)
    assert float(box.height) == pytest.approx(A3_HEIGHT_PT, abs=0.5)


def test_poster_message_and_campaign_wording_can_be_extracted(poster_pdf):
    text = " ".join(read_pdf(poster_pdf).pages[0].extract_text().split())

    assert MESSAGE in text
    assert "ONE in FIVE" in text
    assert "Pact of Towns and Regions to Stop Sexual Violence against Children" in text
    for p in ("Prevention", "Protection", "Prosecution", "Participation"):
        assert p in text


def test_poster_embeds_every_font_it_uses(poster_pdf):
    fonts = read_pdf(poster_pdf).pages[0]["/Resources"]["/Font"]

    assert fonts
    for font in fonts.values():
        descriptor = font.get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font.get_object()["/BaseFont"]


def test_poster_embeds_the_logo_without_distortion(poster_pdf):
    page = read_pdf(poster_pdf).pages[0]

    [logo] = image_xobjects(page)
    assert (logo["/Width"], logo["/Height"]) == (900, 300)
    content = page.get_contents().get_data().decode("latin-1")
    drawn = re.search(r"([\d.]+) 0 0 ([\d.]+) [\d.]+ [\d.]+ cm\s*/FormXob", content)
    width, height = map(float, drawn.groups())
    assert width / height == pytest.approx(900 / 300, rel=0.01)


def test_a_big_logo_is_downscaled_before_it_is_embedded():
    logo = poster.prepare_logo(jpeg_bytes(4000, 2000))

    pdf = poster.build_poster(MESSAGE, logo, "https://pact.example.org/")

    [embedded] = image_xobjects(read_pdf(pdf).pages[0])
    assert max(embedded["/Width"], embedded["/Height"]) == poster.LOGO_EMBED_MAX_SIDE
    assert embedded["/Width"] == 2 * embedded["/Height"]


def test_poster_qr_code_opens_the_given_address():
    pdf = poster.build_poster(MESSAGE, None, "https://pact.example.org/en/sampleville/")
    picture = Image.open(io.BytesIO(poster.render_preview_png(pdf, width=1400)))

    assert [code.text for code in zxingcpp.read_barcodes(picture)] == [
        "https://pact.example.org/en/sampleville/"
    ]


@pytest.mark.parametrize(
    "message",
    [
        ("Kinderschutzbeauftragtenkonferenzvorbereitungsunterlagen " * 6)[:280],
        "W" * 280,
        "\n".join(["Line of a poem that keeps going and going on"] * 6),
    ],
    ids=["long-words", "one-huge-word", "many-lines"],
)
def test_a_message_at_the_length_limit_stays_inside_its_box_and_the_page(message):
    pdf = poster.build_poster(message, None, "https://pact.example.org/")

    size, lines = poster.fit_message(poster.normalise_message(message))
    assert size >= poster.MESSAGE_MIN_SIZE
    drawn = {text.strip(): (x, y) for text, x, y, _ in text_chunks(read_pdf(pdf).pages[0])}
    box = poster.MESSAGE_BOX
    for line in lines:
        x, y = drawn[line]
        right = x + pdfmetrics.stringWidth(line, poster.FONT_BOLD, size)
        assert box["x"] <= x and right <= box["x"] + box["width"] <= A3_WIDTH_PT
        assert box["y"] <= y <= box["top"] - size <= A3_HEIGHT_PT
    printed = "".join(line.removesuffix("-") for line in lines).replace(" ", "")
    assert printed == message.replace(" ", "").replace("\n", "")


def test_editors_headline_colours_and_artwork_are_used(home_page):
    from wagtail_factories import ImageFactory

    settings = PosterSettings.for_site(Site.objects.get())
    settings.headline = "Sampleville stands with every child"
    settings.brand_colour = "#123456"
    settings.artwork = ImageFactory(file__width=1200, file__height=800, collection__parent=None)
    settings.save()

    pdf = poster.build_poster(MESSAGE, None, "https://pact.example.org/", settings.design())

    page = read_pdf(pdf).pages[0]
    assert "Sampleville stands with every child" in " ".join(page.extract_text().split())
    assert ".070588 .203922 .337255 rg" in page.get_contents().get_data().decode("latin-1")
    assert len(image_xobjects(page)) == 1  # the artwork (no logo given)


@pytest.mark.parametrize(
    ("colour", "error"),
    [("blue", "six hexadecimal digits"), ("#ffdd00", "contrast"), ("#0b3a75", None)],
)
def test_poster_colours_must_be_hex_and_dark_enough_for_white_text(home_page, colour, error):
    settings = PosterSettings.for_site(Site.objects.get())
    settings.brand_colour = colour
    if error is None:
        settings.full_clean()
        return
    with pytest.raises(Exception) as raised:
        settings.full_clean()
    assert error in str(raised.value)


# The poster page ------------------------------------------------------------------------------


def test_poster_page_asks_for_a_message_and_a_logo(client, toolkit_page):
    response = client.get(POSTER_URL)

    assert response.status_code == 200
    page = soup(response)
    assert page.find("label", attrs={"for": "id_message"}).get_text() == "Message"
    assert page.find("label", attrs={"for": "id_logo"}).get_text() == "Logo"
    assert page.find("textarea", attrs={"name": "message"})["maxlength"] == "280"
    assert page.find("input", attrs={"name": "logo"})["accept"] == "image/png,image/jpeg"
    assert "page_logo" not in response.content.decode()
    assert 'style="' not in response.content.decode()
    assert not page.find("script", src=False)


def test_preview_shows_a_png_of_the_poster_and_keeps_the_input(client, toolkit_page):
    response = client.post(POSTER_URL, {"message": MESSAGE, "logo": logo_upload(), "preview": "1"})

    assert response.status_code == 200
    page = soup(response)
    src = page.find("img", class_="poster-preview__image")["src"]
    assert src.startswith("data:image/png;base64,")
    png = base64.b64decode(src.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    picture = Image.open(io.BytesIO(png))
    assert picture.width == poster.PREVIEW_WIDTH
    assert picture.height == pytest.approx(poster.PREVIEW_WIDTH * 420 / 297, abs=2)
    assert page.find("textarea", attrs={"name": "message"}).get_text() == MESSAGE
    assert page.find("input", attrs={"name": "kept_logo"})["value"]
    assert "logo.png" in page.select_one(".field__kept").get_text()


def test_download_sends_the_a3_pdf_as_an_attachment(client, toolkit_page):
    response = client.post(POSTER_URL, {"message": MESSAGE, "logo": logo_upload(), "download": "1"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="pact-poster-a3.pdf"'
    assert "no-store" in response["Cache-Control"]
    page = read_pdf(response.content).pages[0]
    assert float(page.mediabox.height) == pytest.approx(A3_HEIGHT_PT, abs=0.5)
    assert len(image_xobjects(page)) == 1


def test_download_after_preview_uses_the_logo_kept_from_the_preview(client, toolkit_page):
    preview = client.post(
        POSTER_URL, {"message": MESSAGE, "logo": logo_upload(png_bytes(500, 250)), "preview": "1"}
    )
    token = soup(preview).find("input", attrs={"name": "kept_logo"})["value"]

    response = client.post(POSTER_URL, {"message": MESSAGE, "kept_logo": token, "download": "1"})

    assert response["Content-Type"] == "application/pdf"
    [logo] = image_xobjects(read_pdf(response.content).pages[0])
    assert (logo["/Width"], logo["/Height"]) == (500, 250)


def test_a_valid_logo_is_kept_when_the_message_has_an_error(client, toolkit_page):
    response = client.post(POSTER_URL, {"message": "", "logo": logo_upload(), "preview": "1"})

    assert response.status_code == 200
    assert "Type the message for your poster." in field_container(response, "id_message").text
    assert soup(response).find("input", attrs={"name": "kept_logo"})["value"]


def test_a_forged_or_expired_logo_token_asks_for_the_logo_again(client, toolkit_page):
    response = client.post(
        POSTER_URL, {"message": MESSAGE, "kept_logo": "forged:token", "download": "1"}
    )

    assert response.status_code == 200
    assert "Choose the file again" in field_container(response, "id_logo").text
    assert soup(response).find("textarea", attrs={"name": "message"}).get_text() == MESSAGE


BAD_INPUTS = {
    "empty message": ({"message": "   "}, "id_message", "Type the message for your poster."),
    "over-long message": (
        {"message": "a" * 281},
        "id_message",
        "280 characters at most; it has 281",
    ),
    "too many lines": ({"message": "a\n" * 9}, "id_message", "8 lines at most"),
    "emoji": ({"message": "We protect children 🙂"}, "id_message", "cannot print"),
    "no logo": ({"logo": None}, "id_logo", "Choose your logo"),
    "text file": (
        {"logo": logo_upload(b"just some text", "logo.png")},
        "id_logo",
        "not an image we can read",
    ),
    "svg": (
        {
            "logo": logo_upload(
                b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                "logo.svg",
                "image/svg+xml",
            )
        },
        "id_logo",
        "SVG logos cannot be used",
    ),
    "pdf": (
        {"logo": logo_upload(b"%PDF-1.4 not a logo", "logo.pdf", "application/pdf")},
        "id_logo",
        "SVG, PDF and other formats are not accepted",
    ),
    "gif": (
        {"logo": logo_upload(gif_bytes(), "logo.gif", "image/gif")},
        "id_logo",
        "not a PNG or JPEG",
    ),
    "corrupted png": (
        {"logo": logo_upload(png_bytes()[:120] + b"\x00garbage" * 20)},
        "id_logo",
        "damaged or incomplete",
    ),
    "too many pixels": (
        {"logo": logo_upload(png_header_only(6000, 5000))},
        "id_logo",
        "too large (6000 x 5000 pixels): it can have 16 megapixels at most",
    ),
    "decompression bomb": (
        {"logo": logo_upload(png_header_only(40_000, 40_000))},
        "id_logo",
        "too large: it can have 16 megapixels at most",
    ),
    "file over 5 MB": (
        {"logo": logo_upload(b"\x89PNG" + b"\0" * (5 * 1024 * 1024 + 10))},
        "id_logo",
        "5 MB at most",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_gets_a_clear_message_next_to_its_field_and_keeps_the_message(
    client, toolkit_page, case
):
    overrides, field_id, expected = case
    data = {"message": MESSAGE, "logo": logo_upload(), "preview": "1"}
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}

    response = client.post(POSTER_URL, data)

    assert response.status_code == 200
    container = field_container(response, field_id)
    assert "field--error" in container["class"]
    assert expected in container.get_text()
    assert soup(response).find(class_="form-errors") is not None
    assert soup(response).find("textarea", attrs={"name": "message"}).get_text() == data["message"]
    assert soup(response).find("img", class_="poster-preview__image") is None


def test_a_signatory_can_use_the_logo_of_its_page(client, toolkit_page, monkeypatch):
    from wagtail_factories import ImageFactory

    page_logo = ImageFactory(title="Sampleville logo", collection__parent=None)
    monkeypatch.setattr(poster, "logo_choices_for", lambda user: [page_logo])
    monkeypatch.setattr(poster, "qr_url_for", lambda user: "https://pact.example.org/sampleville/")

    form_page = client.get(POSTER_URL)
    assert "Sampleville logo" in form_page.content.decode()
    response = client.post(
        POSTER_URL, {"message": MESSAGE, "page_logo": str(page_logo.pk), "download": "1"}
    )

    assert response["Content-Type"] == "application/pdf"
    page = read_pdf(response.content).pages[0]
    assert len(image_xobjects(page)) == 1
    assert "pact.example.org/sampleville" in page.extract_text()


def test_an_approved_signatory_is_offered_its_page_logo_and_its_page_in_the_qr_code(
    client, toolkit_page, directory, secretariat_user
):
    from wagtail_factories import ImageFactory

    from tests.factories import make_signatory

    application = make_signatory(directory, secretariat_user, "City of Posterville")
    page = application.page
    page.logo = ImageFactory(title="Posterville logo")
    page.save_revision().publish()
    client.force_login(application.user)

    assert [image.title for image in poster.logo_choices_for(application.user)] == [
        "Posterville logo"
    ]
    assert poster.qr_url_for(application.user) == page.get_full_url()
    assert "Posterville logo" in client.get(POSTER_URL).content.decode()


def test_a_visitor_gets_no_page_logo_and_the_campaign_in_the_qr_code(rf, db):
    from django.contrib.auth.models import AnonymousUser

    assert poster.logo_choices_for(AnonymousUser()) == []
    assert poster.qr_url_for(AnonymousUser()) == poster.campaign_url()


def test_a_logo_not_offered_to_this_user_cannot_be_chosen(db):
    form = PosterForm({"message": MESSAGE, "page_logo": "999"}, page_logos=[])

    assert not form.is_valid()
    assert "Choose your logo" in form.errors["logo"][0]


# The badge -------------------------------------------------------------------------------------


def test_badge_images_exist_for_every_size_and_language():
    assert {w.language for w in BADGE_WORDINGS} >= {"en", "fr"}
    for wording in BADGE_WORDINGS:
        for width in BADGE_WIDTHS:
            with Image.open(BADGE_OUTPUT_DIR / badge_filename(wording.language, width)) as image:
                assert image.format == "PNG"
                assert image.size == (width * 2, width)


def test_badge_page_offers_the_html_of_each_badge(client, toolkit_page):
    response = client.get("/toolkit/badge/")

    assert response.status_code == 200
    codes = soup(response).select("textarea.badge-snippet__code")
    assert len(codes) == len(BADGE_WORDINGS) * len(BADGE_WIDTHS)
    snippet = BeautifulSoup(codes[0].get_text(), "html.parser")
    link = snippet.find("a")
    assert link["href"] == "http://testserver/"
    image = link.find("img")
    assert image["src"] == "http://testserver/static/toolkit/badges/badge-en-120.png"
    assert image["alt"] == (
        "We signed the Pact of Towns and Regions to Stop Sexual Violence against Children"
    )
    assert (image["width"], image["height"]) == ("120", "60")
    assert "script" not in codes[0].get_text() and "style" not in codes[0].get_text()
    french = [c.get_text() for c in codes if "badge-fr-200.png" in c.get_text()]
    assert "Nous avons signé le Pacte" in french[0]


def test_dashboard_shows_the_badge_html_escaped_for_copying(admin_client, toolkit_page):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "We signed the Pact" in html
    assert (
        "&lt;a href=&quot;http://testserver/&quot;&gt;&lt;img "
        "src=&quot;http://testserver/static/toolkit/badges/badge-en-200.png&quot;"
    ) in html
    # The snippet is shown as text to copy, never live in the dashboard.
    assert '<a href="http://testserver/"><img' not in html
    assert "toolkit/js/copy-snippet.js" in html
    assert 'href="/toolkit/badge/"' in html
