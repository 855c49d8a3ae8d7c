"""`python manage.py make_toolkit_badges`: redraw the "We signed the Pact" badge images.

The PNGs are committed in toolkit/static/toolkit/badges/; run this after changing a badge's
wording, colours or sizes in toolkit/badges.py, then commit the new files.
"""

from django.core.management.base import BaseCommand

from toolkit.badges import BADGE_OUTPUT_DIR, write_badges


class Command(BaseCommand):
    help = "Draw the badge images (every language and size) into toolkit/static/toolkit/badges/."

    def handle(self, *args, **options):
        for path in write_badges(BADGE_OUTPUT_DIR):
            self.stdout.write(f"  {path.relative_to(BADGE_OUTPUT_DIR.parents[3])}")
        self.stdout.write(self.style.SUCCESS("Badges drawn. Commit the files."))
