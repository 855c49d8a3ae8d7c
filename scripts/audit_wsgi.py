"""The WSGI application `make audit` serves (scripts/audit.py): the production application, plus
the uploaded files under /media/, which a reverse proxy serves in production. Audit only."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from whitenoise import WhiteNoise

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pactsite.settings.production")

# autorefresh: image renditions are made while the pages are served.
application = WhiteNoise(get_wsgi_application(), autorefresh=True)
application.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
