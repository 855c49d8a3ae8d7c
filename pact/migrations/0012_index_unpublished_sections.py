"""A partial index of the unpublished pages that have pages below them: the sections the public
may not see (core.visibility.hidden_sections), read on every public request, found without
reading the whole page table."""

from django.db import migrations

INDEX = "pact_unpublished_sections_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("pact", "0011_content_version"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (path) "
            "WHERE NOT live AND numchild > 0",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
