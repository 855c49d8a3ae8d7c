from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _set_up_rights_after_last_migrate(sender, **kwargs):
    """The shared groups and the review workflow (pact/signatory_rights/grants.py), after every
    migrate."""
    # Permissions of every app exist only once the last app's post_migrate has begun.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.name != with_models[-1].name:
        return
    # grants.py imports pact.models, which cannot be imported while the app registry loads.
    from pact.signatory_rights.grants import ensure_groups_and_workflow

    ensure_groups_and_workflow()


class PactConfig(AppConfig):
    """The Pact itself, its four Ps, and who signed it (signatories and their initiatives)."""

    name = "pact"
    verbose_name = "The Pact"

    def ready(self):
        # Signal receivers need the models, which exist only once the app registry is ready.
        from pact import public_cache
        from pact.caching import connect_signals  # the same: its receivers name the models

        connect_signals()
        public_cache.connect_signals()
        post_migrate.connect(
            _set_up_rights_after_last_migrate, dispatch_uid="pact.signatory_rights.set_up"
        )
