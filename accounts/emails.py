"""The one way the platform sends e-mail: a background task that renders a plain-text and an
HTML body from templates and tries again later when sending fails.

Callers pass only JSON-friendly values (strings, numbers, lists, dicts), because the task may be
stored in the database and run by another process (`manage.py db_worker` in production).

Templates, for a name such as "verify": accounts/emails/verify_subject.txt, verify.txt and
verify.html.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)


def render_email(template, context):
    """Subject, text body and HTML body of the e-mail `template` with `context`."""
    context = {"site_name": "Pact of Towns and Regions", **context}
    base = f"accounts/emails/{template}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    text = render_to_string(f"{base}.txt", context)
    html = render_to_string(f"{base}.html", context)
    return subject, text, html


@task()
def send_email_task(template, to, context, attempt=1):
    """Render and send one e-mail; on failure, enqueue itself again with a growing delay."""
    subject, text, html = render_email(template, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt >= settings.EMAIL_MAX_ATTEMPTS:
            logger.exception("E-mail %r to %s failed %d times; giving up.", template, to, attempt)
            raise
        logger.warning("E-mail %r to %s failed (attempt %d); retrying.", template, to, attempt)
        _enqueue(template, to, context, attempt + 1)


def _enqueue(template, to, context, attempt):
    task_to_run = send_email_task
    if default_task_backend.supports_defer and attempt > 1:
        delay = settings.EMAIL_RETRY_DELAY * 2 ** (attempt - 2)
        task_to_run = send_email_task.using(run_after=timezone.now() + timedelta(seconds=delay))
    return task_to_run.enqueue(template=template, to=list(to), context=context, attempt=attempt)


def send_email(template, to, context):
    """Queue the e-mail `template` for the addresses `to` (a string or a list)."""
    recipients = [to] if isinstance(to, str) else list(to)
    return _enqueue(template, recipients, context, attempt=1)
