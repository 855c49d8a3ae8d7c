"""`make bench`'s own logic, without a load run: reading locust's statistics, the ratios to the
static file, the budgets and the markdown report (bench/report.py), which sizes are skipped,
the query count the server adds to each answer, and the bench settings (production's plus that
count, never production itself)."""

import importlib
import os
import sys
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import load, report
from bench.query_count import HEADER

# The first lines of a `locust --csv` statistics file, as locust 2.47 writes them.
LOCUST_STATS = """\
Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,\
Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,\
90%,95%,98%,99%,99.9%,99.99%,100%
GET,/participants/map.geojson,59,2,84,89.1,38,142,2438.0,22.12,0.75,84,87,93,96,130,140,140,\
140,140,140,140
GET,/never-answered/,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A
,Aggregated,59,2,84,89.1,38,142,2438.0,22.12,0.75,84,87,93,96,130,140,140,140,140,140,140
"""


def result(address, variant, p50, p95, rps, status=200):
    return {
        "address": address,
        "path": f"/{address.replace(' ', '-')}/",
        "variant": variant,
        "status": status,
        "queries": 0 if address == report.STATIC else 12,
        "bytes": 2048,
        "requests": 100,
        "failures": 0,
        "p50": p50,
        "p95": p95,
        "rps": rps,
    }


def a_run(size=100_000, directory_p95=80.0, cached_home_p50=3.0, skipped=()):
    return {
        "settings": {
            "started": "2026-12-03 20:00 UTC",
            "machine": "2 cores",
            "workers": 2,
            "users": 2,
            "duration": 10,
            "initiatives": 5,
            "events": 1,
            "cache": "Redis (REDIS_URL)",
            "locust": "2.47.0",
        },
        "sizes": [
            {
                "size": size,
                "signatories": size + 42,
                "seed_seconds": 312.4,
                "added": size,
                "publish": {"seconds": 0.118, "queries": [75, 74, 74]},
                "results": [
                    result(report.STATIC, "uncached", 2.0, 4.0, 400.0),
                    result(report.STATIC, "cached", 1.5, 3.0, 500.0, status=304),
                    result("directory", "uncached", 40.0, directory_p95, 50.0),
                    result("home", "cached", cached_home_p50, 6.0, 300.0, status=304),
                ],
            }
        ],
        "skipped": list(skipped),
    }


def test_locust_statistics_are_read_for_the_measured_address():
    stats = report.parse_locust_stats(LOCUST_STATS, "/participants/map.geojson")
    assert stats == {"requests": 59, "failures": 2, "rps": 22.12, "p50": 84.0, "p95": 140.0}


def test_an_address_locust_never_timed_has_no_percentiles_rather_than_zeros():
    stats = report.parse_locust_stats(LOCUST_STATS, "/never-answered/")
    assert stats["requests"] == 0
    assert stats["p50"] is None and stats["p95"] is None


def test_an_address_that_never_answered_in_the_run_has_no_figures_rather_than_an_error():
    stats = report.parse_locust_stats(LOCUST_STATS, "/participants/")
    assert stats == {"requests": 0, "failures": 0, "rps": 0.0, "p50": None, "p95": None}


def test_percentiles_come_from_every_sample_to_the_fraction_of_a_millisecond():
    samples = [1.25, 1.5, 1.75, 2.0, 100.0]
    assert report.percentile(samples, 0.5) == 1.75
    assert report.percentile(list(range(1, 102)), 0.95) == pytest.approx(96.0)
    assert report.percentile([], 0.95) is None


def test_figures_come_from_the_samples_with_the_rate_over_the_time_requests_ran():
    # Two users, each with one 7.5 s request that ended after a 5 s run: 2 in 7.5 s.
    samples = [[1000.0, 7500.0], [1000.0, 7500.0]]
    assert report.from_samples(samples) == {"p50": 7500.0, "p95": 7500.0, "rps": 2 / 7.5}
    assert report.from_samples([])["p50"] is None


def test_each_figure_is_divided_by_the_static_files_in_the_same_variant():
    rows = {
        (row["address"], row["variant"]): row
        for row in report.with_ratios(a_run()["sizes"][0]["results"])
    }
    directory = rows[("directory", "uncached")]
    assert (directory["p50_ratio"], directory["p95_ratio"]) == (20.0, 20.0)
    assert directory["rps_ratio"] == 0.125
    assert rows[("home", "cached")]["p50_ratio"] == 2.0  # 3.0 / the cached static's 1.5
    assert rows[(report.STATIC, "cached")]["p50_ratio"] == 1.0


def test_budgets_are_checked_at_100000_signatories():
    checks = {check["what"]: check for check in report.check_budgets(a_run())}
    assert checks["directory: p95 uncached"]["met"] is True
    assert checks["GeoJSON: p95 uncached"]["met"] is None  # not measured in this run
    assert checks["home: p50 cached, x static"]["met"] is True  # exactly 2x is within 2x
    assert report.all_met(a_run())


def test_a_slow_directory_or_a_slow_cached_page_misses_its_budget():
    slow = a_run(directory_p95=100.0, cached_home_p50=3.1)
    missed = [check["what"] for check in report.check_budgets(slow) if check["met"] is False]
    assert missed == ["directory: p95 uncached", "home: p50 cached, x static"]
    assert not report.all_met(slow)
    assert "| directory: p95 uncached | < 100 ms | 100.0 | **missed** |" in (
        report.render_markdown(slow)
    )


def test_an_error_page_meets_no_budget_however_fast():
    run = a_run()
    directory = run["sizes"][0]["results"][2]
    directory.update(status=500, p95=5.0)
    checks = {check["what"]: check for check in report.check_budgets(run)}
    assert checks["directory: p95 uncached"]["met"] is False


def test_a_page_over_20_queries_misses_the_query_budget():
    run = a_run()
    run["sizes"][0]["results"][2]["queries"] = 21
    checks = {check["what"]: check for check in report.check_budgets(run)}
    assert checks["directory: queries"]["met"] is False
    assert "home: queries" not in checks  # only measured cached in this run


def test_queries_that_grow_from_the_smallest_size_to_the_largest_miss_flatness():
    small, large = a_run(size=1_000), a_run(size=100_000)
    large["sizes"][0]["results"][2]["queries"] = 13  # the directory: 12 at 1,000
    run = {**large, "sizes": small["sizes"] + large["sizes"]}
    checks = {check["what"]: check for check in report.check_budgets(run)}
    assert checks["directory: queries uncached, flat from 1,000"]["met"] is False
    assert checks["home: queries cached, flat from 1,000"]["met"] is True
    assert checks["directory: queries uncached, flat from 1,000"]["size"] == 100_000


def test_the_report_lists_every_address_with_its_ratios_and_the_seed_and_publish_costs():
    text = report.render_markdown(a_run())
    assert "## 100,042 signatories" in text
    assert "Seeded in 312 s (100,000 added). One publish of a signatory page: 118 ms" in text
    assert "75/74/74 queries" in text
    assert "| directory `/directory/` | uncached | 200 | 12 | 2.0 | 40.0 | 80.0 | 50.0 " in text
    assert "| 20.0 | 20.0 | 0.12 |" in text
    assert "## Budgets at 100,000 signatories" in text
    assert "this run stopped" not in text


def test_a_run_that_stopped_early_says_where_and_why_and_checks_the_largest_size():
    skipped = {"size": 100_000, "reason": "seeding would take about 48 min at the pace so far."}
    text = report.render_markdown(a_run(size=10_000, skipped=[skipped]))
    assert "**100,000 signatories not measured**: seeding would take about 48 min" in text
    assert "## Budgets at 10,000 signatories" in text
    assert "The budgets are set at 100,000; this run stopped at 10,000." in text


def test_a_size_whose_seeding_would_overrun_the_time_left_is_skipped_with_the_forecast():
    assert load.forecast(to_add=90_000, pace=0.02, seconds_left=1_000) == 1_800
    assert load.forecast(to_add=9_000, pace=0.02, seconds_left=1_000) is None
    assert load.forecast(to_add=9_000, pace=None, seconds_left=1_000) is None  # first size


def test_only_known_addresses_are_measured_and_always_beside_the_static_file():
    arguments = load.parse_arguments(["--only", "GeoJSON", "good practices ?q=", "--query", "x"])
    found = {"static": "/static/css/site.abc.css", "signatory": "/participants/a/"}
    assert load.addresses(arguments, found) == {
        report.STATIC: "/static/css/site.abc.css",
        "GeoJSON": "/participants/map.geojson",
        "good practices ?q=": "/good-practices/?q=x",
    }
    with pytest.raises(SystemExit, match="no address named 'map'"):
        load.addresses(load.parse_arguments(["--only", "map"]), found)


@pytest.mark.django_db
def test_the_server_says_how_many_queries_each_answer_took(client, settings, home_page):
    settings.MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *settings.MIDDLEWARE]
    client.get("/")  # the first request fills the caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    assert int(response[HEADER]) == len(captured.captured_queries) > 0


def _settings_module(name):
    """A settings module imported as a server would, with what production requires, apart
    from the settings in use."""
    saved = {key: sys.modules.pop(key, None) for key in (name, "pactsite.settings.production")}
    try:
        env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "pact.example.org"}
        with mock.patch.dict(os.environ, env):
            return importlib.import_module(name)
    finally:
        for key, module in saved.items():
            sys.modules.pop(key, None)
            if module is not None:
                sys.modules[key] = module


def test_the_bench_serves_with_productions_settings_plus_the_query_count():
    production = _settings_module("pactsite.settings.production")
    bench = _settings_module("pactsite.settings.bench")
    assert "bench.query_count.QueryCountMiddleware" not in production.MIDDLEWARE
    assert bench.MIDDLEWARE == ["bench.query_count.QueryCountMiddleware", *production.MIDDLEWARE]
    assert bench.DEBUG is False
    assert bench.STORAGES == production.STORAGES
    assert bench.CACHES == production.CACHES
    assert bench.INSTALLED_APPS == [*production.INSTALLED_APPS, "demo"]  # for load_demo
