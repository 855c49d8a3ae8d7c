"""The foundation: the site runs, its settings come from the environment, it is secured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from home.models import HomePage

BASE_DIR = Path(__file__).resolve().parent.parent


def test_report_which_database_engine_this_run_uses(db, record_property):
    """CI runs the suite on SQLite and on PostgreSQL; this names the one in use."""
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    record_property("database_vendor", connection.vendor)
    print(f"database engine: {connection.vendor}")
    assert connection.vendor == expected


def test_home_page_renders_title_introduction_and_body(client, home_page):
    home_page.introduction = "Local action protects children."
    home_page.body = [("paragraph", "<p>Every town can act.</p>")]
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and home_page.title in html
    assert "Local action protects children." in html
    assert "Every town can act." in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and 'id="main"' in html


def test_public_pages_send_a_strict_content_security_policy(client, home_page):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_admin_requires_a_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/login/").status_code == 200


def test_editor_reaches_the_admin_dashboard(admin_client, home_page):
    assert admin_client.get("/admin/").status_code == 200


def test_load_demo_builds_the_home_page(demo_site):
    assert HomePage.objects.count() == 1
    home = HomePage.objects.get()
    assert home.live
    assert home.get_site().root_page_id == home.pk
    assert home.get_site().root_url == "http://testserver"  # PUBLIC_BASE_URL (sync_site)


def test_load_demo_if_empty_keeps_existing_content(home_page):
    call_command("load_demo", if_empty=True)
    assert list(HomePage.objects.values_list("pk", flat=True)) == [home_page.pk]


def _run_check_deploy(extra_env):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update({"DJANGO_SETTINGS_MODULE": "pactsite.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run_check_deploy({"ALLOWED_HOSTS": "pact.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_check_deploy_once_configured():
    result = _run_check_deploy(
        {
            "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-9f8e7d",
            "ALLOWED_HOSTS": "pact.example.org",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_come_from_the_environment(monkeypatch):
    """MEDIA_ROOT and the database are read from the environment when the settings load."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="pactsite.settings.dev",
        DATABASE_URL="postgres://u:p@db.example.org:5432/pact",
        MEDIA_ROOT="/srv/media",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['HOST'], s.MEDIA_ROOT, s.CACHES['default']['BACKEND'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django;django.setup();" + code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.split() == ["db.example.org", "/srv/media", "django_redis.cache.RedisCache"]


@pytest.mark.parametrize("path", ["/no-such-page/"])
def test_unknown_address_gets_a_helpful_404(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_test_settings_are_fast():
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
    assert settings.EMAIL_BACKEND.endswith("locmem.EmailBackend")
