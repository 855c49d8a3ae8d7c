"""`python manage.py run_scheduler`: the process that runs the periodic jobs on schedule.

One long-running service beside gunicorn and `db_worker` (compose.yaml's `scheduler`). It runs
each job of core/jobs.py when due, under the job's lock, so a second scheduler, a systemd timer
or a run by hand never overlaps it. SIGTERM or Ctrl-C stops it once the job running finishes.
"""

import signal

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.jobs import JOBS, Scheduler, lock_description


class Command(BaseCommand):
    help = "Run the periodic jobs (core/jobs.py) on their schedules until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list",
            action="store_true",
            help="Print each job, its command, schedule and next run, then exit.",
        )

    def handle(self, *args, list=False, **options):
        scheduler = Scheduler(JOBS, stdout=self.stdout)
        now = timezone.now()
        next_runs = scheduler.next_runs(now)
        for job in JOBS:
            when = timezone.localtime(next_runs[job.name]).strftime("%Y-%m-%d %H:%M %Z")
            self.stdout.write(f"{job.name}: {job.command_line()}, {job.schedule}; next run {when}")
        if list:
            return
        self.stdout.write(f"Scheduler started; jobs are locked with {lock_description()}.")
        signal.signal(signal.SIGTERM, scheduler.stop)
        signal.signal(signal.SIGINT, scheduler.stop)
        scheduler.run()
        self.stdout.write("Scheduler stopped.")
