from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Monitoring"

    def ready(self):
        # Signal receivers need the models, which exist only once the app registry is ready.
        from monitoring.review import connect_signals

        connect_signals()
