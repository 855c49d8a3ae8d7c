"""`python manage.py ensure_dev_admin`: a local superuser for development, made once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import enrol, secret_for_people
from core.public_urls import absolute_url

DEV_ADMIN_EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Create a local admin account if no superuser exists (development settings only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin only runs with development settings (DEBUG on).")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account exists already; nothing to do.")
            return
        password = secrets.token_urlsafe(12)
        admin = User.objects.create_superuser(
            email=DEV_ADMIN_EMAIL, password=password, display_name="Local administrator"
        )
        # Superusers must use two-step login, in development too: the account comes with its
        # authenticator key (add it to an app, or `oathtool --totp -b KEY`) and recovery codes.
        device, codes = enrol(admin)
        self.stdout.write(
            self.style.SUCCESS(
                "Local admin account created (shown once):\n"
                f"  e-mail:   {DEV_ADMIN_EMAIL}\n  password: {password}\n"
                f"  two-step login key (authenticator app): {secret_for_people(device)}\n"
                f"  recovery codes (each works once): {' '.join(codes)}\n"
                f"  log in at {absolute_url('/admin/')}"
            )
        )
