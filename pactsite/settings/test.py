"""The test suite: fast hashing, in-memory e-mail and cache, tasks run immediately."""

import os

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
# One media folder per pytest-xdist worker: tests that check which files a refused upload left
# behind must not see the files another worker's tests are writing at the same moment.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = f"/tmp/pactsite-test-media-{_WORKER}"
PRIVATE_MEDIA_ROOT = f"/tmp/pactsite-test-private-media-{_WORKER}"
SECRETARIAT_EMAIL = "secretariat@example.org"
# The tests never report errors, whatever the environment says (tests/test_observability.py
# starts reporting to a server of its own).
SENTRY_DSN = ""

# The demo content: `load_demo` for the browser tests, its sample files for the factories.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
