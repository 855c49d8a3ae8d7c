"""The periodic jobs: what runs when, the one lock every run takes, and their scheduler.

`JOBS` is the one table of periodic work: each job is a management command (with its
arguments) and a schedule in Strasbourg time (settings.TIME_ZONE). Everything that runs the
jobs reads it:

- `python manage.py run_scheduler`, the scheduler process of a container deployment (one
  service beside gunicorn and `db_worker`), is APScheduler's BlockingScheduler with one job per
  row (`build_scheduler`): each schedule becomes an APScheduler cron trigger, so the timing,
  the time zone, summer time and missed runs are APScheduler's, not this module's;
- `python manage.py run_job <name>` runs one job once, which is what the systemd timers in
  deploy/systemd/ call (written from this table by `python manage.py write_systemd_units`;
  tests/test_jobs.py fails when the committed files drift from it).

Every run of a job holds its lock (`job_lock`) for as long as it runs, so two runs of one job
never overlap, whichever machine, process or timer started them: a second run finds the lock
taken and is skipped. APScheduler's own `max_instances=1` only reaches its own process; the
lock reaches every machine. On PostgreSQL the lock is an advisory lock on a connection of its
own: shared by every machine using the database, and released by PostgreSQL itself when the
process dies, so a crash never leaves a job locked. On other databases it is an atomic
`cache.add` with an expiry (shared between machines when the cache is Redis, REDIS_URL), held
at most the job's `longest_run`. The jobs that send mail are also idempotent on their own
(alerts.digest, monitoring.reminders: each message is claimed by a unique row in the
transaction that queues it), so even a run started by hand outside the lock sends nothing
twice.
"""

import calendar
import datetime
import hashlib
import logging
import secrets
import time as wall_clock
from contextlib import contextmanager
from dataclasses import dataclass

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections

from core.site_time import site_zone

logger = logging.getLogger(__name__)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # systemd's names


@dataclass(frozen=True)
class At:
    """Every day at `hour`:`minute` Strasbourg time, or once a week on `weekday` (0 = Monday).

    A time that the start of summer time skips still runs once that day, an hour later in
    summer time (02:30 is then 03:30). A time that the end of summer time repeats (02:00 to
    02:59 on the last Sunday of October) runs at both: harmless under the lock, and the table
    keeps its jobs out of that hour (tests/test_jobs.py).
    """

    hour: int
    minute: int
    weekday: int | None = None

    # A daily or weekly run up to an hour late (the machine slept, its clock was set back)
    # still runs; a later one waits for its next day rather than running out of its order.
    misfire_grace_time = 60 * 60

    def trigger(self):
        """The schedule as an APScheduler trigger (day_of_week 0 is Monday there too)."""
        return CronTrigger(
            hour=self.hour, minute=self.minute, day_of_week=self.weekday, timezone=site_zone()
        )

    def on_calendar(self):
        """The same schedule as a systemd calendar event (time zone included)."""
        day = f"{WEEKDAYS[self.weekday]} " if self.weekday is not None else ""
        return f"{day}*-*-* {self.hour:02d}:{self.minute:02d}:00 {site_zone().key}"

    def __str__(self):
        day = "every day" if self.weekday is None else f"every {calendar.day_name[self.weekday]}"
        return f"{day} at {self.hour:02d}:{self.minute:02d} {site_zone().key}"


@dataclass(frozen=True)
class Every:
    """Every `minutes` minutes, on the hour and at each multiple of `minutes` after it."""

    minutes: int

    def __post_init__(self):
        if 60 % self.minutes:
            raise ValueError("Every(minutes) takes a divisor of 60, so each hour starts a run.")

    @property
    def misfire_grace_time(self):
        """A run later than a whole period is dropped: the next one is as good."""
        return self.minutes * 60

    def trigger(self):
        # A cron step rather than an interval: runs fall on the same minutes as the systemd
        # timer's, whenever the scheduler started.
        return CronTrigger(minute=f"*/{self.minutes}", timezone=site_zone())

    def on_calendar(self):
        return f"*-*-* *:00/{self.minutes:02d}:00"

    def __str__(self):
        return f"every {self.minutes} minutes"


@dataclass(frozen=True)
class Job:
    """One periodic job: `manage.py <command> <args>` on `schedule`. `longest_run` bounds the
    lock where it expires (the cache lock): a run still going after it may meet a second one."""

    name: str
    command: str
    args: tuple = ()
    schedule: At | Every = At(4, 0)
    longest_run: datetime.timedelta = datetime.timedelta(hours=1)
    why: str = ""

    def command_line(self):
        return " ".join(["manage.py", self.command, *self.args])


JOBS = (
    Job(
        "publish_scheduled",
        "publish_scheduled",
        schedule=Every(10),
        longest_run=datetime.timedelta(minutes=10),
        why="publishes and unpublishes pages at the go-live and expiry times editors set",
    ),
    Job(
        "update_index",
        "update_index",
        schedule=At(3, 30),
        longest_run=datetime.timedelta(hours=3),
        why="rebuilds the search index, so initiatives follow a renamed signatory",
    ),
    Job(
        "prune_applications",
        "prune_applications",
        schedule=At(4, 0),
        why="deletes expired unconfirmed sign-ups and declined ones older than a year",
    ),
    Job(
        "prune_alert_subscriptions",
        "prune_alert_subscriptions",
        schedule=At(4, 5),
        why="deletes alert subscriptions never confirmed",
    ),
    Job(
        "prune_db_task_results",
        "prune_db_task_results",
        schedule=At(4, 10),
        why="keeps the task table small (finished tasks older than 14 days)",
    ),
    Job(
        "clearsessions",
        "clearsessions",
        schedule=At(4, 15),
        why="deletes expired login sessions from the database",
    ),
    Job(
        "refresh_monitoring",
        "refresh_monitoring",
        schedule=At(4, 30),
        why="recomputes every signatory's monitoring stage and deadline before the reminders",
    ),
    Job(
        "send_digest_daily",
        "send_digest",
        ("--frequency", "daily"),
        schedule=At(7, 0),
        why="daily e-mail alert digests",
    ),
    Job(
        "send_digest_weekly",
        "send_digest",
        ("--frequency", "weekly"),
        schedule=At(7, 15, weekday=0),
        why="weekly e-mail alert digests, on Mondays",
    ),
    Job(
        "send_monitoring_reminders",
        "send_monitoring_reminders",
        schedule=At(8, 0),
        why="reminders of action plans and progress reports due or missed",
    ),
)


def job_named(name, jobs=JOBS):
    for job in jobs:
        if job.name == name:
            return job
    raise KeyError(f"No job is named {name!r}; the jobs are {', '.join(j.name for j in jobs)}.")


def uses_advisory_locks():
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


def lock_description():
    """Which lock the jobs take here, and how far it reaches (for the scheduler's first line)."""
    if uses_advisory_locks():
        return "PostgreSQL advisory locks (shared by every machine using the database)"
    backend = cache.__class__.__module__
    if "redis" in backend:
        return "the Redis cache (shared by every machine using it)"
    return f"the cache {backend} (this process only: run one scheduler, or set REDIS_URL)"


def _advisory_key(name):
    """A stable signed 64-bit key for pg_try_advisory_lock (Python's hash() varies by process)."""
    digest = hashlib.sha256(f"pactsite.jobs.{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def _advisory_lock(name):
    # A connection of its own: the job's work may close or reset the default connection, which
    # would drop a lock held on it while the job still runs.
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_advisory_key(name)])
            acquired = cursor.fetchone()[0]
        yield acquired
        if acquired:
            with holder.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_advisory_key(name)])
    finally:
        holder.close()


@contextmanager
def _cache_lock(name, longest_run):
    key = f"jobs:lock:{name}"
    token = secrets.token_hex(16)
    acquired = cache.add(key, token, timeout=int(longest_run.total_seconds()))
    try:
        yield acquired
    finally:
        # Only our own lock: after its expiry another run may hold the key.
        if acquired and cache.get(key) == token:
            cache.delete(key)


@contextmanager
def job_lock(name, longest_run=datetime.timedelta(hours=1)):
    """Hold the lock of the job `name` while the block runs; yields whether it was acquired.

    A run that does not get it must do nothing: another run of the same job is going on.
    """
    if uses_advisory_locks():
        with _advisory_lock(name) as acquired:
            yield acquired
    else:
        with _cache_lock(name, longest_run) as acquired:
            yield acquired


def run_job(job, stdout=None):
    """Run `job` once under its lock; returns False, having done nothing, when another run of
    it holds the lock. The command's own errors reach the caller."""
    with job_lock(job.name, job.longest_run) as acquired:
        if not acquired:
            logger.info("Job %s is already running elsewhere; this run is skipped.", job.name)
            return False
        started = wall_clock.monotonic()
        logger.info("Job %s started: %s", job.name, job.command_line())
        call_command(job.command, *job.args, stdout=stdout)
        logger.info("Job %s done in %.1f s.", job.name, wall_clock.monotonic() - started)
        return True


def run_on_schedule(job, stdout=None):
    """What the scheduler calls when `job` is due: `run_job` in one of its threads.

    The thread may have slept for hours: a connection the database closed meanwhile is dropped
    first, and this run's own is closed after it. A failure reaches APScheduler, which logs it
    with its traceback; the job runs again at its next time and the other jobs go on.
    """
    close_old_connections()
    try:
        run_job(job, stdout=stdout)
    finally:
        close_old_connections()


def build_scheduler(jobs=JOBS, scheduler_class=BlockingScheduler, stdout=None):
    """An APScheduler scheduler (not started) with a job for each row of `jobs`.

    Each job has a thread of its own, so a long one (update_index) never delays the others;
    `max_instances=1` skips a time that comes while the job's last run still goes on, and
    `coalesce` folds times missed together into one run. Missed times while the process was
    stopped are not caught up (the job store is in memory): the job runs at its next time.
    """
    scheduler = scheduler_class(
        timezone=settings.TIME_ZONE,
        executors={"default": ThreadPoolExecutor(max_workers=len(jobs))},
        job_defaults={"coalesce": True, "max_instances": 1},
    )
    for job in jobs:
        scheduler.add_job(
            run_on_schedule,
            job.schedule.trigger(),
            args=(job, stdout),
            id=job.name,
            name=f"{job.name} ({job.command_line()})",
            misfire_grace_time=job.schedule.misfire_grace_time,
        )
    return scheduler
