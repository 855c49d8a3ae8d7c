"""`manage.py seed_bench --signatories N --initiatives M [--events E]`: sample data at scale.

Adds generated, clearly marked sample signatories (pact/bulk/seeding.py) to the directory until
there are N of them, each with M initiatives and E events, published, with their groups and
collections, indexed in bulk. Running it again with the same N adds nothing; a larger N adds
the difference. Needs the directory (`manage.py load_demo` first). Prints the seconds taken.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pact.bulk.seeding import NoDirectory, existing_numbers, timed_seed


class Command(BaseCommand):
    help = "Add generated sample signatories (for measurements) until there are N of them."

    def add_arguments(self, parser):
        parser.add_argument("--signatories", type=int, required=True, metavar="N")
        parser.add_argument("--initiatives", type=int, default=5, metavar="M")
        parser.add_argument("--events", type=int, default=1, metavar="E")

    def handle(self, *args, signatories, initiatives, events, **options):
        if min(signatories, initiatives, events) < 0:
            raise CommandError("--signatories, --initiatives and --events cannot be negative.")
        to_add = max(signatories - len(existing_numbers()), 0)
        with tqdm(total=to_add, unit="signatory", disable=None) as bar:
            try:
                added, seconds = timed_seed(signatories, initiatives, events, progress=bar.update)
            except NoDirectory as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"Added {added} sample signatories ({signatories} in all) in {seconds:.1f} s."
        )
