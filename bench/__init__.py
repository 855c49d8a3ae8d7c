"""Benchmarks, never run by the tests: `make bench` (bench/load.py, the site under load on
PostgreSQL, see docs/performance.md), `python -m bench` (a quick in-process timing on SQLite)
and `python -m bench.search` (PostgreSQL's full-text search). Speed goals live here, never in
tests."""
