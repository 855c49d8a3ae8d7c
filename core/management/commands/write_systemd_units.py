"""`python manage.py write_systemd_units [--check]`: the systemd units of deploy/systemd/,
written from the job table (core/jobs.py, core/job_units.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import job_units


class Command(BaseCommand):
    help = (
        "Write the systemd service and timer units of deploy/systemd/ from the job table, or "
        "with --check only say whether the committed ones are up to date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=job_units.UNITS_DIR,
            help="Where the units are (default: deploy/systemd/ of the project).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the units differ from what the job table gives.",
        )

    def handle(self, *args, directory, check, **options):
        if check:
            problems = job_units.differences(directory)
            if problems:
                listed = "\n".join(f"  {name}: {why}" for name, why in problems)
                raise CommandError(
                    f"The units in {directory} differ from core/jobs.py:\n{listed}\n"
                    "Run `python manage.py write_systemd_units` and commit the result."
                )
            self.stdout.write(f"The units in {directory} match the job table.")
            return
        names = job_units.write(directory)
        self.stdout.write(f"Wrote {len(names)} units to {directory}.")
