from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """The campaign toolkit: downloadable documents, the customisable poster and the badge."""

    name = "toolkit"
    verbose_name = "Toolkit"
