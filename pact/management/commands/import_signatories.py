"""`manage.py import_signatories FILE [--dry-run]`: signatories from a CSV or XLSX list.

The file has the columns of the open-data export (/participants/export.csv); README.md,
"Importing signatories", says what each becomes and how rows are matched. Errors are listed by
line on stderr and the good rows imported all the same; the command then ends with a non-zero
status, so a script notices.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pact.bulk.importing import import_signatories
from pact.bulk.reading import FileError


class Command(BaseCommand):
    help = "Import signatories from a CSV or XLSX file with the open-data export's columns."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file, header row first.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and say what would be created or updated; write nothing.",
        )

    def handle(self, *args, file, dry_run, **options):
        bars = []

        def progress(total):
            bar = tqdm(
                total=total,
                unit="row",
                desc="Checking" if total is None else "Writing",
                disable=None,
                file=self.stderr._out,
            )
            bars.append(bar)
            return bar.update

        try:
            report = import_signatories(file, dry_run=dry_run, progress=progress)
        except FileError as error:
            raise CommandError(str(error)) from error
        finally:
            for bar in bars:
                bar.close()
        if report.ignored_columns:
            self.stderr.write(f"Ignored columns: {', '.join(report.ignored_columns)}.")
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        would = "would be " if dry_run else ""
        self.stdout.write(
            f"{report.created} {would}created, {report.updated} {would}updated, "
            f"{report.unchanged} unchanged, {len(report.errors)} with errors."
            + (" Dry run: nothing was written." if dry_run else "")
        )
        if report.errors:
            lines = len({line for line, _ in report.errors})
            raise CommandError(
                f"{lines} line{'s' if lines != 1 else ''} not imported: see the errors above."
            )
