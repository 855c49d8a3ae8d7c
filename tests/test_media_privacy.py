"""Issue 16, items 1 and 2: what a signatory uploads stays private until a live public page uses
it, and a signatory can only put on its pages the media it may choose.

Each test does what the attacker did (anonymous listing and file fetches; signatory A posting its
page, a preview or a new initiative with signatory B's image and document) and checks the
database and the files afterwards (core/media_access.py, core/media_choices.py).
"""

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.media_access import is_publicly_used, publicly_used
from pact.models import InitiativePage
from tests.conftest import make_home_page, make_superuser
from tests.factories import make_signatory
from tests.joining import image_bytes, initiative_form, make_directory, pdf_bytes
from tests.joining import signatory_page_form as page_form

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


def store_image(collection, title, uploader=None):
    image = Image(title=title, collection=collection, uploaded_by_user=uploader)
    image.file.save("i.png", ImageFile(io.BytesIO(image_bytes()), name="i.png"), save=False)
    image.save()
    return image


def store_document(collection, title, uploader=None):
    document = Document(title=title, collection=collection, uploaded_by_user=uploader)
    document.file.save("d.pdf", ContentFile(pdf_bytes()), save=False)
    document.save()
    return document


@pytest.fixture
def world(db):
    home = make_home_page()
    superuser = make_superuser()
    directory = make_directory(home)
    a = make_signatory(directory, superuser, "Town A")
    b = make_signatory(directory, superuser, "Town B")
    return {
        "home": home,
        "superuser": superuser,
        "directory": directory,
        "a": a,
        "b": b,
        "b_image": store_image(b.collection, "B private image", b.user),
        "b_document": store_document(b.collection, "B private document", b.user),
        "shared_image": store_image(Collection.get_first_root_node(), "Campaign image"),
    }


def rendition_url(image):
    return image.get_rendition("max-165x165").url


def a_uploads(client, a):
    """A uploads an image and a document to its own collection through the admin."""
    client.force_login(a.user)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "A private image",
            "collection": a.collection.pk,
            "file": SimpleUploadedFile("a.png", image_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "A private document",
            "collection": a.collection.pk,
            "file": SimpleUploadedFile("a.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    client.logout()
    return Image.objects.get(title="A private image"), Document.objects.get(
        title="A private document"
    )


def listed(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/?limit=100")
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def file_urls(image, document):
    return [
        image.file.url,
        rendition_url(image),
        document.url,  # /documents/<id>/<name>
        document.file.url,  # /media/documents/...
    ]


# Item 1: nothing a signatory uploads is listed or served until a live public page uses it.


def test_an_unused_upload_is_neither_listed_nor_served(client, world):
    image, document = a_uploads(client, world["a"])
    assert image.collection == world["a"].collection
    assert image.pk not in listed(client, "images")
    assert document.pk not in listed(client, "documents")
    assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    searched = client.get("/api/v2/images/?search=private").json()["items"]
    assert image.pk not in {item["id"] for item in searched}
    for url in file_urls(image, document):
        assert client.get(url).status_code == 404, url
    # Still stored, and the uploader (and the secretariat) still see it in the admin.
    client.force_login(world["a"].user)
    for url in file_urls(image, document):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-cache"
        assert b"".join(response.streaming_content)
    client.force_login(world["superuser"])
    assert client.get(image.file.url).status_code == 200
    # Another signatory gets nothing.
    client.force_login(world["b"].user)
    for url in file_urls(image, document):
        assert client.get(url).status_code == 404, url


def test_media_become_public_with_the_live_page_and_private_again_without_it(client, world):
    a = world["a"]
    image, document = a_uploads(client, a)
    page = a.page.specific
    page.logo = image
    page.description = [
        ("paragraph", RichText(f'<p><a linktype="document" id="{document.pk}">Plan</a></p>'))
    ]
    # A draft that uses them changes nothing.
    page.save_revision(user=a.user)
    assert not is_publicly_used(image) and not is_publicly_used(document)
    assert client.get(image.file.url).status_code == 404
    # Published (after review): listed and served to everybody.
    page.get_latest_revision().publish(user=world["superuser"])
    assert image.pk in listed(client, "images")
    assert document.pk in listed(client, "documents")
    for url in file_urls(image, document):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("public")
    # Unpublished: private again.
    page.refresh_from_db()
    page.unpublish()
    assert image.pk not in listed(client, "images")
    for url in file_urls(image, document):
        assert client.get(url).status_code == 404, url
    # And a draft page above a live one hides it as well (core/visibility.py's rule).
    page.save_revision().publish()
    assert client.get(image.file.url).status_code == 200
    Page.objects.get(pk=world["directory"].pk).unpublish()
    assert client.get(image.file.url).status_code == 404


def test_a_site_setting_makes_its_image_public(client, world):
    from wagtail.models import Site

    from toolkit.models import PosterSettings

    image = world["shared_image"]
    assert client.get(image.file.url).status_code == 404
    settings = PosterSettings.for_site(Site.objects.get(is_default_site=True))
    settings.artwork = image
    settings.save()
    assert client.get(image.file.url).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/../pactsite/settings/base.py",
        "/media/original_images/../../manage.py",
        "/media/original_images/%2e%2e/%2e%2e/manage.py",
        "/media/original_images/nothing.png",
        "/media/other/file.txt",
        "/media/avatar_images/nobody.png",
    ],
)
def test_no_other_file_is_served(client, world, path):
    assert client.get(path).status_code == 404


def test_serving_refuses_other_methods(client, world):
    image = world["shared_image"]
    assert client.post(image.file.url).status_code in (403, 405)


def test_the_served_file_is_never_a_page(client, world):
    a = world["a"]
    image, document = a_uploads(client, a)
    client.force_login(a.user)
    response = client.get(image.file.url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_with_accel_redirect_the_proxy_sends_the_file(client, world, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    a = world["a"]
    image, _document = a_uploads(client, a)
    assert client.get(image.file.url).status_code == 404
    client.force_login(a.user)
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + image.file.name
    assert response.content == b""


def test_publicly_used_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        list(publicly_used(Image.objects.all()))


# Item 2: media chosen by id are checked on the server against what the user may choose.


def snapshot_of(page):
    page.refresh_from_db()
    return (
        page.latest_revision_id,
        Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        page.specific.logo_id if hasattr(page.specific, "logo_id") else None,
    )


def revisions_mention(model, pk):
    """Whether any stored revision holds this image or document id in any form."""
    needle = f'"{pk}"'
    for revision in Revision.objects.all():
        content = json.dumps(revision.content)
        if f'"logo": {pk}' in content or needle in content or f'id=\\"{pk}\\"' in content:
            return True
    return False


def test_a_may_not_save_its_page_with_bs_image_as_logo(client, world):
    a, b_image = world["a"], world["b_image"]
    client.force_login(a.user)
    before = snapshot_of(a.page)
    response = client.post(f"/admin/pages/{a.page.pk}/edit/", page_form(a.page, logo=b_image.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "is not one you may use" in body
    assert "We train every teacher in town." in body  # what A typed is still there
    assert snapshot_of(a.page) == before
    assert not revisions_mention(Image, b_image.pk)


def test_a_may_not_submit_its_page_with_bs_image_either(client, world):
    a, b_image = world["a"], world["b_image"]
    client.force_login(a.user)
    before = snapshot_of(a.page)
    response = client.post(
        f"/admin/pages/{a.page.pk}/edit/",
        page_form(a.page, logo=b_image.pk, **{"action-submit": "Submit"}),
    )
    assert response.status_code == 200
    assert snapshot_of(a.page) == before
    assert not a.page.specific.workflow_in_progress


def image_block(image):
    return ("image", {"image": image.pk, "alt_text": "A picture", "caption": ""})


def documents_block(*documents):
    return (
        "documents",
        {
            "heading": "Downloads",
            "documents": {
                "count": len(documents),
                **{
                    str(i): {"value": doc.pk, "deleted": "", "order": i, "id": ""}
                    for i, doc in enumerate(documents)
                },
            },
        },
    )


def test_a_may_not_preview_a_page_with_bs_document_and_image(client, world):
    a, b_image, b_document = world["a"], world["b_image"], world["b_document"]
    client.force_login(a.user)
    data = page_form(a.page)
    data.update(
        nested_form_data(
            {"description": streamfield([image_block(b_image), documents_block(b_document)])}
        )
    )
    response = client.post(f"/admin/pages/{a.page.pk}/edit/preview/", data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is False
    shown = client.get(f"/admin/pages/{a.page.pk}/edit/preview/")
    body = shown.content.decode()
    assert "B private document" not in body
    assert b_document.url not in body
    assert rendition_url(b_image) not in body
    # Nothing stored, and B's files still answer 404 to A.
    assert not revisions_mention(Document, b_document.pk)
    assert client.get(b_document.url).status_code == 404
    assert client.get(b_image.file.url).status_code == 404


def test_a_may_not_add_an_initiative_with_bs_media(client, world):
    a, b_image, b_document = world["a"], world["b_image"], world["b_document"]
    client.force_login(a.user)
    for body in (
        [image_block(b_image)],
        [documents_block(b_document)],
        [("paragraph", rich_text(f'<p><a linktype="document" id="{b_document.pk}">x</a></p>'))],
    ):
        count = InitiativePage.objects.count()
        data = initiative_form(**{"action-submit": "Submit"})
        data.update(nested_form_data({"body": streamfield(body)}))
        response = client.post(f"/admin/pages/add/pact/initiativepage/{a.page.pk}/", data)
        assert response.status_code == 200
        assert "is not one you may use" in response.content.decode()
        assert InitiativePage.objects.count() == count


def test_a_uses_its_own_media_everywhere(client, world):
    a = world["a"]
    image, document = a_uploads(client, a)
    client.force_login(a.user)
    data = page_form(a.page, logo=image.pk)
    data.update(
        nested_form_data(
            {"description": streamfield([image_block(image), documents_block(document)])}
        )
    )
    response = client.post(f"/admin/pages/{a.page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = Page.objects.get(pk=a.page.pk).get_latest_revision_as_object()
    assert draft.logo_id == image.pk
    assert [block.block_type for block in draft.description] == ["image", "documents"]


def test_media_the_page_already_uses_may_stay(client, world):
    """The secretariat put a campaign image on A's page: A's next edit keeps it."""
    a, shared = world["a"], world["shared_image"]
    page = a.page.specific
    page.logo = shared
    page.save_revision(user=world["superuser"]).publish()
    client.force_login(a.user)
    response = client.post(
        f"/admin/pages/{a.page.pk}/edit/", page_form(a.page, logo=shared.pk, town="New town")
    )
    assert response.status_code == 302
    draft = Page.objects.get(pk=a.page.pk).get_latest_revision_as_object()
    assert (draft.logo_id, draft.town) == (shared.pk, "New town")
    # But not another of the campaign's images.
    other = store_image(Collection.get_first_root_node(), "Another campaign image")
    response = client.post(f"/admin/pages/{a.page.pk}/edit/", page_form(a.page, logo=other.pk))
    assert response.status_code == 200


def test_the_secretariat_may_use_any_image(client, world):
    a, b_image = world["a"], world["b_image"]
    client.force_login(world["superuser"])
    response = client.post(f"/admin/pages/{a.page.pk}/edit/", page_form(a.page, logo=b_image.pk))
    assert response.status_code == 302
    draft = Page.objects.get(pk=a.page.pk).get_latest_revision_as_object()
    assert draft.logo_id == b_image.pk


def test_every_page_type_checks_the_media_chosen():
    from wagtail.models import get_page_models

    from core.media_choices import MediaCheckedPageForm

    for model in get_page_models():
        if model is Page:
            continue
        form_class = model.get_edit_handler().get_form_class()
        assert issubclass(form_class, MediaCheckedPageForm), model


def test_the_choosers_name_only_media_the_user_may_choose(client, world):
    a, b_image, b_document = world["a"], world["b_image"], world["b_document"]
    own_image, own_document = a_uploads(client, a)
    client.force_login(a.user)
    refused = [
        f"/admin/images/chooser/chosen/{b_image.pk}/",
        f"/admin/images/chooser/chosen-multiple/?id={own_image.pk}&id={b_image.pk}",
        f"/admin/images/chooser/{b_image.pk}/select_format/",
        f"/admin/documents/chooser/chosen/{b_document.pk}/",
        f"/admin/documents/chooser/chosen-multiple/?id={b_document.pk}",
        "/admin/documents/chooser/chosen/x/",
    ]
    for url in refused:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "B private" not in response.content.decode()
    allowed = [
        f"/admin/images/chooser/chosen/{own_image.pk}/",
        f"/admin/images/chooser/chosen-multiple/?id={own_image.pk}",
        f"/admin/documents/chooser/chosen/{own_document.pk}/",
    ]
    for url in allowed:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "A private" in response.content.decode()
    client.force_login(world["superuser"])
    response = client.get(f"/admin/images/chooser/chosen/{b_image.pk}/")
    assert response.status_code == 200 and "B private image" in response.content.decode()
    client.logout()
    assert client.get(f"/admin/images/chooser/chosen/{own_image.pk}/").status_code == 302


def test_every_file_the_demos_public_pages_show_is_served(client, demo_site):
    """The other side of the rule: nothing a public page shows is refused (logos, news and
    campaign images, their renditions, documents offered for download)."""
    import re

    from core.visibility import publicly_visible

    file_link = re.compile(r"""(/(?:media|documents)/[^"'\s<>,)]+)""")
    files, pages = set(), 0
    for page in publicly_visible(Page.objects.all()).specific():
        response = client.get(page.url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        pages += 1
        files |= set(file_link.findall(response.content.decode()))
    assert pages >= 10 and len(files) >= 5, (pages, files)
    from django.core.files.storage import default_storage

    refused, served = [], 0
    for url in sorted(files):
        response = client.get(url.replace("&amp;", "&"))
        name = url.removeprefix("/media/")
        # The restored demo database may name rendition files another test process removed.
        if url.startswith("/media/") and not default_storage.exists(name):
            continue
        if response.status_code != 200:
            refused.append((url, response.status_code))
        else:
            served += 1
    assert refused == [] and served >= 5
