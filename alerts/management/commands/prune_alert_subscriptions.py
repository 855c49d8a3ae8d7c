"""`python manage.py prune_alert_subscriptions`: forget addresses that never confirmed."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from alerts.models import Subscription
from alerts.tokens import CONFIRMATION_MAX_AGE


class Command(BaseCommand):
    help = (
        "Delete alert subscriptions whose confirmation link has expired unused, as the privacy "
        "notice promises. Run it daily, like prune_applications; running it twice is harmless."
    )

    def handle(self, *args, **options):
        expired = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=timezone.now() - CONFIRMATION_MAX_AGE
        )
        count = expired.count()
        expired.delete()
        self.stdout.write(f"Deleted {count} unconfirmed e-mail alert subscriptions.")
