"""Settings shared by every environment. Anything that differs between machines comes from the
environment (see README.md, "Environment variables")."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "accounts",
    "home",
    "pact",
    "toolkit",
    "search",
    "alerts",
    "privacy",
    "monitoring",
    # Health endpoints, request ids and JSON request logs, error reports (observability/).
    "observability",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "django_filters",
    "rest_framework",
    "corsheaders",
    # Two-factor authentication (accounts/two_factor.py): authenticator apps (TOTP) and
    # single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: the request id and the one log line per request, whatever answers it.
    "observability.request_log.RequestLogMiddleware",
    # /healthz/ and /readyz/, before the host is validated and HTTPS required: the
    # orchestrator probes by IP address over plain HTTP (observability/health.py).
    "observability.health.HealthCheckMiddleware",
    # Then: a body larger than MAX_REQUEST_BODY_SIZE is refused before anything reads it.
    "core.uploads.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files get the security headers too.
    "pactsite.security.SecurityHeadersMiddleware",
    # A NUL in the path or query string: 400 before any view (PostgreSQL refuses it).
    "core.query_params.RefuseNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Cache-Control, content ETags, 304s and compression of what is the same for everyone.
    # Outside the session, CSRF, authentication and messages middleware, to see their cookies.
    "pact.caching.SharedCachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # The secretariat and superusers must, signatories with a device do: pass the second factor
    # before the admin or the account pages (accounts/two_factor.py).
    "accounts.two_factor.TwoFactorMiddleware",
    "pact.signatory_rights.narrow_admin.SignatoryAdminBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "pactsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "pactsite.wsgi.application"

# An embedded SQLite file unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writes (two confirmations of one sign-up at once) wait for each other instead
    # of failing with "database is locked": a transaction takes the write lock as it begins.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared Redis cache when REDIS_URL is set; otherwise each process keeps its own in memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Sites sharing one Redis (production and staging) keep their keys apart.
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "pactsite"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Strasbourg, seat of the Council of Europe, keeps the IANA zone of France: there is no
# "Europe/Strasbourg" in the tz database.
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "static_collected"))
# Django's admin is not installed, but wagtail_modeladmin's listings draw yes/no columns (and
# Django's list helpers any boolean) with Django admin's icons: collect those images, or such a
# screen fails in production ("Missing staticfiles manifest entry") and shows broken images in
# development. tests/test_production_smoke.py opens every admin screen under the manifest.
STATICFILES_DIRS = [
    PROJECT_DIR / "static",
    ("admin/img", Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "img"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Django's default is 1,000 fields; StreamField forms in the page editor can have more.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (a staging server that must
# send nothing, the two-server test), the folder the messages are written to.
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pact Platform <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mail, image renditions) goes through django-tasks, which Wagtail 8 uses.
# Development runs tasks at once; production stores them in the database for `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A failed e-mail is tried again, EMAIL_RETRY_DELAY seconds later (doubling), up to this many times.
EMAIL_MAX_ATTEMPTS = 5
EMAIL_RETRY_DELAY = 60

# Joining the Pact (the accounts app).
# Where new sign-ups are announced to the secretariat.
SECRETARIAT_EMAIL = os.environ.get("SECRETARIAT_EMAIL", "secretariat@localhost")
# Signed commitments and logos sent with a sign-up: kept outside MEDIA_ROOT, never served
# directly, only through an admin view for the secretariat.
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media"))
# How long the link in the verification e-mail stays valid, in seconds.
SIGNUP_VERIFICATION_MAX_AGE = 3 * 24 * 60 * 60
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:status"
LOGOUT_REDIRECT_URL = "/"
# Rate limits of every form (core/ratelimit.py; django-ratelimit, counted in the cache: use
# REDIS_URL in production so every worker shares the counts). Each scope: (per client IP
# address, per submitted e-mail address; None where the form is counted per client only).
# "login" is (every POST per client, failures per client and address, failures per address
# after which only the account's known devices may try it): see core/ratelimit.py.
RATE_LIMITS = {
    "signup": ("10/h", "3/h"),
    "login": ("30/10m", "8/10m", "20/h"),
    "password_reset": ("10/h", "3/h"),
    "email_change": ("10/h", "3/h"),
    "alerts_subscribe": ("10/h", None),
    # Codes of the second factor, per client; each device also slows wrong codes down itself
    # (django-otp's throttling, doubling the wait after each wrong code).
    "two_factor": ("30/10m", None),
}
# Behind a reverse proxy, the header that holds the client's address, e.g. HTTP_X_REAL_IP.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
# The login address changes only once the new one is confirmed (accounts/email_change.py): off
# with Wagtail's e-mail field of /admin/account/, which changed it at once.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Two-factor authentication (accounts/two_factor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = "Pact Platform"
# How many single-use recovery codes a user gets (and gets anew when asking for new ones).
TWO_FACTOR_RECOVERY_CODES = 10
# Wagtail's admin password reset sends its e-mail through our task, like every other e-mail.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.AdminPasswordResetForm"
# No avatars from a third-party service: Gravatar would receive a hash of each editor's e-mail
# address, and the admin's CSP blocks its images anyway (broken images). Uploaded avatars
# still work.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Wagtail
WAGTAIL_SITE_NAME = "Pact of Towns and Regions to Stop Sexual Violence against Children"
# The one public address of the site (scheme, host, port), for every absolute address it gives
# out (core/public_urls.py). `manage.py sync_site` sets the Wagtail Site record from it; a system
# check refuses what that record cannot hold (https on a port other than 443, a path).
# The WAGTAILADMIN_BASE_URL variable is read too, for deployments made before PUBLIC_BASE_URL
# existed. The settings WAGTAILADMIN_BASE_URL and WAGTAILAPI_BASE_URL, read by Wagtail itself
# (admin e-mails, the API's detail_url), are copies of it: never set them apart.
PUBLIC_BASE_URL = os.environ.get(
    "PUBLIC_BASE_URL", os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
).rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL

# Search: the database backend by default, which uses PostgreSQL's full-text search on
# PostgreSQL and SQLite's FTS5 on SQLite. SEARCH_BACKEND=opensearch or elasticsearch (with
# SEARCH_URLS, comma-separated, and SEARCH_INDEX) moves it to a search cluster for large
# deployments; run `manage.py update_index` after switching. See README.md, "Search".
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
SEARCH_BACKEND_MODULES = {
    # Wagtail's database backend without its whole-index work per save (core/search_backend.py).
    "database": "core.search_backend",
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "opensearch": "wagtail.search.backends.opensearch2",
}
if SEARCH_BACKEND not in SEARCH_BACKEND_MODULES:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKEND_MODULES)}, "
        f"not {SEARCH_BACKEND!r}."
    )
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": SEARCH_BACKEND_MODULES[SEARCH_BACKEND]}}
if SEARCH_BACKEND != "database":
    if not env_list("SEARCH_URLS"):
        raise ImproperlyConfigured(f"SEARCH_BACKEND={SEARCH_BACKEND} needs SEARCH_URLS.")
    WAGTAILSEARCH_BACKENDS["default"].update(
        {
            "URLS": env_list("SEARCH_URLS"),
            # Wagtail's search (django-modelsearch) names its indexes <prefix><app>_<model>.
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX", "pactsite") + "_",
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
            "AUTO_UPDATE": True,
        }
    )
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads are checked before they are stored (core/uploads.py): images re-encoded, PDFs with
# scripts or automatic actions refused.
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.uploads.ReencodableImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.CheckedDocumentForm"
# The largest request body accepted: the largest upload plus 1 MB for the form's other fields.
# A larger one is answered 413 before it is read (core.uploads.RequestBodyLimitMiddleware).
MAX_REQUEST_BODY_SIZE = (
    max(WAGTAILDOCS_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_UPLOAD_SIZE) + 1024 * 1024
)
# Uploaded files are served by the application (core/media_access.py), which decides who may
# fetch each one. Behind nginx, set this to an internal location that aliases MEDIA_ROOT (e.g.
# /protected-media/): the application then answers with X-Accel-Redirect and nginx sends the file.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
TAGGIT_CASE_INSENSITIVE = True
# Rich text in the API as display HTML, with page and document links resolved to real URLs
# (the default, "db_html", gives Wagtail's internal <a linktype="page" id="3"> markup).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# The most items one API listing gives (?limit= above it is refused with a 400).
WAGTAILAPI_LIMIT_MAX = 100

# Public data: the API, the open-data exports and the map data. Other sites may read them from
# their pages (CORS, read-only), and consumers and proxies may keep them API_CACHE_SECONDS.
# The progress dashboard's downloads (monitoring/dashboard.py) are public data too.
PUBLIC_DATA_URLS_REGEX = (
    r"^/(api/|participants/(map\.geojson|export\.(csv|json))$"
    r"|progress/(signatories-over-time|statuses|actions-by-p|actions|countries)\.(csv|json)$)"
)
CORS_URLS_REGEX = PUBLIC_DATA_URLS_REGEX
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
# Any origin may read the public data unless CORS_ALLOWED_ORIGINS names the only ones allowed.
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Content-Disposition"]
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "300"))
# Public pages that are the same for everyone (pact/caching.py): browsers revalidate them every
# time (a 304 when unchanged), shared caches keep them PAGE_CACHE_SECONDS, or until publishing
# purges them. Addresses never shared, whatever their answer: the admin, and the account and
# alert pages, whose addresses may hold a personal token.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
NEVER_SHARED_URLS_REGEX = r"^/(admin|account|join|alerts|documents)/"
# The cache in front (docs/deploy.md, "The cache in front"): every publish, unpublish, move,
# slug change or delete purges the addresses that show the page (pact/caching.py), through
# Wagtail's frontend cache invalidation, from the background worker. One backend per cache set
# up, so a CDN in front of a Varnish gets both purged:
# - FRONTEND_CACHE_PURGE_URL: Varnish or nginx with a purge module, sent an HTTP PURGE at this
#   address (e.g. http://127.0.0.1:6081) with the page's Host;
# - CLOUDFRONT_DISTRIBUTION_ID: Amazon CloudFront invalidations (boto3; credentials from the
#   usual AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables or the machine's role);
# - CLOUDFLARE_ZONE_ID with CLOUDFLARE_API_TOKEN (a token allowed "Cache Purge" on the zone):
#   Cloudflare's purge by URL.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
CLOUDFRONT_DISTRIBUTION_ID = os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "")
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
if bool(CLOUDFLARE_ZONE_ID) != bool(CLOUDFLARE_API_TOKEN):
    raise ImproperlyConfigured(
        "Cloudflare purges need both CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN."
    )
_front_caches = {}
if FRONTEND_CACHE_PURGE_URL:
    _front_caches["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_PURGE_URL,
    }
if CLOUDFRONT_DISTRIBUTION_ID:
    _front_caches["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": CLOUDFRONT_DISTRIBUTION_ID,
    }
if CLOUDFLARE_ZONE_ID:
    _front_caches["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": CLOUDFLARE_ZONE_ID,
        "BEARER_TOKEN": CLOUDFLARE_API_TOKEN,
    }
if _front_caches:
    WAGTAILFRONTENDCACHE = _front_caches

# The licence of the open data (/participants/export.csv and export.json).
OPEN_DATA_LICENCE = os.environ.get(
    "OPEN_DATA_LICENCE", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
)
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# The map of signatories: a tile server URL template (empty for none: the map then shows only
# its offline country outlines) and the attribution its licence asks for.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def tiles_origin(url_template):
    """The origin a tile URL template loads images from, for the CSP; a {s} subdomain becomes
    a wildcard ("https://{s}.tile.example.org/..." -> "https://*.tile.example.org")."""
    parts = urlsplit(url_template)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return []
    host = parts.netloc.replace("{s}", "*")
    if "{" in host:
        raise ImproperlyConfigured(f"MAP_TILES_URL has a placeholder in its host: {url_template}")
    return [f"{parts.scheme}://{host}"]


# Content Security Policy: the public site allows no inline script or style; the Wagtail admin
# ships inline code of its own, so it gets a looser policy (see pactsite/security.py).
CSP_PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *tiles_origin(MAP_TILES_URL), *env_list("CSP_IMG_SRC")],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *env_list("CSP_FRAME_SRC")],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CSP_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *env_list("CSP_IMG_SRC")],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *env_list("CSP_FRAME_SRC")],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)

# Permissions-Policy: the browser features no page of the site (public or admin) uses are turned
# off for it and for anything it frames, so an injected script or a framed page cannot ask for
# the camera, the microphone, the visitor's position, payment or USB devices. Only features
# Chromium knows are named (an unknown one is an error in its console). Fullscreen and
# picture-in-picture stay open to the site and to the video players it may frame
# (CSP_FRAME_SRC); copying to the clipboard (the toolkit's "Copy" buttons) to the site alone.
# Sent on every response, static files included (pactsite/security.py).
PERMISSIONS_POLICY_OFF = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "clipboard-read",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
PERMISSIONS_POLICY = {
    **{feature: [] for feature in PERMISSIONS_POLICY_OFF},
    "clipboard-write": ["self"],
    "fullscreen": ["self", *CSP_PUBLIC["frame-src"][1:]],
    "picture-in-picture": ["self", *CSP_PUBLIC["frame-src"][1:]],
}

# Health, request logs and error reports (observability/, docs/deploy.md).
# /readyz/ answers 503 when the database, a cache or a storage has not answered within this
# many seconds (each check runs apart; the probe answers at the deadline).
READINESS_TIMEOUT = float(os.environ.get("READINESS_TIMEOUT", "2"))
# Error reports go to this Sentry-compatible DSN when it is set (sentry-sdk; no personal data:
# observability/errors.py), tagged with the environment and release given.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
SENTRY_RELEASE = os.environ.get("SENTRY_RELEASE", "")

# Object storage (docs/deploy.md, "Object storage"; core/storage.py). Uploads and renditions
# ("default") stay in MEDIA_ROOT and sign-up files ("private") in PRIVATE_MEDIA_ROOT unless
# AWS_STORAGE_BUCKET_NAME is set: then they go to that bucket and to
# AWS_PRIVATE_STORAGE_BUCKET_NAME, both private at the object store. Every file is still fetched
# through the site (core/media_access.py, accounts/admin_views.py), which streams it from the
# bucket; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or boto3's usual chain
# (an instance or pod role).
STORAGES["private"] = {"BACKEND": "core.storage.PrivateFileSystemStorage"}
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_PRIVATE_STORAGE_BUCKET_NAME = os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "")
# Seconds a request waits for the object store (core/object_storage.py): a hung store fails a
# request quickly (and /readyz/ says so) instead of holding a gunicorn worker for a minute.
AWS_S3_CONNECT_TIMEOUT = float(os.environ.get("AWS_S3_CONNECT_TIMEOUT", "5"))
AWS_S3_READ_TIMEOUT = float(os.environ.get("AWS_S3_READ_TIMEOUT", "20"))
if AWS_STORAGE_BUCKET_NAME:
    if AWS_PRIVATE_STORAGE_BUCKET_NAME in ("", AWS_STORAGE_BUCKET_NAME):
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME needs AWS_PRIVATE_STORAGE_BUCKET_NAME: a second bucket, "
            "for the signed commitments and logos sent with sign-ups."
        )
    if MEDIA_ACCEL_REDIRECT:
        raise ImproperlyConfigured(
            "MEDIA_ACCEL_REDIRECT lets nginx send files from MEDIA_ROOT; with a bucket "
            "(AWS_STORAGE_BUCKET_NAME) the application streams them: unset one of the two."
        )
    _BUCKET_OPTIONS = {
        # An S3-compatible service other than AWS (MinIO, Ceph, Garage, a cloud's own): its URL.
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        # "path" for services without bucket subdomains (most self-hosted ones).
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        # Two uploads of "logo.png" are two objects, as on disk (django-storages overwrites).
        "file_overwrite": False,
        # A file read from the bucket is held in memory up to 2 MB, on disk beyond.
        "max_memory_size": 2 * 1024 * 1024,
    }
    STORAGES["default"] = {
        "BACKEND": "core.object_storage.MediaBucketStorage",
        "OPTIONS": {"bucket_name": AWS_STORAGE_BUCKET_NAME, **_BUCKET_OPTIONS},
    }
    STORAGES["private"] = {
        "BACKEND": "core.object_storage.PrivateBucketStorage",
        "OPTIONS": {"bucket_name": AWS_PRIVATE_STORAGE_BUCKET_NAME, **_BUCKET_OPTIONS},
    }
# Documents are sent by the site's view (streamed from the bucket), never by a redirect to the
# storage's own address, which Wagtail would choose for a storage without local paths.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
