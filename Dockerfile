# The Pact Platform's container image (docs/deploy.md). Two stages:
# - build: a virtualenv with requirements.txt, made with a compiler at hand for any package
#   that has no wheel for this platform;
# - runtime: the slim image that runs it, with the code owned by root and read-only to the
#   non-root user the processes run as, and the static files collected at build time.
# The same image runs every service of compose.yaml: gunicorn (the default command),
# `manage.py db_worker`, `manage.py run_scheduler` and the migrations.

ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
ENV PATH=/opt/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt
# Packages beside requirements.txt, e.g. the search cluster's client when requirements.txt does
# not pin it: --build-arg EXTRA_PACKAGES="opensearch-py>=2,<3" (README.md, "Search backends").
ARG EXTRA_PACKAGES=""
RUN if [ -n "$EXTRA_PACKAGES" ]; then pip install $EXTRA_PACKAGES; fi

FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=pactsite.settings.production \
    STATIC_ROOT=/app/static_collected \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private_media \
    WEB_CONCURRENCY=3
RUN groupadd --system --gid 10001 pactsite \
    && useradd --system --uid 10001 --gid pactsite --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin pactsite \
    && mkdir -p /data/media /data/private_media \
    && chown pactsite:pactsite /data/media /data/private_media
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . /app
# Production settings refuse to load without a secret key and host names; collecting the static
# files needs neither, so these throwaway values live only in this build step.
RUN SECRET_KEY=collectstatic-at-build-only ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput
USER pactsite
EXPOSE 8000
# /healthz/ answers before host validation and the HTTPS redirect, so a probe over plain HTTP
# by address works; the slim image has no curl, so Python asks (a non-2xx status raises).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/', timeout=4)"]
# gunicorn takes its number of workers from WEB_CONCURRENCY.
CMD ["gunicorn", "pactsite.wsgi", "--bind", "0.0.0.0:8000", "--forwarded-allow-ips", "*"]
