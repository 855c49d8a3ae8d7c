from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Staying informed: RSS/Atom feeds, e-mail alert subscriptions and their digests."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = "E-mail alerts and feeds"
