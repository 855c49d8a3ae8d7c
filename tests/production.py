"""Production settings inside the test process: the settings of pactsite/settings/production.py
that change how pages are served (DEBUG off, the hashed-manifest static storage, HTTPS), over a
real `collectstatic` into a temporary directory. Under them a template that asks for a static
file missing from the manifest fails as it does in production, which the test settings'
plain static storage never shows.

The database, cache, task queue, e-mail and public address stay the test suite's own.
"""

import contextlib
import importlib
import io
import os
import sys
from unittest import mock

from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

# Settings that describe the test environment rather than how production serves pages.
KEPT_FROM_TESTS = {
    "ALLOWED_HOSTS",
    "CACHES",
    "DATABASES",
    "EMAIL_BACKEND",
    "INSTALLED_APPS",
    "LOGGING",
    "MEDIA_ROOT",
    "PASSWORD_HASHERS",
    "PRIVATE_MEDIA_ROOT",
    "PUBLIC_BASE_URL",
    "SECRET_KEY",
    "SECRETARIAT_EMAIL",
    "STATIC_ROOT",
    "TASKS",
    "WAGTAILADMIN_BASE_URL",
    "WAGTAILAPI_BASE_URL",
}


def production_module():
    """pactsite.settings.production as a deployment loads it (it refuses to load without a
    secret key and host names), imported apart from the settings in use."""
    name = "pactsite.settings.production"
    env = {"SECRET_KEY": "production-smoke-test", "ALLOWED_HOSTS": "testserver"}
    saved = sys.modules.pop(name, None)
    try:
        with mock.patch.dict(os.environ, env):
            return importlib.import_module(name)
    finally:
        sys.modules.pop(name, None)
        if saved is not None:
            sys.modules[name] = saved


def production_overrides(static_root):
    module = production_module()
    values = {
        key: getattr(module, key)
        for key in dir(module)
        if key.isupper() and key not in KEPT_FROM_TESTS
    }
    values["STATIC_ROOT"] = str(static_root)
    assert values["DEBUG"] is False
    assert "Manifest" in values["STORAGES"]["staticfiles"]["BACKEND"]
    return values


@contextlib.contextmanager
def production_settings(static_root):
    """Production's serving settings, with `collectstatic` run into `static_root` first."""
    with override_settings(**production_overrides(static_root)):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
        yield


class HttpsClient(Client):
    """A test client that speaks HTTPS, as the proxy does in production (SECURE_SSL_REDIRECT
    would otherwise answer every request with a redirect)."""

    def generic(self, *args, **kwargs):
        kwargs["secure"] = True
        return super().generic(*args, **kwargs)
