from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The campaign site: home page, campaign pages, news, and the shared block library."""

    name = "home"
    verbose_name = "Campaign"
