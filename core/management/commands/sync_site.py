"""`python manage.py sync_site`: point the default Wagtail Site at PUBLIC_BASE_URL.

Run on every deploy, after `migrate` (and by `make run`): Wagtail's page addresses (sitemap,
canonical links, the API's html_url...) come from the Site record, every other absolute address
from PUBLIC_BASE_URL, and this keeps the two the same. Running it again changes nothing.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from core.public_urls import SiteSyncError, public_base_url, sync_site


class Command(BaseCommand):
    help = (
        "Set the default Wagtail site's host name, port and name from PUBLIC_BASE_URL "
        "(creating it on the home page if there is none). Idempotent."
    )

    def handle(self, *args, **options):
        try:
            changes = sync_site()
        except (ImproperlyConfigured, SiteSyncError) as error:
            raise CommandError(str(error)) from error
        for change in changes:
            self.stdout.write(change)
        if not changes:
            self.stdout.write(
                f"The default site already serves {public_base_url()}: nothing to do."
            )
