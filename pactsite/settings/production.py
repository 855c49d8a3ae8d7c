"""Production: every secret and host name from the environment; HTTPS only; WhiteNoise serves
hashed, compressed static files; gunicorn is the server (see README.md)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env_bool, env_list, os

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without it: set the SECRET_KEY "
        "environment variable to a long random string (for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: give the site's host names, comma-separated."
    )

# Uploads and private files where base.py put them (the disk, or the buckets: "Object storage").
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail and other background work wait in the database for `python manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview shows the page in a same-origin iframe, which DENY would break.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Logs: one JSON object per line on standard error, for the platform's log collector. Every
# line has time, level, logger, message and request_id (null outside a request); the request
# log (observability/request_log.py) adds method, path, query_params (names only), status,
# duration_ms and user_id. Django's request objects are never written (their text holds the
# query string). gunicorn's own access log stays off (its default): this is the access log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601, UTC: "2026-12-03T16:55:00.123000+00:00".
            "timestamp": "time",
        }
    },
    "filters": {"request_id": {"()": "observability.request_log.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The cache in front (docs/deploy.md, "The cache in front"): which cache production purges is
# chosen by the environment, read in base.py next to PAGE_CACHE_SECONDS: FRONTEND_CACHE_PURGE_URL
# (Varnish or nginx on the site's own machines: the simplest for one site, and the only one
# that drops every query-string variant of a purged address), CLOUDFRONT_DISTRIBUTION_ID (Amazon
# CloudFront) or CLOUDFLARE_ZONE_ID with CLOUDFLARE_API_TOKEN (Cloudflare), several at once if
# caches are stacked. With none, nothing is purged: a shared cache keeps a public page
# PAGE_CACHE_SECONDS at most.
