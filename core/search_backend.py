"""The site's database search backend: Wagtail's own (django-modelsearch: PostgreSQL's full-text
search on PostgreSQL, FTS5 on SQLite), less the work over the whole index on every save.

Wagtail ranks a match in a title by `title_norm`, the average title length of the whole index
divided by the title's own length. After every save its backend recomputes that average over
every IndexEntry and then rewrites every entry still at the default norm, which the database
finds only by reading the whole index: 80-100 ms per save at 140,000 entries, and growing.

Here a save writes the norm of its own entries only (found by their unique key), from the
average title length of the most recent entries (a bounded sample read by primary key, which is
what the average of the whole index tends to anyway). The norms of the whole index are
recomputed exactly, in one pass, whenever the index is rebuilt: the periodic `update_index` job
(core/jobs.py), and after a bulk import. Search results are the same; only the title weighting
of entries saved since the last `update_index` is estimated rather than exact.

settings.WAGTAILSEARCH_BACKENDS names this module when SEARCH_BACKEND=database.
"""

import functools

from django.db import connection
from django.db.models import Avg, F
from django.db.models.functions import Length
from django.utils.encoding import force_str
from modelsearch.utils import get_content_type_pk

# How many of the most recent index entries give the average title length of a save.
TITLE_SAMPLE_SIZE = 1000


class SavedEntriesTitleNorms:
    """Mixed into Wagtail's PostgreSQL and SQLite indexes (see the module's docstring)."""

    def _refresh_title_norms(self, full=False):
        # Wagtail calls this with full=False after every add_items: the norms of the entries
        # just written are set by add_items below instead. A rebuild asks full=True.
        if full:
            super()._refresh_title_norms(full=True)

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)
        if not objs or not model.get_search_fields():
            return
        average = self.sample_title_length()
        if average is None:
            return
        self.entries.filter(
            content_type_id=get_content_type_pk(model),
            object_id__in=[force_str(obj.pk) for obj in objs],
        ).annotate(title_length=Length("title")).filter(title_length__gt=0).update(
            title_norm=average / F("title_length")
        )

    def sample_title_length(self):
        """The average title length of the most recent entries with a title, or None."""
        recent = (
            self.entries.annotate(title_length=Length("title"))
            .filter(title_length__gt=0)
            .order_by("-pk")[:TITLE_SAMPLE_SIZE]
        )
        return recent.aggregate(average=Avg("title_length"))["average"]


@functools.cache
def _bounded(index_class):
    """Wagtail's index class with SavedEntriesTitleNorms mixed in (one class per index class)."""
    return type(index_class.__name__, (SavedEntriesTitleNorms, index_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    """Wagtail's database backend for the database in use, with SavedEntriesTitleNorms."""
    # The backend modules import the database driver's search functions: imported for the
    # database actually in use, as modelsearch.backends.database.SearchBackend does.
    from modelsearch.backends import database

    backend = database.SearchBackend(params)
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresIndex

        backend.index_class = _bounded(PostgresIndex)
    elif connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteIndex

        backend.index_class = _bounded(SQLiteIndex)
    return backend
