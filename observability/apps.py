from django.apps import AppConfig
from django.conf import settings


class ObservabilityConfig(AppConfig):
    """What operators see of the running site: the health endpoints (/healthz/, /readyz/), the
    request id and the one JSON log line per request, and error reports to a Sentry-compatible
    service. It imports no other app of the project: it watches them all from outside."""

    name = "observability"
    verbose_name = "Health, logs and error reports"

    def ready(self):
        """Start error reporting when SENTRY_DSN is set: here rather than in the settings
        (which import no app), so every process that sets Django up reports, gunicorn's
        workers and `db_worker` and `run_scheduler` alike."""
        from observability.errors import start_error_reporting  # imported here: needs settings

        if settings.SENTRY_DSN:
            start_error_reporting(
                dsn=settings.SENTRY_DSN,
                environment=settings.SENTRY_ENVIRONMENT,
                release=settings.SENTRY_RELEASE or None,
            )
