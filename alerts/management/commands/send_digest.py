"""`python manage.py send_digest --frequency daily|weekly`: run from cron.

Each confirmed subscriber of that frequency gets what is new for their topics, each page once,
even when a run is interrupted and run again (see alerts.digest).
"""

from django.core.management.base import BaseCommand

from alerts.digest import send_digests
from alerts.models import Frequency


class Command(BaseCommand):
    help = "Send the e-mail alert digest to confirmed subscribers of one frequency."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=Frequency.values,
            default=Frequency.WEEKLY,
            help="Which subscribers to write to: those who chose daily or weekly (default).",
        )

    def handle(self, *args, frequency, **options):
        written, sent = send_digests(frequency)
        self.stdout.write(f"Sent {sent} new page(s) to {written} {frequency} subscriber(s).")
