from django.apps import AppConfig


class PactConfig(AppConfig):
    """The Pact itself, its four Ps, and who signed it (signatories and their initiatives)."""

    name = "pact"
    verbose_name = "The Pact"

    def ready(self):
        from pact.caching import connect_signals

        connect_signals()
