"""`python manage.py load_demo`: fill an empty database with sample content (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from home.models import HomePage

# Each feature adds its builder here, in the order they depend on each other. A builder takes
# no argument, creates what is missing and leaves what exists alone, so re-running is safe.
DEMO_BUILDERS = [
    "demo.campaign.build_home",
    "demo.pact_page.build_pact",
    "demo.campaign.build_campaign_pages",
    "demo.campaign.build_news",
    "demo.participants.build_participants",
    "pact.signatory_rights.grants.ensure_groups_and_workflow",
    "demo.toolkit.build_toolkit",
    "demo.calendar.build_calendar",
    "demo.good_practices.build_good_practices",
    "demo.progress.build_progress",
    # After the Pact's possible actions and every sample signatory (monitoring/, issue 19).
    "demo.monitoring.build_monitoring",
    "demo.images.add_sample_images",
    "demo.campaign.arrange_menu",
]


class Command(BaseCommand):
    """Runs every builder of DEMO_BUILDERS in one transaction: all the demo or none of it."""

    help = "Load the sample content (clearly marked as sample data). Safe to run twice."

    def add_arguments(self, parser):
        """`--if-empty` lets `make run` call the command on every start without a second copy."""
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has its home page (used by `make run`).",
        )

    def handle(self, *args, **options):
        """Builds what is missing, naming each builder as it finishes."""
        if options["if_empty"] and HomePage.objects.exists():
            self.stdout.write("The database has content already; demo content not loaded.")
            return
        with transaction.atomic():
            for path in DEMO_BUILDERS:
                import_string(path)()
                self.stdout.write(f"  {path}: done")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
