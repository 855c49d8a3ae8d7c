from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal-data rights: what the platform holds about a signatory or an alerts subscriber,
    as a download, and deletion requests that the secretariat carries out."""

    name = "privacy"
    verbose_name = "Personal data"
    default_auto_field = "django.db.models.BigAutoField"
