"""`python manage.py send_monitoring_reminders`: run from cron once a day.

Reminds signatories of their action plan or progress report before the deadline and when it is
missed, each reminder once whatever the number of runs (see monitoring.reminders).
"""

from django.core.management.base import BaseCommand

from monitoring.reminders import send_reminders


class Command(BaseCommand):
    help = "Queue the monitoring reminders due today (each one once, ever)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say how many reminders would be sent, and send none.",
        )

    def handle(self, *args, dry_run=False, **options):
        outcome = send_reminders(dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {outcome.sent} reminder(s); {outcome.already_sent} sent before; "
            f"{outcome.waiting_for_review} skipped (a report waits for review); "
            f"{outcome.no_address} without an address."
        )
