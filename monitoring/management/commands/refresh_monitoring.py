"""`python manage.py refresh_monitoring`: recompute every live signatory's monitoring record.

Creates the record of signatories approved before monitoring existed (approval creates it for
the others) and recomputes every stage and deadline from the accepted reports. Idempotent; run
it once after deploying the monitoring app, and whenever a check is wanted.
"""

from django.core.management.base import BaseCommand

from monitoring.models import MonitoringSettings, SignatoryMonitoring
from monitoring.status import refresh
from pact.models import SignatoryPage


class Command(BaseCommand):
    help = "Create or recompute the monitoring record of every live signatory."

    def handle(self, *args, **options):
        periods = MonitoringSettings.load()
        had = set(SignatoryMonitoring.objects.values_list("signatory_id", flat=True))
        created = refreshed = 0
        for page in SignatoryPage.objects.live().order_by("pk").iterator(chunk_size=200):
            refresh(page, periods=periods)
            if page.pk in had:
                refreshed += 1
            else:
                created += 1
        self.stdout.write(f"Created {created} record(s); recomputed {refreshed}.")
