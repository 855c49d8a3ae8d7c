from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: the rules every app follows, each written once.

    Who the public may see, the site's public address, how query parameters are read and
    refused, how e-mail goes out, how requests are rate-limited, how spreadsheets are written,
    the four Ps, Strasbourg time, the periodic jobs and their lock, and the StreamField block
    library. It imports no other app of
    the project, so every app may import it.
    """

    name = "core"
    verbose_name = "Shared kernel"

    def ready(self):
        """Register the system checks on PUBLIC_BASE_URL and the Site record; the admin form
        field that turns unreadable StreamField data into a form error; index a page's media
        references as soon as it is published (core/media_access.py); re-encode every image
        before it is stored (core/uploads.py)."""
        # Imported here, once the app registry is ready: the modules import Wagtail's models.
        from django.db.models.signals import pre_save
        from wagtail.images import get_image_model
        from wagtail.signals import page_published

        from core import public_urls  # noqa: F401  # imported here: it needs the app registry
        from core.blocks import form_data  # imported here: Wagtail's admin forms
        from core.media_access import index_published_page  # imported here: Wagtail's models
        from core.uploads import reencode_image_on_save  # imported here: Wagtail's forms

        form_data.register()
        page_published.connect(index_published_page, dispatch_uid="core_index_published_page")
        pre_save.connect(
            reencode_image_on_save, sender=get_image_model(), dispatch_uid="core_reencode_image"
        )
