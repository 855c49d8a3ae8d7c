"""Issue 21, "Media on object storage": with AWS_STORAGE_BUCKET_NAME set, uploads and renditions
live in one bucket and sign-up files in a second, private one (core/storage.py), and every file
still goes through the site's permission-checked views.

The buckets are real S3 buckets of moto's server mode, started in this process on a free port
(no cloud is reachable from here); each test gets two fresh buckets and the S3 settings, the
rest of the suite keeps the local disk.
"""

import copy
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage, storages
from moto.server import ThreadedMotoServer
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from accounts.models import ApplicationStatus, SignatoryApplication
from core.object_storage import MediaBucketStorage
from privacy.data import erase_account
from tests.conftest import make_home_page, make_superuser
from tests.factories import (
    ToolkitDocumentFactory,
    ToolkitFileFactory,
    ToolkitPageFactory,
    make_signatory,
)
from tests.joining import (
    commitment_upload,
    image_bytes,
    join_data,
    logo_upload,
    make_directory,
    pdf_bytes,
)
from tests.test_join import verify_link
from tests.test_toolkit import image_xobjects, read_pdf

# Object storage does not depend on the database engine: CI runs these once, on the SQLite pass.
pytestmark = [pytest.mark.django_db, pytest.mark.slow_checks]

BASE_DIR = Path(__file__).resolve().parent.parent
Image = get_image_model()
Document = get_document_model()
CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}
LISTING = "/admin/accounts/signatoryapplication/"


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server in a thread of this process, on a free port."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


class Buckets:
    """The two buckets of one test, and what each holds."""

    def __init__(self, endpoint):
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
            region_name=CREDENTIALS["region_name"],
        )
        suffix = uuid.uuid4().hex[:12]
        self.media = f"pact-media-{suffix}"
        self.private = f"pact-private-{suffix}"
        for bucket in (self.media, self.private):
            self.client.create_bucket(Bucket=bucket)
            # As docs/deploy.md asks: nothing in either bucket may ever be made public.
            self.client.put_public_access_block(
                Bucket=bucket,
                PublicAccessBlockConfiguration={
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": True,
                    "RestrictPublicBuckets": True,
                },
            )

    def keys(self, bucket):
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def body(self, bucket, key):
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.fixture(scope="module")
def bucket_storages(s3_endpoint):
    """STORAGES as the settings make them from the environment for the local S3 server (bucket
    names filled in per test), with the server's test credentials."""
    result = settings_with(
        AWS_STORAGE_BUCKET_NAME="media-bucket",
        AWS_PRIVATE_STORAGE_BUCKET_NAME="private-bucket",
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_S3_REGION_NAME=CREDENTIALS["region_name"],
    )
    assert result.returncode == 0, result.stderr
    storages_setting = json.loads(result.stdout)[0]
    for alias in ("default", "private"):
        storages_setting[alias]["OPTIONS"].update(CREDENTIALS)
    return storages_setting


@pytest.fixture
def buckets(bucket_storages, s3_endpoint, settings):
    """Two fresh buckets, and the settings that put the uploads in them."""
    made = Buckets(s3_endpoint)
    storages_setting = copy.deepcopy(bucket_storages)
    storages_setting["default"]["OPTIONS"]["bucket_name"] = made.media
    storages_setting["private"]["OPTIONS"]["bucket_name"] = made.private
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storages_setting["default"],
        "private": storages_setting["private"],
    }
    return made


def local_files(root):
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


def store_image(collection, title="Town logo", uploader=None):
    image = Image(title=title, collection=collection, uploaded_by_user=uploader)
    image.file.save("logo.png", ImageFile(io.BytesIO(image_bytes()), name="logo.png"), save=False)
    image.save()
    return image


@pytest.fixture
def signatory(db):
    """An approved signatory whose live page is ready for a logo."""
    home = make_home_page()
    superuser = make_superuser()
    directory = make_directory(home)
    application = make_signatory(directory, superuser, "Town A")
    return {"home": home, "superuser": superuser, "application": application}


def with_logo(signatory, image):
    page = signatory["application"].page
    page.logo = image
    page.save_revision().publish()
    return page


# Uploads and renditions


def test_an_upload_goes_to_the_bucket_and_not_to_the_disk(buckets, signatory, settings):
    before = local_files(settings.MEDIA_ROOT)
    image = store_image(signatory["application"].collection)

    assert default_storage.exists(image.file.name)
    assert image.file.name in buckets.keys(buckets.media)
    assert image.file.name.startswith("original_images/")
    # Re-encoded before it was stored (core/uploads.py), in the bucket too.
    assert buckets.body(buckets.media, image.file.name)[:8] == b"\x89PNG\r\n\x1a\n"
    assert (image.width, image.height) == (40, 20)
    assert local_files(settings.MEDIA_ROOT) == before
    assert buckets.keys(buckets.private) == []


def test_two_uploads_of_one_file_name_are_two_objects(buckets, signatory):
    collection = signatory["application"].collection
    first, second = store_image(collection, "First"), store_image(collection, "Second")
    assert first.file.name != second.file.name
    assert {first.file.name, second.file.name} <= set(buckets.keys(buckets.media))


def test_a_public_pages_renditions_are_served_from_the_bucket_at_the_sites_address(
    client, buckets, signatory, s3_endpoint
):
    page = with_logo(signatory, store_image(signatory["application"].collection))

    html = client.get(page.url).content.decode()
    rendition = page.logo.renditions.first()
    assert rendition.url.startswith("/media/images/")
    assert rendition.url in html
    assert s3_endpoint not in html and "X-Amz" not in html  # no bucket address is handed out
    assert rendition.file.name in buckets.keys(buckets.media)

    response = client.get(rendition.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == buckets.body(buckets.media, rendition.file.name)
    assert response["Content-Type"] == "image/png"
    # A CDN in front of /media/ may keep it, not for long (unpublishing hides it again).
    assert response["Cache-Control"] == "public, max-age=600"
    original = client.get(page.logo.file.url)
    assert original.status_code == 200 and original["Cache-Control"] == "public, max-age=600"


def test_an_unpublished_pages_image_answers_404_that_no_cache_keeps(client, buckets, signatory):
    page = with_logo(signatory, store_image(signatory["application"].collection))
    rendition = page.logo.get_rendition("max-240x160")
    assert client.get(rendition.url).status_code == 200

    page.unpublish()

    response = client.get(rendition.url)
    assert response.status_code == 404
    assert response["Cache-Control"] == "private, no-cache"
    assert rendition.file.name in buckets.keys(buckets.media)  # kept for the next publish


def test_an_unused_upload_is_sent_to_its_manager_only_and_never_shared(client, buckets, signatory):
    image = store_image(signatory["application"].collection)

    anonymous = client.get(image.file.url)
    assert anonymous.status_code == 404
    assert anonymous["Cache-Control"] == "private, no-cache"

    client.force_login(signatory["superuser"])
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == buckets.body(buckets.media, image.file.name)
    assert response["Cache-Control"] == "private, no-cache"


def test_a_file_missing_from_the_bucket_answers_404(client, buckets, signatory):
    page = with_logo(signatory, store_image(signatory["application"].collection))
    buckets.client.delete_object(Bucket=buckets.media, Key=page.logo.file.name)

    response = client.get(page.logo.file.url)

    assert response.status_code == 404
    assert response["Cache-Control"] == "private, no-cache"


# Documents


def test_a_public_document_is_streamed_from_the_bucket_not_redirected(client, buckets, home_page):
    toolkit = ToolkitPageFactory(parent=home_page)
    entry = ToolkitDocumentFactory(page=toolkit, document=ToolkitFileFactory(title="Leaflet"))
    document = entry.document
    assert document.file.name in buckets.keys(buckets.media)

    response = client.get(document.url)

    assert response.status_code == 200  # not a redirect to the bucket
    body = b"".join(response.streaming_content)
    assert body == buckets.body(buckets.media, document.file.name)
    assert body.startswith(b"%PDF-")
    assert response["Cache-Control"] == "public, max-age=600"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_private_document_answers_404_that_no_cache_keeps(client, buckets, db):
    document = ToolkitFileFactory(title="Draft leaflet")

    response = client.get(document.url)

    assert response.status_code == 404
    assert response["Cache-Control"] == "private, no-cache"


# Sign-up files in the private bucket


def test_sign_up_files_go_to_the_private_bucket_and_reach_the_secretariat_only(
    client, buckets, settings, secretariat_user
):
    make_directory(make_home_page())
    private_before = local_files(settings.PRIVATE_MEDIA_ROOT)
    pdf = pdf_bytes()
    response = client.post(
        "/join/",
        {
            **join_data(authorised_to_sign=None),
            "commitment": commitment_upload(pdf),
            "logo": logo_upload(),
        },
    )
    assert response.status_code == 302
    application = SignatoryApplication.objects.get()
    assert buckets.keys(buckets.private) == sorted(
        [application.commitment.name, application.logo.name]
    )
    assert application.commitment.name.startswith("commitments/")
    assert application.logo.name.startswith("logos/")
    assert buckets.keys(buckets.media) == []
    assert local_files(settings.PRIVATE_MEDIA_ROOT) == private_before

    # No address of the site reaches a private file.
    assert client.get(f"/media/{application.commitment.name}").status_code == 404
    client.force_login(secretariat_user)
    download = client.get(f"{LISTING}commitment/{application.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert download["Content-Disposition"].startswith("attachment;")

    # Confirmed and approved: the logo is copied into the signatory's own images, in the
    # media bucket.
    client.logout()
    client.post(verify_link(mail.outbox[0]))
    client.force_login(secretariat_user)
    assert client.post(f"{LISTING}approve/{application.pk}/").status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    logo = Image.objects.get(collection=application.collection)
    assert logo.file.name in buckets.keys(buckets.media)
    assert application.page.live


def test_a_commitment_missing_from_the_bucket_answers_404(client, buckets, secretariat_user):
    make_directory(make_home_page())
    client.post("/join/", {**join_data(authorised_to_sign=None), "commitment": commitment_upload()})
    application = SignatoryApplication.objects.get()
    buckets.client.delete_object(Bucket=buckets.private, Key=application.commitment.name)
    client.force_login(secretariat_user)
    assert client.get(f"{LISTING}commitment/{application.pk}/").status_code == 404


# Privacy erasure and the poster


def test_erasing_an_account_deletes_its_files_from_both_buckets(
    buckets, signatory, django_capture_on_commit_callbacks
):
    application = signatory["application"]
    application.commitment.save("c.pdf", ContentFile(pdf_bytes()), save=False)
    application.logo.save("l.png", ContentFile(image_bytes()), save=False)
    application.save()
    page = with_logo(signatory, store_image(application.collection))
    page.logo.get_rendition("max-240x160")
    assert buckets.keys(buckets.private) and buckets.keys(buckets.media)

    with django_capture_on_commit_callbacks(execute=True):
        counts = erase_account(application.user, by=signatory["superuser"])

    assert counts["uploads"] == 2 and counts["images"] == 1
    assert buckets.keys(buckets.private) == []
    assert buckets.keys(buckets.media) == []


def test_the_poster_prints_the_page_logo_read_from_the_bucket(client, buckets, signatory):
    application = signatory["application"]
    with_logo(signatory, store_image(application.collection))
    ToolkitPageFactory(parent=signatory["home"])
    client.force_login(application.user)

    response = client.post(
        "/toolkit/poster/",
        {"message": "We act.", "page_logo": str(application.page.logo_id), "download": "1"},
    )

    assert response["Content-Type"] == "application/pdf"
    assert len(image_xobjects(read_pdf(response.content).pages[0])) == 1
    rendition_names = [r.file.name for r in application.page.logo.renditions.all()]
    assert rendition_names and set(rendition_names) <= set(buckets.keys(buckets.media))


# Settings


def settings_with(**env):
    """STORAGES and WAGTAILDOCS_SERVE_METHOD as the settings make them from `env`."""
    code = (
        "import django, json; django.setup();"
        "from django.conf import settings as s;"
        "print(json.dumps([s.STORAGES, s.WAGTAILDOCS_SERVE_METHOD]))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "pactsite.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_local_disk_stays_the_default(settings):
    assert settings.STORAGES["private"]["BACKEND"] == "core.storage.PrivateFileSystemStorage"
    assert storages["private"].location == settings.PRIVATE_MEDIA_ROOT
    assert default_storage.location == settings.MEDIA_ROOT


def test_the_buckets_come_from_the_environment():
    result = settings_with(
        AWS_STORAGE_BUCKET_NAME="pact-media",
        AWS_PRIVATE_STORAGE_BUCKET_NAME="pact-private",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_ADDRESSING_STYLE="path",
    )
    assert result.returncode == 0, result.stderr
    storages_setting, serve_method = json.loads(result.stdout)
    assert storages_setting["default"]["BACKEND"] == "core.object_storage.MediaBucketStorage"
    assert storages_setting["default"]["OPTIONS"]["bucket_name"] == "pact-media"
    assert storages_setting["private"]["OPTIONS"]["bucket_name"] == "pact-private"
    assert storages_setting["private"]["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert serve_method == "serve_view"


def test_a_hung_object_store_fails_a_request_in_seconds(settings):
    """Timeouts from the settings, kept beside the path addressing the options ask for."""
    settings.AWS_S3_CONNECT_TIMEOUT, settings.AWS_S3_READ_TIMEOUT = 3.0, 7.0
    storage = MediaBucketStorage(
        bucket_name="pact-media", endpoint_url="https://s3.example.org", addressing_style="path"
    )
    assert storage.client_config.connect_timeout == 3.0
    assert storage.client_config.read_timeout == 7.0
    assert storage.client_config.s3 == {"addressing_style": "path"}


@pytest.mark.parametrize(
    "env, message",
    [
        ({"AWS_STORAGE_BUCKET_NAME": "pact-media"}, "needs AWS_PRIVATE_STORAGE_BUCKET_NAME"),
        (
            {"AWS_STORAGE_BUCKET_NAME": "pact", "AWS_PRIVATE_STORAGE_BUCKET_NAME": "pact"},
            "needs AWS_PRIVATE_STORAGE_BUCKET_NAME",
        ),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "pact-media",
                "AWS_PRIVATE_STORAGE_BUCKET_NAME": "pact-private",
                "MEDIA_ACCEL_REDIRECT": "/protected-media/",
            },
            "unset one of the two",
        ),
    ],
)
def test_an_incomplete_bucket_setup_refuses_to_start(env, message):
    result = settings_with(**env)
    assert result.returncode != 0
    assert message in result.stderr
