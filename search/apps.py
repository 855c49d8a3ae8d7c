from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search across every page type."""

    name = "search"
