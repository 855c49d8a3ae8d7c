"""The S3-compatible backends of the two storages (core/storage.py explains them), used when
AWS_STORAGE_BUCKET_NAME is set (settings: "Object storage"). django-storages and boto3 do the
work; these classes only decide what a file's URL is."""

from urllib.parse import urljoin

from botocore.config import Config
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaBucketStorage(S3Storage):
    """Uploads and renditions in a bucket, addressed under MEDIA_URL as on the local disk.

    django-storages would hand out the bucket's own address (a presigned URL that changes at
    every call and lets anyone holding it fetch the file until it expires, even after the page
    using it is unpublished); the site's own address keeps the permission check, stable URLs
    for page ETags and CDN caching, and a CSP with no bucket origin in it.
    """

    def __init__(self, **options):
        super().__init__(**options)
        # Timeouts from the settings, merged into the client configuration django-storages
        # builds from the options (the addressing style): passed as an option, a botocore
        # Config would end up in Wagtail's file-deletion tasks, whose arguments must be JSON.
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=settings.AWS_S3_CONNECT_TIMEOUT,
                read_timeout=settings.AWS_S3_READ_TIMEOUT,
                retries={"max_attempts": 3, "mode": "standard"},
            )
        )

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


class PrivateBucketStorage(MediaBucketStorage):
    """Private files in their own bucket. Their URL, as on the local disk, is an address under
    MEDIA_URL that answers 404 (`serve_media` sends images and documents only), never a
    presigned address of the bucket: the secretariat's view streams them."""
