"""What an upload must be before it is stored: one place for every upload of the site.

- **Request bodies over the limit are refused before they are read.** `RequestBodyLimitMiddleware`
  comes right after the request log and the health probes (neither reads the body): a request
  whose Content-Length exceeds MAX_REQUEST_BODY_SIZE (the largest upload the site accepts, plus
  room for the form's other fields) is answered 413 with a clear message, and not one byte of
  its body is read. Django never reads past Content-Length,
  and a body without one is read as empty, so nothing larger reaches memory or disk.
- **Stored images are re-encoded.** Every image saved (the admin's uploads, single and multiple,
  a replaced file, a sign-up's logo made an image at approval) is decoded and encoded again by
  Pillow (`reencode_image`, run by `reencode_image_on_save` before the image row is saved): only
  the pixels are kept, so text chunks, EXIF (GPS positions included), ICC profiles and anything
  appended after the image's end (a PNG/HTML polyglot) are gone. The orientation EXIF held is
  applied to the pixels first. WAGTAILIMAGES_IMAGE_FORM_BASE checks in the form that the image
  can be re-encoded, so a file Pillow cannot write is refused with a message, not a 500.
- **PDFs with active content are refused.** `pdf_active_content` lists what a PDF would run or
  open on its own: JavaScript (/JS, /JavaScript), an /OpenAction or additional action (/AA)
  that is an action rather than a page to show, /Launch, /SubmitForm, /ImportData, /RichMedia.
  The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE) and the sign-up's signed commitment
  (accounts/uploads.py) refuse such a PDF, and one that cannot be read, with a clear message.
"""

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Requests ---------------------------------------------------------------------------------------


class RequestBodyLimitMiddleware:
    """Answer 413, without reading the body, when Content-Length exceeds the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        limit = settings.MAX_REQUEST_BODY_SIZE
        if length < 0:
            return HttpResponse(
                "The request's length is not a number.", status=400, content_type="text/plain"
            )
        if length > limit:
            return _too_large(request, length, limit)
        return self.get_response(request)


def _too_large(request, length, limit):
    message = (
        f"This upload is {filesizeformat(length)}; the largest the site accepts is "
        f"{filesizeformat(limit)} in one go (a document of at most "
        f"{filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}, an image of at most "
        f"{filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)}). Go back, choose a smaller "
        "file and send the form again."
    )
    if "text/html" in request.META.get("HTTP_ACCEPT", ""):
        body = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            "<title>Upload too large</title></head><body><h1>Upload too large</h1>"
            f"<p>{escape(message)}</p></body></html>"
        )
        response = HttpResponse(body, status=413, content_type="text/html; charset=utf-8")
    else:
        response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    # No "Connection: close" here: WSGI forbids hop-by-hop headers from the application; the
    # server closes a connection whose body was not read.
    return response


# Images -----------------------------------------------------------------------------------------

REENCODED_FORMATS = {"PNG", "JPEG", "WEBP"}
JPEG_QUALITY = 92
WEBP_QUALITY = 90


def reencode_image(data):
    """The image in `data` (bytes) decoded and encoded again in its own format, with nothing but
    its pixels: raises ValueError when it is not a PNG, JPEG or WebP Pillow can read."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        with PILImage.open(io.BytesIO(data)) as source:
            image_format = source.format
            if image_format not in REENCODED_FORMATS:
                raise ValueError(f"not a re-encodable image format: {image_format}")
            source.load()
            image = ImageOps.exif_transpose(source)
    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, lossless=image.mode == "RGBA")
    return out.getvalue()


def _read(field_file):
    field_file.open("rb")
    field_file.seek(0)
    data = field_file.read()
    field_file.seek(0)
    return data


def reencode_image_on_save(sender, instance, raw=False, **kwargs):
    """pre_save of the image model: a new or replaced file is re-encoded before it is stored
    (or, when Wagtail stored it already, stored again re-encoded), and the image's size and hash
    are computed from the clean file."""
    if raw or not instance.file:
        return
    field_file = instance.file
    if field_file._committed:
        previous = None
        if instance.pk:
            previous = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
        if field_file.name in (previous, getattr(instance, "_reencoded_file", None)):
            return
    try:
        clean = reencode_image(_read(field_file))
    except (ValueError, OSError, SyntaxError, PILImage.DecompressionBombError) as error:
        # The image form refuses such a file first; anything else reaching here is a bug.
        raise ValidationError(f"This image cannot be re-encoded: {error}") from error
    name = os.path.basename(field_file.name)
    if field_file._committed:
        field_file.storage.delete(field_file.name)
    instance.file = ContentFile(clean, name=name)
    instance.file.field.pre_save(instance, add=instance.pk is None)  # stores it: a final name
    instance._reencoded_file = instance.file.name
    instance._set_image_file_metadata()


NOT_REENCODABLE = (
    "This image could not be read to the end. Save it again as PNG, JPEG or WebP and upload "
    "the new copy."
)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, answering a form error where Pillow fails while Wagtail counts the
    frames of a damaged file (a truncated PNG: OSError, a 500 in Wagtail 8.0)."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - any decoding failure is the file's
            raise ValidationError(NOT_REENCODABLE, code="not_reencodable") from error


class ReencodableImageForm(BaseImageForm):
    """The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): refuses, with a message, an image
    that cannot be re-encoded (it would be stored as sent otherwise)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            field.__class__ = CheckedImageField

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            upload.seek(0)
            try:
                reencode_image(upload.read())
            except Exception as error:  # noqa: BLE001 - any decoding failure is the file's
                raise ValidationError(NOT_REENCODABLE, code="not_reencodable") from error
            finally:
                upload.seek(0)
        return upload


# PDFs -------------------------------------------------------------------------------------------

# Keys whose presence means the PDF runs or opens something by itself.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMedia"}
# Action types (/S) refused wherever an action is.
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/RichMediaExecute",
    "/GoToE",
}
# The most objects looked at in one PDF: a larger one is refused as unreadable.
MAX_PDF_OBJECTS = 200_000


class UnreadablePDF(Exception):
    pass


def pdf_active_content(data):
    """The names of the active content the PDF in `data` holds (empty when none); raises
    UnreadablePDF when it cannot be parsed or is protected by a password."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadablePDF("protected by a password")
            return sorted(_walk(reader.trailer))
    except UnreadablePDF:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise UnreadablePDF(str(error)) from error


def _walk(trailer):
    found = set()
    seen = set()
    stack = [trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise UnreadablePDF("too many objects")
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in ACTIVE_KEYS:
                    found.add(key)
                if key in ("/OpenAction", "/AA"):
                    target = value.get_object() if isinstance(value, IndirectObject) else value
                    # A destination (an array: the page to show) is harmless; an action is not.
                    if isinstance(target, DictionaryObject):
                        found.add(key)
                if key == "/S" and value in ACTIVE_ACTIONS:
                    found.add(str(value))
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found


def pdf_refusal(data, what="This PDF"):
    """A ValidationError for a PDF with active content or one that cannot be read, else None."""
    try:
        active = pdf_active_content(data)
    except UnreadablePDF:
        return ValidationError(
            f"{what} cannot be read (it is damaged or protected by a password). Save or print "
            "it again as a PDF and upload the new copy.",
            code="unreadable_pdf",
        )
    if active:
        return ValidationError(
            f"{what} contains scripts or automatic actions ({', '.join(active)}), which the "
            "site does not accept: they could run on the computer of whoever opens it. Save or "
            "print it again as a plain PDF (e.g. “Print to PDF”) and upload the new copy.",
            code="active_pdf",
        )
    return None


def looks_like_pdf(name, head):
    return name.lower().endswith(".pdf") or b"%PDF-" in head[:1024]


class CheckedDocumentForm(BaseDocumentForm):
    """The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): refuses PDFs with scripts or
    automatic actions, and PDFs that cannot be read."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            if looks_like_pdf(upload.name, data):
                error = pdf_refusal(data)
                if error is not None:
                    raise error
        return upload
