"""Test data built once for all the tests of a module, instead of once per test.

pytest-django runs each test inside a transaction that it rolls back at the end. A
module-scoped fixture that builds its data inside `built_once(django_db_blocker)` opens an outer
transaction around that: each test's own transaction becomes a savepoint within it, so whatever
a test changes is undone before the next one starts, and the data itself is rolled back when
the module's last test has run. Nothing is committed; the next module starts from the database
as the migrations left it.

Only for modules whose tests all use `db`: a test on `transactional_db` or the live server
commits and empties tables, which an open outer transaction forbids. And every test that reads
the data must ask for `db` itself: pytest-django runs such tests before the ones in real
transactions, which leave the database empty behind them. Hand each test fresh
objects (fetch them again by primary key in a function-scoped fixture): an instance kept from
the build would carry one test's unsaved changes into the next.
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def built_once(django_db_blocker):
    """Keep what is built inside this block for the module's tests, then roll it back."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
