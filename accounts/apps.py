from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """User accounts: everyone logs in with an e-mail address and a password.

    A separate app because Django needs the custom user model from the very first migration.
    """

    name = "accounts"
    verbose_name = "Accounts"
