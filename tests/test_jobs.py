"""Jobs on schedule (core/jobs.py): the table names real commands, the systemd units follow it,
two overlapping runs of a job do its work once, and the scheduler runs a job when it is due."""

import datetime
import itertools
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.schedulers.background import BackgroundScheduler
from django.core import mail
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

from alerts.management.commands import send_digest
from alerts.models import Subscription
from core import job_units, jobs
from tests import migrated_database
from tests.conftest import make_home_page
from tests.factories import NewsIndexPageFactory, NewsPageFactory
from tests.task_queue import DATABASE_TASKS

BASE_DIR = Path(__file__).resolve().parent.parent
PARIS = ZoneInfo("Europe/Paris")
# The CI variable of the PostgreSQL pass: there a test needing PostgreSQL fails, never skips.
REQUIRED = os.environ.get("REQUIRE_MULTI_SERVER") == "1"
DEADLINE_SECONDS = 30


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def real_transactions(transactional_db):
    """Threads see each other's commits; the migrated database is put back afterwards."""
    migrated_database.restore()
    yield
    migrated_database.restore()


# The table


def test_every_job_runs_a_real_command_with_arguments_it_accepts(settings):
    settings.TASKS = DATABASE_TASKS  # prune_db_task_results works on production's task queue
    commands = get_commands()
    assert len({job.name for job in jobs.JOBS}) == len(jobs.JOBS)
    for job in jobs.JOBS:
        assert job.command in commands, f"{job.name}: no command {job.command}"
        command = load_command_class(commands[job.command], job.command)
        command.create_parser("manage.py", job.command).parse_args(list(job.args))


def test_the_table_holds_every_periodic_command_the_readme_names():
    planned = {job.command_line() for job in jobs.JOBS}
    for command in (
        "send_digest --frequency daily",
        "send_digest --frequency weekly",
        "send_monitoring_reminders",
        "refresh_monitoring",
        "prune_db_task_results",
        "prune_applications",
        "prune_alert_subscriptions",
        "update_index",
        "publish_scheduled",
    ):
        assert f"manage.py {command}" in planned


def test_the_readme_and_the_deployment_guide_list_every_job():
    readme = (BASE_DIR / "README.md").read_text().split("## Deploying to production")[1]
    guide = (BASE_DIR / "docs" / "deploy.md").read_text()
    for job in jobs.JOBS:
        assert f"| `{job.name}` | `python {job.command_line()}` |" in readme
        assert f"| `{job.name}` | `{job.command_line()}` |" in guide


def fire_times(schedule, start, count):
    """The first `count` times the schedule's APScheduler trigger fires from `start` on, each
    worked out from the one before as the scheduler does, in UTC."""
    trigger, times, previous = schedule.trigger(), [], None
    for _ in range(count):
        previous = trigger.get_next_fire_time(previous, previous or start)
        times.append(previous.astimezone(datetime.UTC))
    return times


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def test_schedules_are_in_strasbourg_time_across_summer_time():
    # Summer time starts on 29 March 2026: 07:00 is 06:00 UTC the day before, 05:00 UTC then.
    assert fire_times(jobs.At(7, 0), paris(2026, 3, 28, 0, 0), 3) == [
        utc(2026, 3, 28, 6, 0),
        utc(2026, 3, 29, 5, 0),
        utc(2026, 3, 30, 5, 0),
    ]
    # It ends on 25 October 2026: 07:00 is 06:00 UTC again.
    assert fire_times(jobs.At(7, 0), paris(2026, 10, 24, 7, 0), 2) == [
        utc(2026, 10, 24, 5, 0),
        utc(2026, 10, 25, 6, 0),
    ]
    weekly = jobs.At(7, 15, weekday=0)  # Thursday 3 December: the next Mondays
    assert fire_times(weekly, paris(2026, 12, 3, 12, 0), 2) == [
        paris(2026, 12, 7, 7, 15),
        paris(2026, 12, 14, 7, 15),
    ]
    assert weekly.on_calendar() == "Mon *-*-* 07:15:00 Europe/Paris"


def test_every_runs_on_the_hour_and_its_multiples_through_the_repeated_hour():
    every = jobs.Every(10)
    assert fire_times(every, paris(2026, 12, 3, 12, 0, 1), 2) == [
        paris(2026, 12, 3, 12, 10),
        paris(2026, 12, 3, 12, 20),
    ]
    assert fire_times(every, paris(2026, 12, 3, 12, 9, 59), 1) == [paris(2026, 12, 3, 12, 10)]
    # The night summer time ends, 02:00 to 03:00 comes twice: still one run every 10 minutes.
    night = fire_times(every, utc(2026, 10, 24, 23, 55), 20)
    assert night[0] == utc(2026, 10, 25, 0, 0)
    assert {later - earlier for earlier, later in itertools.pairwise(night)} == {
        datetime.timedelta(minutes=10)
    }


def test_a_time_summer_time_skips_still_runs_once_that_day():
    # 02:30 does not exist on 29 March 2026 in Paris; the job runs at 03:30 summer time.
    assert fire_times(jobs.At(2, 30), paris(2026, 3, 28, 12, 0), 2) == [
        utc(2026, 3, 29, 1, 30),
        utc(2026, 3, 30, 0, 30),
    ]


def test_no_job_is_in_the_hour_the_end_of_summer_time_repeats():
    # 02:30 comes twice on 25 October 2026, and the trigger fires at both.
    assert fire_times(jobs.At(2, 30), paris(2026, 10, 24, 12, 0), 3) == [
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 25, 1, 30),
        utc(2026, 10, 26, 1, 30),
    ]
    assert [job.name for job in jobs.JOBS if getattr(job.schedule, "hour", None) == 2] == []


# The systemd units


def test_the_committed_systemd_units_are_those_the_table_gives():
    assert job_units.differences() == []
    call_command("write_systemd_units", "--check")
    for job in jobs.JOBS:
        timer = (job_units.UNITS_DIR / f"pactsite-job-{job.name}.timer").read_text()
        assert f"OnCalendar={job.schedule.on_calendar()}\n" in timer
        assert f"Unit=pactsite-job@{job.name}.service\n" in timer
    service = (job_units.UNITS_DIR / "pactsite-job@.service").read_text()
    assert "ExecStart=/srv/pactsite/.venv/bin/python manage.py run_job %i\n" in service


def test_units_that_drift_from_the_table_fail_the_check(tmp_path):
    job_units.write(tmp_path)
    call_command("write_systemd_units", "--check", "--directory", str(tmp_path))

    moved = tuple(
        jobs.Job(job.name, job.command, job.args, jobs.At(9, 0))
        if job.name == "clearsessions"
        else job
        for job in jobs.JOBS
    )
    added = (*jobs.JOBS, jobs.Job("purge_revisions", "purge_revisions"))
    with mock.patch.object(job_units, "JOBS", moved):
        with pytest.raises(CommandError, match="pactsite-job-clearsessions.timer: out of date"):
            call_command("write_systemd_units", "--check", "--directory", str(tmp_path))
    assert job_units.differences(tmp_path, added) == [
        ("pactsite-job-purge_revisions.timer", "missing")
    ]
    (tmp_path / "pactsite-job-gone.timer").write_text("")
    assert job_units.differences(tmp_path) == [("pactsite-job-gone.timer", "not in the job table")]
    job_units.write(tmp_path)
    assert job_units.differences(tmp_path) == []


# The lock


def subscriber_with_news(home_page):
    Subscription.objects.create(
        email="reader@example.org",
        frequency="daily",
        confirmed_at=timezone.now() - datetime.timedelta(days=30),
    )
    NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page), title="Fresh news")


def wait_for(event):
    assert event.wait(DEADLINE_SECONDS), "the first run did not start in time"


def test_a_second_run_while_the_first_is_going_does_nothing(real_transactions):
    subscriber_with_news(make_home_page())
    job = jobs.job_named("send_digest_daily")
    inside, release = threading.Event(), threading.Event()
    real_send = send_digest.send_digests

    def held_send(*args, **kwargs):
        inside.set()
        assert release.wait(DEADLINE_SECONDS)
        return real_send(*args, **kwargs)

    outcomes = []

    def first_run():
        try:
            outcomes.append(jobs.run_job(job))
        finally:
            connections.close_all()

    with mock.patch.object(send_digest, "send_digests", held_send):
        thread = threading.Thread(target=first_run)
        thread.start()
        wait_for(inside)
        try:
            second = jobs.run_job(job)
        finally:
            release.set()
            thread.join(DEADLINE_SECONDS)
    assert second is False
    assert outcomes == [True]
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    # Free again once the first run ended; the digest itself sends nothing twice.
    assert jobs.run_job(job) is True
    assert len(mail.outbox) == 1


def test_run_job_says_when_another_run_holds_the_lock(db, capsys):
    with jobs.job_lock("prune_alert_subscriptions") as acquired:
        assert acquired
        call_command("run_job", "prune_alert_subscriptions")
        assert "already running elsewhere: nothing done" in capsys.readouterr().out
    call_command("run_job", "prune_alert_subscriptions")
    assert "Deleted 0 unconfirmed e-mail alert subscriptions." in capsys.readouterr().out


def test_a_failed_run_frees_the_lock(db):
    job = jobs.Job("broken", "send_digest", ("--frequency", "never"))
    with pytest.raises(CommandError):
        jobs.run_job(job)
    with jobs.job_lock("broken") as acquired:
        assert acquired


def test_the_lock_of_a_crashed_run_is_freed_by_postgresql(db):
    """A run whose process dies leaves no lock behind: PostgreSQL drops an advisory lock with
    the connection that held it."""
    if not jobs.uses_advisory_locks():
        message = "PostgreSQL advisory locks: run with DATABASE_URL=postgres://..."
        if REQUIRED:
            pytest.fail(f"REQUIRE_MULTI_SERVER=1 but the database is not PostgreSQL ({message})")
        pytest.skip(message)
    crashed = connections.create_connection("default")
    with crashed.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_lock(%s)", [jobs._advisory_key("prune_alert_subscriptions")]
        )
    job = jobs.job_named("prune_alert_subscriptions")
    assert jobs.run_job(job) is False
    crashed.close()  # the process dies: its connection goes
    assert jobs.run_job(job) is True


# The scheduler


def expired_subscription():
    subscription = Subscription.objects.create(email="never@example.org")
    Subscription.objects.filter(pk=subscription.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    return subscription


def test_each_job_is_scheduled_once_at_a_time_in_strasbourg_time(settings):
    scheduler = jobs.build_scheduler(scheduler_class=BackgroundScheduler)
    scheduler.start(paused=True)
    try:
        scheduled = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown()
    assert scheduler.timezone.key == settings.TIME_ZONE == "Europe/Paris"
    assert set(scheduled) == {job.name for job in jobs.JOBS}
    now = timezone.now()
    for job in jobs.JOBS:
        entry = scheduled[job.name]
        assert (entry.coalesce, entry.max_instances) == (True, 1)
        assert entry.func is jobs.run_on_schedule and entry.args[0] == job
        assert entry.trigger.timezone.key == "Europe/Paris"
        assert now <= entry.next_run_time <= now + datetime.timedelta(days=7)
    assert scheduled["publish_scheduled"].misfire_grace_time == 10 * 60  # its period
    assert scheduled["send_digest_daily"].misfire_grace_time == 60 * 60


def test_the_scheduler_runs_due_jobs_and_a_failing_one_stops_no_other(transactional_db, caplog):
    """A real APScheduler scheduler, built as `run_scheduler` builds it: the jobs made due now
    run in its threads, under their locks; the failing one is logged and keeps its next time;
    the job not due does not run."""
    expired_subscription()
    table = (
        jobs.Job("broken", "send_digest", ("--frequency", "never"), jobs.At(4, 1)),
        jobs.job_named("prune_alert_subscriptions"),
        jobs.job_named("send_monitoring_reminders"),
    )
    due = ("broken", "prune_alert_subscriptions")
    outcomes, both_ran = {}, threading.Event()

    def record(event):
        outcomes[event.job_id] = event.exception
        if all(name in outcomes for name in due):
            both_ran.set()

    scheduler = jobs.build_scheduler(table, scheduler_class=BackgroundScheduler)
    scheduler.add_listener(record, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.start(paused=True)
    try:
        for name in due:
            scheduler.modify_job(name, next_run_time=timezone.now())
        scheduler.resume()
        assert both_ran.wait(DEADLINE_SECONDS), f"the due jobs did not all run: {outcomes}"
        next_runs = {job.id: job.next_run_time for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=True)
    assert isinstance(outcomes.pop("broken"), CommandError)
    assert [
        record.getMessage().endswith("raised an exception")
        for record in caplog.records
        if record.getMessage().startswith('Job "broken (manage.py send_digest')
    ] == [True]
    assert outcomes == {"prune_alert_subscriptions": None}  # ran, and nothing else did
    assert not Subscription.objects.exists()
    assert next_runs["broken"] == jobs.At(4, 1).trigger().get_next_fire_time(None, timezone.now())
    assert set(next_runs) == {job.name for job in table}


def test_the_scheduler_lists_its_jobs_and_their_next_runs(db, capsys):
    call_command("run_scheduler", "--list")
    out = capsys.readouterr().out
    for job in jobs.JOBS:
        assert f"{job.name}: {job.command_line()}, {job.schedule}; next run " in out
    assert "Scheduler started" not in out


def test_sigterm_stops_the_scheduler_process_cleanly(tmp_path):
    """As `docker compose stop` or systemd stops it: the process says it stopped and exits 0."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pactsite.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = queue.Queue()  # its output, read by a thread so the test can wait with a deadline

    def read_output():
        for line in process.stdout:
            lines.put(line)

    reader = threading.Thread(target=read_output)
    reader.start()
    try:
        seen = []
        while not any(line.startswith("Scheduler started;") for line in seen):
            seen.append(lines.get(timeout=DEADLINE_SECONDS * 2))
        process.send_signal(signal.SIGTERM)
        assert process.wait(DEADLINE_SECONDS) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(DEADLINE_SECONDS)
        reader.join(DEADLINE_SECONDS)
    seen += list(lines.queue)
    assert seen[-1] == "Scheduler stopped.\n", "".join(seen)


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server: REDIS_URL's when set, else one started here on a Unix socket."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    if shutil.which("redis-server") is None:
        message = "the cache lock between processes needs Redis: set REDIS_URL or install redis"
        if REQUIRED:
            pytest.fail(f"REQUIRE_MULTI_SERVER=1: {message}")
        pytest.skip(message)
    socket_path = tmp_path / "redis.sock"
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket_path), "--save", ""],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        # Redis says when it is ready: reading its output waits for that, without polling.
        for line in server.stdout:
            if "ready to accept connections" in line.lower():
                break
        yield f"unix://{socket_path}?db=0"
    finally:
        server.terminate()
        server.wait(DEADLINE_SECONDS)


def test_on_redis_a_run_in_another_process_waits_for_the_lock(settings, redis_url, tmp_path):
    """Without PostgreSQL, machines share the lock through the Redis cache: a run started in
    another process (a timer, another machine) while this one holds the lock does nothing."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "pactsite",
        }
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pactsite.settings.dev",
        "REDIS_URL": redis_url,
        # Never queried: a run that finds the lock taken touches no table.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    with mock.patch.object(jobs, "uses_advisory_locks", return_value=False):
        with jobs.job_lock("prune_alert_subscriptions") as acquired:
            assert acquired
            other = subprocess.run(
                [sys.executable, "manage.py", "run_job", "prune_alert_subscriptions"],
                cwd=BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=DEADLINE_SECONDS * 4,
            )
        assert other.returncode == 0, other.stderr
        assert "already running elsewhere: nothing done" in other.stdout
        with jobs.job_lock("prune_alert_subscriptions") as acquired:
            assert acquired  # released by its holder
