"""The one way the platform sends e-mail: a background task that renders a subject, a plain-text
and an HTML body from templates and tries again later when sending fails.

Every message, whichever app writes it, is named by the path of its templates without their
endings: for "accounts/emails/verify", the templates are accounts/emails/verify_subject.txt,
verify.txt and verify.html (HTML bodies extend emails/base.html).

Callers pass only JSON-friendly values (strings, numbers, booleans, lists, dicts), because the
task may be stored in the database and run by another process (`manage.py db_worker` in
production). The values are put through JSON here, so development and the tests, which run
tasks at once, refuse what production could not store.
"""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)


def render_email(template, context):
    """Subject, text body and HTML body of the message `template` with `context`."""
    context = {"site_name": "Pact of Towns and Regions", **context}
    # A subject is one line, whatever the template's line breaks.
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return subject, text, html


@task()
def send_email_task(template, to, context, headers=None, attempt=1):
    """Render and send one message; on failure, enqueue itself again with a growing delay."""
    subject, text, html = render_email(template, context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt >= settings.EMAIL_MAX_ATTEMPTS:
            logger.exception("E-mail %r to %s failed %d times; giving up.", template, to, attempt)
            raise
        logger.warning("E-mail %r to %s failed (attempt %d); retrying.", template, to, attempt)
        _enqueue(template, to, context, headers, attempt + 1)


def _enqueue(template, to, context, headers, attempt):
    """Queue one attempt; a retry waits EMAIL_RETRY_DELAY seconds, doubling each time, where the
    backend can defer a task."""
    task_to_run = send_email_task
    if default_task_backend.supports_defer and attempt > 1:
        delay = settings.EMAIL_RETRY_DELAY * 2 ** (attempt - 2)
        task_to_run = send_email_task.using(run_after=timezone.now() + timedelta(seconds=delay))
    return task_to_run.enqueue(
        template=template, to=to, context=context, headers=headers, attempt=attempt
    )


def send_email(template, to, context, headers=None):
    """Queue the message `template` for the addresses `to` (a string or a list), with extra
    `headers` such as List-Unsubscribe. Inside a transaction, with the database task backend,
    the message is queued if and only if the transaction commits."""
    recipients = [to] if isinstance(to, str) else list(to)
    # Through JSON and back: what the database backend would store, or a TypeError now.
    context = json.loads(json.dumps(context))
    headers = dict(headers) if headers else None
    return _enqueue(template, recipients, context, headers, attempt=1)
