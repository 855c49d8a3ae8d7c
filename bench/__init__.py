"""Benchmarks, run by `make bench` (python -m bench). Speed goals live here, never in tests."""
