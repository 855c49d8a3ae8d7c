"""Issue 16, item 10 (uploads): a body over the limit is refused before it is read; a PNG/HTML
polyglot is stored as a clean PNG; a PDF with an OpenAction script (or JavaScript, or a Launch
action) is refused with a clear message. Each test sends what the attacker sent and checks the
database and the files afterwards (core/uploads.py)."""

import io
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from accounts.models import SignatoryApplication
from core.uploads import pdf_active_content, reencode_image
from tests.conftest import make_home_page, make_superuser
from tests.factories import make_signatory
from tests.joining import image_bytes, join_data, make_directory, pdf_bytes

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def signatory(db):
    home = make_home_page()
    directory = make_directory(home)
    return make_signatory(directory, make_superuser(), "Town A")


@pytest.fixture
def as_signatory(client, signatory):
    client.force_login(signatory.user)
    return client


def stored_files(settings, folder):
    path = os.path.join(settings.MEDIA_ROOT, folder)
    return set(os.listdir(path)) if os.path.isdir(path) else set()


# Request bodies over the limit.


class ExplodingInput(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("url", ["/admin/images/add/", "/admin/documents/add/", "/join/"])
def test_a_60_mb_body_is_refused_before_it_is_read(as_signatory, settings, url):
    images, documents = Image.objects.count(), Document.objects.count()
    applications = SignatoryApplication.objects.count()
    response = as_signatory.generic(
        "POST",
        url,
        **{
            "wsgi.input": ExplodingInput(),
            "CONTENT_LENGTH": str(60 * 1024 * 1024),
            "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
            "HTTP_ACCEPT": "text/html",
        },
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "60.0\xa0MB" in body and "choose a smaller file" in body
    assert (Image.objects.count(), Document.objects.count()) == (images, documents)
    assert SignatoryApplication.objects.count() == applications


def test_a_body_with_a_bad_length_is_refused(client):
    response = client.generic("POST", "/join/", CONTENT_LENGTH="lots", wsgi_input=ExplodingInput())
    assert response.status_code == 400


def test_the_limit_covers_the_largest_upload(settings):
    assert settings.MAX_REQUEST_BODY_SIZE > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert settings.MAX_REQUEST_BODY_SIZE > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    # Only the request log and the health probes come before it, and neither reads the body.
    first = settings.MIDDLEWARE.index("core.uploads.RequestBodyLimitMiddleware")
    assert settings.MIDDLEWARE[:first] == [
        "observability.request_log.RequestLogMiddleware",
        "observability.health.HealthCheckMiddleware",
    ]


# Images are re-encoded.


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def polyglot_png():
    """A valid PNG carrying HTML in a text chunk and after its end."""
    png = image_bytes("PNG", size=(30, 20))
    iend = png.rindex(b"IEND") - 4
    text = png_chunk(b"tEXt", b"Comment\x00" + HTML)
    return png[:iend] + text + png[iend:] + HTML


def jpeg_with_gps():
    image = PILImage.new("RGB", (32, 16), (200, 10, 10))
    exif = PILImage.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 35.0, 0.0)}  # GPS position
    exif[0x010E] = "<script>alert(1)</script>"  # ImageDescription
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def assert_clean(image, image_format, size):
    image.file.open("rb")
    data = image.file.read()
    image.file.close()
    assert b"<script" not in data and b"<html" not in data
    with PILImage.open(io.BytesIO(data)) as decoded:
        assert decoded.format == image_format
        assert decoded.size == size
        assert "exif" not in decoded.info and "Comment" not in decoded.info
    assert image.file_size == len(data)
    assert (image.width, image.height) == size
    import hashlib

    assert image.file_hash == hashlib.sha1(data).hexdigest()


def test_a_png_html_polyglot_is_stored_as_a_clean_png(as_signatory, signatory):
    content = polyglot_png()
    assert HTML in content and PILImage.open(io.BytesIO(content)).format == "PNG"
    response = as_signatory.post(
        "/admin/images/add/",
        {
            "title": "Polyglot",
            "collection": signatory.collection.pk,
            "file": SimpleUploadedFile("logo.png", content, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    assert_clean(Image.objects.get(title="Polyglot"), "PNG", (30, 20))


def test_the_multiple_uploader_re_encodes_too(as_signatory, signatory):
    response = as_signatory.post(
        "/admin/images/multiple/add/",
        {
            "collection": signatory.collection.pk,
            "files[]": SimpleUploadedFile("poly.png", polyglot_png(), content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    assert_clean(Image.objects.get(), "PNG", (30, 20))


def test_a_jpeg_loses_its_exif_and_gps(as_signatory, signatory):
    response = as_signatory.post(
        "/admin/images/add/",
        {
            "title": "Photo",
            "collection": signatory.collection.pk,
            "file": SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert_clean(Image.objects.get(title="Photo"), "JPEG", (32, 16))


def test_replacing_an_image_file_re_encodes_it(as_signatory, signatory):
    as_signatory.post(
        "/admin/images/add/",
        {
            "title": "Logo",
            "collection": signatory.collection.pk,
            "file": SimpleUploadedFile("logo.png", image_bytes(), content_type="image/png"),
        },
    )
    image = Image.objects.get(title="Logo")
    response = as_signatory.post(
        f"/admin/images/{image.pk}/",
        {
            "title": "Logo",
            "collection": signatory.collection.pk,
            "file": SimpleUploadedFile("new.png", polyglot_png(), content_type="image/png"),
            "tags": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert_clean(image, "PNG", (30, 20))


def test_saving_an_image_again_keeps_its_file(signatory):
    image = Image(title="Kept", collection=signatory.collection)
    image.file.save("k.png", SimpleUploadedFile("k.png", image_bytes()), save=False)
    image.save()
    name, file_hash = image.file.name, image.file_hash
    image.title = "Kept, renamed"
    image.save()
    image.refresh_from_db()
    assert (image.file.name, image.file_hash) == (name, file_hash)


def test_an_image_that_cannot_be_re_encoded_is_refused_with_a_message(as_signatory, signatory):
    truncated = image_bytes("PNG", size=(300, 300))[:-40]
    response = as_signatory.post(
        "/admin/images/add/",
        {
            "title": "Broken",
            "collection": signatory.collection.pk,
            "file": SimpleUploadedFile("broken.png", truncated, content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "could not be read to the end" in response.content.decode()
    assert not Image.objects.filter(title="Broken").exists()


def test_a_logo_sent_with_a_sign_up_is_re_encoded_at_approval(db):
    home = make_home_page()
    directory = make_directory(home)
    from tests.factories import SignatoryApplicationFactory

    application = SignatoryApplicationFactory(organisation_name="Town P")
    application.logo.save("logo.png", SimpleUploadedFile("logo.png", polyglot_png()))
    application.logo_format = "png"
    application.save()
    from accounts import approval

    approval.build_signatory_page(application)
    approval.approve(application.pk, make_superuser())
    application.refresh_from_db()
    page = application.page.specific
    assert page.logo is not None
    assert_clean(page.logo, "PNG", (30, 20))
    assert directory.pk


def test_reencode_refuses_other_formats():
    out = io.BytesIO()
    PILImage.new("RGB", (4, 4)).save(out, "GIF")
    with pytest.raises(ValueError):
        reencode_image(out.getvalue())


# PDFs with active content are refused.


def pdf_with(root_entries=None, page_entries=None, js=None):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    for key, value in (root_entries or {}).items():
        writer._root_object[NameObject(key)] = value
    for key, value in (page_entries or {}).items():
        writer.pages[0][NameObject(key)] = value
    if js:  # a document-level script, run when the file opens: /Names /JavaScript
        names = ArrayObject([TextStringObject("run"), action("/JavaScript", JS=js)])
        tree = DictionaryObject({NameObject("/Names"): names})
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): tree}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def action(kind, **entries):
    data = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        data[NameObject(f"/{key}")] = TextStringObject(value)
    return data


OPEN_ACTION_SCRIPT = pdf_with({"/OpenAction": action("/JavaScript", JS="app.alert(1)")})
ACTIVE_PDFS = {
    "open action script": OPEN_ACTION_SCRIPT,
    "document javascript": pdf_with(js="app.launchURL('https://evil.example')"),
    "launch": pdf_with({"/OpenAction": action("/Launch", F="cmd.exe")}),
    "page additional action": pdf_with(
        page_entries={"/AA": DictionaryObject({NameObject("/O"): action("/JavaScript", JS="x()")})}
    ),
}


@pytest.mark.parametrize("name", ACTIVE_PDFS)
def test_pdf_active_content_is_found(name):
    assert pdf_active_content(ACTIVE_PDFS[name])


def test_a_plain_pdf_and_an_open_at_page_pdf_have_none():
    assert pdf_active_content(pdf_bytes()) == []
    # /OpenAction as a destination (show page 1, fit) is common and harmless.
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )
    out = io.BytesIO()
    writer.write(out)
    assert pdf_active_content(out.getvalue()) == []


@pytest.mark.parametrize("name", ACTIVE_PDFS)
def test_an_active_pdf_is_refused_in_the_admin(as_signatory, signatory, settings, name):
    before = stored_files(settings, "documents")
    response = as_signatory.post(
        "/admin/documents/add/",
        {
            "title": "Report",
            "collection": signatory.collection.pk,
            "file": SimpleUploadedFile("report.pdf", ACTIVE_PDFS[name], "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "contains scripts or automatic actions" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(settings, "documents") == before


def test_an_active_pdf_is_refused_by_the_multiple_uploader(as_signatory, signatory, settings):
    before = stored_files(settings, "documents")
    response = as_signatory.post(
        "/admin/documents/multiple/add/",
        {
            "collection": signatory.collection.pk,
            "files[]": SimpleUploadedFile("r.pdf", OPEN_ACTION_SCRIPT, "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "contains scripts" in response.json()["error_message"]
    assert not Document.objects.exists()
    assert stored_files(settings, "documents") == before


def test_a_pdf_renamed_txt_is_checked_too(as_signatory, signatory):
    response = as_signatory.post(
        "/admin/documents/add/",
        {
            "title": "Notes",
            "collection": signatory.collection.pk,
            "file": SimpleUploadedFile("notes.txt", OPEN_ACTION_SCRIPT, "text/plain"),
        },
    )
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_an_unreadable_pdf_is_refused_with_a_message(as_signatory, signatory):
    response = as_signatory.post(
        "/admin/documents/add/",
        {
            "title": "Broken",
            "collection": signatory.collection.pk,
            "file": SimpleUploadedFile("broken.pdf", b"%PDF-1.7\n garbage", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "cannot be read" in response.content.decode()
    assert not Document.objects.exists()


def test_a_plain_pdf_and_other_documents_are_accepted(as_signatory, signatory):
    for name, content in [("plan.pdf", pdf_bytes()), ("list.csv", b"a,b\n1,2\n")]:
        response = as_signatory.post(
            "/admin/documents/add/",
            {
                "title": name,
                "collection": signatory.collection.pk,
                "file": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.count() == 2


def test_a_signed_commitment_with_a_script_is_refused(client, settings, db):
    make_directory(make_home_page())

    def private_files():
        root = settings.PRIVATE_MEDIA_ROOT
        return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}

    before = private_files()
    response = client.post(
        "/join/",
        {
            **join_data(authorised_to_sign=None),
            "commitment": SimpleUploadedFile("c.pdf", OPEN_ACTION_SCRIPT, "application/pdf"),
        },
    )
    assert response.status_code == 400  # the join form's answer to any refused field
    body = response.content.decode()
    assert "contains scripts or automatic actions" in body
    assert "City of Sampleton" in body  # what the applicant typed is kept
    assert not SignatoryApplication.objects.exists()
    assert private_files() == before
