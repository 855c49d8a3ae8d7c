"""The test database as the migrations left it, kept so that tests on a live server can start
from it again.

A test that uses pytest-django's `live_server` runs in real transactions, and its database is
emptied after it: Wagtail's root page and default site, the root collection, the default
workflow and the four Ps, all made by data migrations, are gone for the next such test. Django's
own `serialized_rollback` restores them, but clashes with the content types and permissions that
an earlier flush re-created under new ids; `restore()` empties the database first, so it works
whatever ran before.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

_migrated_state = None


def remember():
    """Keep a copy of the database's content; called once, right after the migrations ran."""
    global _migrated_state
    _migrated_state = connection.creation.serialize_db_to_string()


def restore():
    """Put the database back as the migrations left it, and forget what this process cached of
    the rows that were there before: content types by id, the sites' root paths."""
    if _migrated_state is None:
        raise RuntimeError("migrated_database.remember() did not run after the migrations.")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(_migrated_state)
    ContentType.objects.clear_cache()
    cache.clear()
