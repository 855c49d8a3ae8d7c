from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: the rules every app follows, each written once.

    Who the public may see, the site's public address, how query parameters are read and
    refused, how e-mail goes out, how requests are rate-limited, how spreadsheets are written,
    the four Ps, Strasbourg time and the StreamField block library. It imports no other app of
    the project, so every app may import it.
    """

    name = "core"
    verbose_name = "Shared kernel"

    def ready(self):
        """Register the system checks on PUBLIC_BASE_URL and the Site record, and the admin
        form field that turns unreadable StreamField data into a form error."""
        # Imported here, once the app registry is ready: the modules import Wagtail's models.
        from core import public_urls  # noqa: F401
        from core.blocks import form_data  # imports Wagtail's admin forms

        form_data.register()
