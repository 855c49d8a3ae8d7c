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
from django.db import connection, transaction

_migrated_state = None


def remember():
    """Keep a copy of the database's content; called once, right after the migrations ran."""
    global _migrated_state
    _migrated_state = snapshot()


def snapshot():
    """The database's content now, for `restore(state)`: e.g. the demo site, built once per test
    session instead of once per test. Rows are copied table by table as the database gives them
    (restoring them is a few inserts per table, where deserialising models one by one took
    seconds for the demo). The search index is left out: its full-text columns are no plain
    columns on every database (SQLite keeps them in an FTS table); rebuild it after restoring
    with `update_index` where a test searches."""
    quote = connection.ops.quote_name
    state = []
    with connection.cursor() as cursor:
        for table in _tables_with_rows(cursor):
            if table.startswith("wagtailsearch_"):
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")
            columns = [column[0] for column in cursor.description]
            state.append((table, columns, cursor.fetchall()))
    return state


def restore(state=None):
    """Put the database back as the migrations left it (or as it was when `snapshot()` gave
    `state`), and forget what this process cached of the rows that were there before: content
    types by id, the sites' root paths."""
    if state is None:
        state = _migrated_state
    if state is None:
        raise RuntimeError("migrated_database.remember() did not run after the migrations.")
    ContentType.objects.clear_cache()
    quote = connection.ops.quote_name
    with transaction.atomic():
        # Deleting the rows of the few tables that have any is much quicker than a flush, which
        # truncates every table; foreign keys are checked once every row is back.
        with connection.cursor() as cursor:
            for table in _tables_with_rows(cursor):
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table, columns, rows in state:
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",
                    [[_as_parameter(value) for value in row] for row in rows],
                )
        connection.check_constraints(table_names=[table for table, _, _ in state])
    ContentType.objects.clear_cache()
    cache.clear()


def _as_parameter(value):
    """PostgreSQL gives JSON columns back as Python objects; they go back in as JSON."""
    if isinstance(value, dict | list) and connection.vendor == "postgresql":
        from psycopg2.extras import Json  # only on PostgreSQL, whose driver it is

        return Json(value)
    return value


def _tables_with_rows(cursor):
    tables = connection.introspection.django_table_names(only_existing=True)
    quote = connection.ops.quote_name
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT '{table}' WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables
        )
    )
    return [row[0] for row in cursor.fetchall()]
