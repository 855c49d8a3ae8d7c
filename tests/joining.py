"""Fixtures and helpers shared by the joining tests (test_join, test_approval,
test_signatory_permissions, test_join_end_to_end). Import the fixtures you use by name."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from accounts.approval import SECRETARIAT_GROUP, ensure_groups_and_workflow
from tests.factories import SignatoryIndexPageFactory, UserFactory


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def commitment_upload(content=None, name="commitment.pdf"):
    return SimpleUploadedFile(
        name, pdf_bytes() if content is None else content, content_type="application/pdf"
    )


def image_bytes(image_format="PNG", size=(40, 20)):
    out = io.BytesIO()
    Image.new("RGB", size, (11, 58, 117)).save(out, format=image_format)
    return out.getvalue()


def logo_upload(image_format="PNG", name="logo.png", content=None):
    return SimpleUploadedFile(
        name, image_bytes(image_format) if content is None else content, content_type="image/png"
    )


def join_data(**overrides):
    """A complete, valid sign-up for a local authority."""
    data = {
        "profile": "authority",
        "organisation_name": "City of Sampleton",
        "kind": "city",
        "country": "BE",
        "town": "Sampleton",
        "website": "https://sampleton.example",
        "contact_name": "Robin Example",
        "contact_role": "Deputy mayor for children",
        "email": "Robin@Sampleton.example",
        "contact_phone": "",
        "password": "lantern-orchard-91",
        "password_again": "lantern-orchard-91",
        "authorised_to_sign": "on",
        "accept_commitments": "on",
        "accept_privacy": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def directory(home_page):
    """The live signatory directory at /participants/, with the review workflow on it."""
    page = SignatoryIndexPageFactory(parent=home_page)
    page.save_revision().publish()
    ensure_groups_and_workflow()
    return page


@pytest.fixture
def secretariat_user(db):
    """An editor of the secretariat: in the Secretariat group, not a superuser."""
    ensure_groups_and_workflow()
    user = UserFactory(display_name="Secretariat editor")
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return user
