"""`python manage.py prune_applications`: forget sign-ups as the privacy notice promises."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import ApplicationStatus, SignatoryApplication

DECLINED_KEPT_FOR = timedelta(days=365)


class Command(BaseCommand):
    help = (
        "Delete unconfirmed sign-ups whose confirmation link has expired, and declined sign-ups "
        "(with their uploads) a year after the decision. Run it daily."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        expired = SignatoryApplication.objects.filter(
            status=ApplicationStatus.PENDING_VERIFICATION,
            created_at__lt=now - timedelta(seconds=settings.SIGNUP_VERIFICATION_MAX_AGE),
        )
        declined = SignatoryApplication.objects.filter(
            status=ApplicationStatus.DECLINED, reviewed_at__lt=now - DECLINED_KEPT_FOR
        )
        counts = []
        for queryset in (expired, declined):
            count = 0
            for application in queryset:
                for upload in (application.commitment, application.logo):
                    if upload:
                        upload.delete(save=False)
                if application.status == ApplicationStatus.DECLINED and application.user:
                    application.user.delete()
                application.delete()
                count += 1
            counts.append(count)
        self.stdout.write(
            f"Deleted {counts[0]} expired unconfirmed and {counts[1]} old declined sign-ups."
        )
