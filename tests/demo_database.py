"""The demo content of `load_demo`, built once per test process and restored for each test that
asks for it: building it takes seconds, restoring it a fraction of that.

The browser tests (on the live server, in real transactions) and the others (each in a
transaction rolled back at its end) share it through their `demo_site` fixtures.
"""

import io

from django.core.management import call_command

from core.public_urls import sync_site
from tests import migrated_database

_demo_state = None


def put_demo_in_database():
    """Make the database hold the demo as a first `load_demo` leaves it, its Wagtail site at
    PUBLIC_BASE_URL and its search index rebuilt, whatever the test ran before."""
    global _demo_state
    if _demo_state is None:
        migrated_database.restore()
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        _demo_state = migrated_database.snapshot()
    else:
        migrated_database.restore(_demo_state)
    sync_site()
    call_command("update_index", verbosity=0, stdout=io.StringIO())
