from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _after_last_migrate(sender, **kwargs):
    # Permissions of every app exist only once the last app's post_migrate has begun.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.name != with_models[-1].name:
        return
    from accounts.approval import ensure_groups_and_workflow

    ensure_groups_and_workflow()


class AccountsConfig(AppConfig):
    """User accounts and joining the Pact: everyone logs in with an e-mail address and a
    password; towns, regions and organisations sign up, and the secretariat approves them.

    A separate app because Django needs the custom user model from the very first migration.
    """

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        post_migrate.connect(_after_last_migrate, dispatch_uid="accounts.groups_and_workflow")
