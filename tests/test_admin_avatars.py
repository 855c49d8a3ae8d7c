"""The admin shows no avatar from a third-party service: Gravatar would receive a hash of each
editor's e-mail address, and the admin's Content Security Policy blocks its images anyway, so
every avatar was a broken image. Wagtail then shows its own default avatar."""

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_admin_pages_link_no_avatar_service(admin_client, superuser):
    screens = ("/admin/", "/admin/account/", "/admin/users/", f"/admin/users/edit/{superuser.pk}/")
    for url in screens:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "gravatar" not in html.lower(), url
        assert "avatar" in html.lower(), url  # the admin still shows one: Wagtail's default
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
