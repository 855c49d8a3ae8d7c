"""Local development: debug on, e-mail printed to the console, a fixed throwaway secret key."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Sample content for `make run` (`load_demo`); production never installs it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
