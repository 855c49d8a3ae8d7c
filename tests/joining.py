"""Fixtures and helpers shared by the joining tests (test_join, test_approval,
test_signatory_permissions, test_join_end_to_end). Import the fixtures you use by name."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from pact.signatory_rights.grants import SECRETARIAT_GROUP, ensure_groups_and_workflow
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


def make_directory(home_page):
    """The live signatory directory at /participants/, with the review workflow on it."""
    page = SignatoryIndexPageFactory(parent=home_page)
    page.save_revision().publish()
    ensure_groups_and_workflow()
    return page


@pytest.fixture
def directory(home_page):
    return make_directory(home_page)


@pytest.fixture
def secretariat_user(db):
    """An editor of the secretariat: in the Secretariat group, not a superuser."""
    ensure_groups_and_workflow()
    user = UserFactory(display_name="Secretariat editor")
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return user


def signatory_page_form(page, **overrides):
    """POST data of the SignatoryPage editor for `page`, as the admin form sends it."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = {
        "title": page.title,
        "slug": page.slug,
        "profile": page.profile,
        "kind": page.kind,
        "country": page.country.code,
        "town": page.town,
        "population": "",
        "website": page.website,
        "signed_on": page.signed_on.isoformat() if page.signed_on else "",
        "logo": "",
        "latitude": "",
        "longitude": "",
        "description": streamfield(
            [("paragraph", rich_text("<p>We train every teacher in town.</p>"))]
        ),
        "structures": streamfield([]),
        "public_contact_name": "",
        "public_contact_email": "",
        "public_contact_phone": "",
        "contact_name": page.contact_name,
        "contact_role": page.contact_role,
        "contact_email": page.contact_email,
        "contact_phone": page.contact_phone,
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def initiative_form(**overrides):
    """POST data of the InitiativePage editor for a new initiative."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    from pact.models import FourP

    data = {
        "title": "Safe schools programme",
        "slug": "safe-schools-programme",
        "summary": "Every school names a trained person children can talk to.",
        "start_date": "2026-01-15",
        "end_date": "",
        "status": "ongoing",
        "target_groups": "teachers, pupils aged 6 to 12",
        "body": streamfield([("paragraph", rich_text("<p>How it works.</p>"))]),
        "results": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    ps = overrides.pop("ps", [FourP.objects.get(slug="prevention").pk])
    data.update(overrides)
    form_data = nested_form_data(data)
    form_data["ps"] = [str(pk) for pk in ps]  # checkboxes: one value per ticked P
    return form_data
