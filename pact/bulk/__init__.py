"""Signatories in bulk: `manage.py import_signatories` (importing.py, reading.py, rows.py)
and `manage.py seed_bench` (seeding.py), on one machinery: pages made a batch at a time
(pages.py), the rights approval gives (signatories.py), the search index filled in one pass
(search.py)."""
