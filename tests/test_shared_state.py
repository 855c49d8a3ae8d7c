"""Issue 21, "Stateless web servers": what one server keeps for a visitor's next request is found
by another server through Redis (docs/deploy.md, "What is shared between servers").

The poster's kept logo (toolkit/forms.py) is kept by this process in Redis and read back by a
second Python process, as a second gunicorn server would. Runs when REDIS_URL names a reachable
Redis; skips otherwise, and fails instead when REQUIRE_MULTI_SERVER=1 (CI's PostgreSQL pass).
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from toolkit import forms

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL", "")
# The KEY_PREFIX of pactsite/settings/base.py: both processes must read the same keys.
KEY_PREFIX = "pactsite"


def redis_cache_or_skip():
    """A django-redis cache on REDIS_URL, configured as the settings configure it."""
    reason = None
    if not REDIS_URL:
        reason = "REDIS_URL is not set: set it to a Redis server, e.g. redis://127.0.0.1:6379/0"
    else:
        from django_redis.cache import RedisCache

        cache = RedisCache(REDIS_URL, {"KEY_PREFIX": KEY_PREFIX})
        try:
            cache.get("shared-state-probe")
            return cache
        except Exception as error:  # noqa: BLE001 - any failure to reach it means no Redis
            reason = f"Redis at REDIS_URL cannot be reached: {error}"
    if os.environ.get("REQUIRE_MULTI_SERVER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def png_upload(width=300, height=100):
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (11, 58, 117, 255)).save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def read_in_another_process(token):
    """What a second server finds for the token: (width, height, file name) or None."""
    code = (
        "import django, json; django.setup();"
        "from toolkit.forms import kept_logo;"
        f"kept = kept_logo({token!r});"
        "print(json.dumps(kept and [kept[0].width, kept[0].height, kept[1]]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pactsite.settings.dev", "REDIS_URL": REDIS_URL}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**env, "SECRET_KEY": SECRET_KEY},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# Both servers sign and check the token with one SECRET_KEY, as docs/deploy.md requires.
SECRET_KEY = "shared-state-test-key"


def test_a_logo_kept_by_one_server_is_found_by_another(monkeypatch, settings):
    cache = redis_cache_or_skip()
    settings.SECRET_KEY = SECRET_KEY
    monkeypatch.setattr(forms, "cache", cache)
    form = forms.PosterForm({"message": "We act."}, {"logo": png_upload()})
    assert form.is_valid(), form.errors
    token = form.kept_logo_token
    try:
        assert read_in_another_process(token) == [300, 100, "logo.png"]
        assert read_in_another_process(token + "x") is None  # a forged token finds nothing
    finally:
        key = signing.loads(token, salt=forms.KEPT_LOGO_SALT)
        cache.delete(forms.KEPT_LOGO_CACHE_PREFIX + key)
