"""Where uploaded files live: the local disk by default, S3-compatible object storage when
AWS_STORAGE_BUCKET_NAME is set (settings: "Object storage"; docs/deploy.md, "Object storage").

Two storages, both private at the object-store level (no visitor ever fetches from a bucket):

- `STORAGES["default"]`: images, their renditions, documents and avatars. On disk in
  MEDIA_ROOT, or in AWS_STORAGE_BUCKET_NAME. Either way a file's URL is under MEDIA_URL, so
  every fetch goes through the permission-checked view (core/media_access.py `serve_media`),
  which streams the file from the bucket; a CDN in front of /media/ and /documents/ caches the
  public ones by the site's own addresses.
- `STORAGES["private"]`: what a sign-up sends (signed commitments, logos). On disk in
  PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, or in AWS_PRIVATE_STORAGE_BUCKET_NAME; no URL of the
  site reaches these files, only the secretariat's download view (accounts/admin_views.py).

Code opens private files through `storages["private"]`; a model field names `private_storage`.
The bucket backends are in core/object_storage.py, imported only when a bucket is configured.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, cached_property, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Private files on the local disk, in PRIVATE_MEDIA_ROOT (read when first used, so the
    test settings' folder counts)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class PrivateStorage(LazyObject):
    """`storages["private"]` for a model field, which needs a Storage when the models load:
    looked up at first use, and again after STORAGES changes (a settings override, as
    django.test.signals does for default_storage)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
