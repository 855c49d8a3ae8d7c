"""`python manage.py run_job <name>`: one run of a periodic job of core/jobs.py, under its lock.

What the systemd timers run (deploy/systemd/). A run that finds another run of the same job
going on, on any machine, does nothing and exits successfully.
"""

from django.core.management.base import BaseCommand

from core.jobs import JOBS, job_named, run_job


class Command(BaseCommand):
    help = "Run one periodic job (see core/jobs.py) once, unless it is already running."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=[job.name for job in JOBS])

    def handle(self, *args, name, **options):
        if not run_job(job_named(name), stdout=self.stdout):
            self.stdout.write(f"{name} is already running elsewhere: nothing done.")
