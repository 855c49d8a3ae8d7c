"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, UserFactory

# Fixtures of joining the Pact (directory, secretariat_user), in their own module.
pytest_plugins = ["tests.joining"]


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def home_page(root_page):
    """A live home page served as the default site's root, as load_demo makes it."""
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    home = HomePageFactory(parent=root_page, slug="home")
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, display_name="Secretariat editor")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()
