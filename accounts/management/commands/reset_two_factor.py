"""`python manage.py reset_two_factor <e-mail>`: for someone who lost both phone and codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import remove_two_factor, two_factor_required


class Command(BaseCommand):
    help = (
        "Remove an account's authenticator app and recovery codes, after checking who asks. "
        "Accounts that must use two-step login set it up again at their next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        remove_two_factor(user)
        then = (
            "It must set two-step login up again at its next login."
            if two_factor_required(user)
            else "It logs in with its password only until it sets two-step login up again."
        )
        self.stdout.write(self.style.SUCCESS(f"Two-step login of {user.email} is reset. {then}"))
