from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """User accounts and joining the Pact: everyone logs in with an e-mail address and a
    password; towns, regions and organisations sign up, and the secretariat approves them.

    A separate app because Django needs the custom user model from the very first migration.
    The groups and workflow joining relies on are set up by the pact app (pact/apps.py).
    """

    name = "accounts"
    verbose_name = "Accounts"
