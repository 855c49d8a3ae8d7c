"""`python manage.py run_scheduler`: the process that runs the periodic jobs on schedule.

One long-running service beside gunicorn and `db_worker` (compose.yaml's `scheduler`):
APScheduler's BlockingScheduler with the jobs of core/jobs.py (`build_scheduler`). It runs
each job when due, under the job's lock, so a second scheduler, a systemd timer or a run by
hand never overlaps it. SIGTERM or Ctrl-C stops it once the jobs running finish.
"""

import signal

from apscheduler.events import EVENT_SCHEDULER_STARTED
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.jobs import JOBS, build_scheduler, lock_description


class Command(BaseCommand):
    help = "Run the periodic jobs (core/jobs.py) on their schedules until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list",
            action="store_true",
            help="Print each job, its command, schedule and next run, then exit.",
        )

    def handle(self, *args, list=False, **options):
        now = timezone.now()
        for job in JOBS:
            next_run = job.schedule.trigger().get_next_fire_time(None, now)
            when = timezone.localtime(next_run).strftime("%Y-%m-%d %H:%M %Z")
            self.stdout.write(f"{job.name}: {job.command_line()}, {job.schedule}; next run {when}")
        if list:
            return
        scheduler = build_scheduler(JOBS, stdout=self.stdout)

        def stop(*_signal_args):
            # Waits for the jobs running: none is cut off halfway. A second signal while
            # waiting finds the scheduler already stopping.
            if scheduler.running:
                scheduler.shutdown(wait=True)

        def started(_event):
            # Said once the scheduler runs, so a signal from now on stops it.
            self.stdout.write(f"Scheduler started; jobs are locked with {lock_description()}.")

        scheduler.add_listener(started, EVENT_SCHEDULER_STARTED)
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        scheduler.start()  # blocks until stop()
        self.stdout.write("Scheduler stopped.")
