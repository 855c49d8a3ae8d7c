"""`python manage.py load_demo`: fill an empty database with sample content (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each feature adds its builder here, in the order they depend on each other. A builder takes
# no argument, creates what is missing and leaves what exists alone, so re-running is safe.
DEMO_BUILDERS = [
    "home.demo.build_home",
    "pact.demo.build_pact",
    "home.demo.build_campaign_pages",
    "home.demo.build_news",
    "pact.demo_participants.build_participants",
    "accounts.approval.ensure_groups_and_workflow",
    "toolkit.demo.build_toolkit",
    "pact.demo_events.build_calendar",
    "pact.demo_good_practices.build_good_practices",
    "home.demo.arrange_menu",
]


class Command(BaseCommand):
    help = "Load the sample content (clearly marked as sample data). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has its home page (used by `make run`).",
        )

    def handle(self, *args, **options):
        from home.models import HomePage

        if options["if_empty"] and HomePage.objects.exists():
            self.stdout.write("The database has content already; demo content not loaded.")
            return
        with transaction.atomic():
            for path in DEMO_BUILDERS:
                import_string(path)()
                self.stdout.write(f"  {path}: done")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
