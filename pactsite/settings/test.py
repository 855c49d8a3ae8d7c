"""The test suite: fast hashing, in-memory e-mail and cache, tasks run immediately."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
MEDIA_ROOT = "/tmp/pactsite-test-media"
PRIVATE_MEDIA_ROOT = "/tmp/pactsite-test-private-media"
SECRETARIAT_EMAIL = "secretariat@example.org"

# The demo content: `load_demo` for the browser tests, its sample files for the factories.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
