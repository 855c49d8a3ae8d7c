"""The production task queue in tests: tasks stored in the database, run when a test says so,
and a mail server that fails a given number of times."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

# settings.TASKS of production: tasks wait in the database for `manage.py db_worker`.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_TASK = "core.email.send_email_task"


def email_tasks():
    """Every e-mail task queued so far, run or not (Wagtail queues its own tasks there too)."""
    return list(DBTaskResult.objects.filter(task_path=EMAIL_TASK).order_by("enqueued_at"))


def run_queued_tasks():
    """Run every task that is due, as `manage.py db_worker` does."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for queued in DBTaskResult.objects.ready().order_by("enqueued_at"):
        queued.claim(worker.worker_id)
        worker.run_task(queued)


class FlakyMailServer(LocmemBackend):
    """A mail server that refuses the first `refusals` messages it is given, then accepts."""

    refusals = 0
    failures = 0

    def send_messages(self, messages):
        if FlakyMailServer.failures < FlakyMailServer.refusals:
            FlakyMailServer.failures += 1
            raise ConnectionRefusedError("SMTP server down")
        return super().send_messages(messages)


def mail_server_refusing(settings, refusals):
    """Make the e-mail backend a FlakyMailServer refusing `refusals` messages; returns it, whose
    `failures` counts the refusals made."""
    settings.EMAIL_BACKEND = "tests.task_queue.FlakyMailServer"
    FlakyMailServer.refusals = refusals
    FlakyMailServer.failures = 0
    return FlakyMailServer
