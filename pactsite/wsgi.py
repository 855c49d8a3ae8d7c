"""WSGI entry point, served by gunicorn in production (`gunicorn pactsite.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pactsite.settings.production")

application = get_wsgi_application()
