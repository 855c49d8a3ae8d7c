"""Checks on files sent with a sign-up, by their content (never by their name or declared type).

The signed commitment must be a PDF that parses and runs nothing (no script, no automatic action:
core/uploads.py); a logo must be a PNG, JPEG or WebP image that Pillow can read. SVG is
refused: it can carry script.
"""

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from core.uploads import pdf_refusal

COMMITMENT_MAX_SIZE = 10 * 1024 * 1024
LOGO_MAX_SIZE = 5 * 1024 * 1024
LOGO_MAX_PIXELS = 40_000_000
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def _check_size(upload, limit, what):
    if upload.size > limit:
        raise ValidationError(
            f"{what} is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}.",
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(f"{what} is empty. Choose the file again.", code="empty")


def validate_commitment_pdf(upload):
    """Accept a PDF of at most 10 MB whose content starts with %PDF- and parses."""
    _check_size(upload, COMMITMENT_MAX_SIZE, "The signed commitment")
    upload.seek(0)
    if not upload.read(5) == b"%PDF-":
        raise ValidationError(
            "The signed commitment must be a PDF file; this file is not one.", code="not_pdf"
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationError(
                    "This PDF is protected by a password. Upload a copy without a password.",
                    code="encrypted",
                )
            page_count = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        page_count = 0
    finally:
        upload.seek(0)
    if page_count < 1:
        raise ValidationError(
            "This PDF file is damaged or empty and cannot be opened. Save it again and "
            "upload the new copy.",
            code="unreadable_pdf",
        )
    # No scripts or automatic actions: the secretariat opens this file (core/uploads.py).
    upload.seek(0)
    refusal = pdf_refusal(upload.read(), "The signed commitment")
    upload.seek(0)
    if refusal is not None:
        raise refusal


def validate_logo_image(upload):
    """Accept a PNG, JPEG or WebP image of at most 5 MB; return its file extension."""
    _check_size(upload, LOGO_MAX_SIZE, "The logo")
    upload.seek(0)
    head = upload.read(512).lstrip()
    upload.seek(0)
    if head.startswith((b"<?xml", b"<svg", b"<!DOCTYPE svg")) or b"<svg" in head:
        raise ValidationError(
            "SVG logos are not accepted. Upload a PNG, JPEG or WebP image instead.", code="svg"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This image is too large in pixels. Upload a smaller version.", code="too_many_pixels"
        ) from None
    except Exception:
        raise ValidationError(
            "The logo must be a PNG, JPEG or WebP image; this file is not one or is damaged.",
            code="not_image",
        ) from None
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            f"The logo must be a PNG, JPEG or WebP image, not {image_format}.", code="format"
        )
    if width * height > LOGO_MAX_PIXELS:
        raise ValidationError(
            "This image is too large in pixels. Upload a smaller version.", code="too_many_pixels"
        )
    return LOGO_FORMATS[image_format]
