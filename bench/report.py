"""Reading locust's results and writing the bench's report: pure functions, no I/O but the
text they are given, so tests/test_bench.py can check them without a load run.

A run is a plain dict (it is also written as JSON beside the markdown):
{"settings": {...}, "sizes": [{"size", "signatories", "seed_seconds", "added", "publish",
"results": [{"address", "path", "variant", "status", "queries", "bytes", "requests",
"failures", "p50", "p95", "rps"}]}], "skipped": [{"size", "reason"}]}.
"""

import csv
import io
import operator
import statistics
from functools import partial

STATIC = "static file"
# The budgets, at BUDGET_SIZE signatories: p95 in milliseconds, uncached.
BUDGET_SIZE = 100_000
P95_BUDGETS = {
    "directory": 100,
    "signatory page": 100,
    "API listing": 100,
    "good practices ?q=": 300,
    "GeoJSON": 500,
}
# Cached answers (a 304 to If-None-Match): median within this many times the static file's.
CACHED_RATIO = 2
# Every public page: at most this many SQL queries, and as many at the largest size as at the
# smallest (the machine outputs are held to "flat" only).
QUERY_BUDGET = 20
PAGES = {
    "home",
    "directory",
    "signatory page",
    "good practices",
    "good practices ?q=",
    "P listing",
    "calendar",
}


def parse_locust_stats(text, name):
    """The row `name` of locust's `<prefix>_stats.csv`: requests, failures, requests per second
    and locust's own (rounded) p50/p95, None where locust wrote N/A or has no row."""
    for row in csv.DictReader(io.StringIO(text)):
        if row["Name"] == name:
            return {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": _csv_number(row["Requests/s"]),
                "p50": _csv_number(row["50%"]),
                "p95": _csv_number(row["95%"]),
            }
    # No row: not one request finished (locust lists only addresses that answered).
    return {"requests": 0, "failures": 0, "rps": 0.0, "p50": None, "p95": None}


def _csv_number(text):
    return None if text in ("", "N/A") else float(text)


def from_samples(samples):
    """p50, p95 and requests per second of the locustfile's samples ([end time in seconds,
    milliseconds] per request): the rate over the time from the first request's start to the
    last one's end."""
    if not samples:
        return {"p50": None, "p95": None, "rps": 0.0}
    times = [milliseconds for _, milliseconds in samples]
    first_start = min(ended - milliseconds / 1000 for ended, milliseconds in samples)
    last_end = max(ended for ended, _ in samples)
    return {
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "rps": len(samples) / (last_end - first_start) if last_end > first_start else None,
    }


def percentile(samples, fraction):
    """The value below which `fraction` of the samples fall, linearly interpolated (the
    `inclusive` method of statistics.quantiles); None without samples."""
    if not samples:
        return None
    if len(samples) == 1:
        return float(samples[0])
    return statistics.quantiles(samples, n=100, method="inclusive")[round(fraction * 100) - 1]


def with_ratios(results):
    """Each result with p50, p95 and requests per second divided by the static file's in the
    same variant (None where either is missing)."""
    static = {r["variant"]: r for r in results if r["address"] == STATIC}
    rows = []
    for result in results:
        reference = static.get(result["variant"], {})
        rows.append(
            {
                **result,
                **{
                    f"{key}_ratio": _ratio(result.get(key), reference.get(key))
                    for key in ("p50", "p95", "rps")
                },
            }
        )
    return rows


def _ratio(value, reference):
    if value is None or not reference:
        return None
    return value / reference


def budget_size(run):
    """The size the budgets are checked at: BUDGET_SIZE, or the largest measured below it."""
    sizes = [entry["size"] for entry in run["sizes"]]
    if not sizes:
        return None
    return BUDGET_SIZE if BUDGET_SIZE in sizes else max(sizes)


def check_budgets(run):
    """One line per budget: what, the limit, what was measured, and whether it was met (None
    when the address was not measured)."""
    size = budget_size(run)
    if size is None:
        return []
    entry = next(entry for entry in run["sizes"] if entry["size"] == size)
    rows = with_ratios(entry["results"])
    by_key = {(row["address"], row["variant"]): row for row in rows}
    checks = []
    for address, limit in P95_BUDGETS.items():
        row = by_key.get((address, "uncached"))
        what = f"{address}: p95 uncached"
        checks.append(_check(size, what, f"< {limit} ms", row, "p95", partial(operator.gt, limit)))
    for row in rows:
        if row["variant"] == "cached" and row["address"] != STATIC:
            what = f"{row['address']}: p50 cached, x static"
            within = partial(operator.ge, CACHED_RATIO)
            checks.append(_check(size, what, f"<= {CACHED_RATIO}x", row, "p50_ratio", within))
    for row in rows:
        if row["variant"] == "uncached" and row["address"] in PAGES:
            what = f"{row['address']}: queries"
            within = partial(operator.ge, QUERY_BUDGET)
            checks.append(_check(size, what, f"<= {QUERY_BUDGET}", row, "queries", within))
    return checks + _flat_checks(run)


def _flat_checks(run):
    """Each address's queries at the largest size against the smallest: no more."""
    if len(run["sizes"]) < 2:
        return []
    smallest, largest = run["sizes"][0], run["sizes"][-1]
    before = {(row["address"], row["variant"]): row["queries"] for row in smallest["results"]}
    checks = []
    for row in largest["results"]:
        was = before.get((row["address"], row["variant"]))
        if was is None or row["queries"] is None:
            continue
        what = f"{row['address']}: queries {row['variant']}, flat from {smallest['size']:,}"
        within = partial(operator.ge, was)
        checks.append(_check(largest["size"], what, f"<= {was}", row, "queries", within))
    return checks


def _check(size, what, limit, row, key, within):
    """A budget is met when the figure is within its limit and the answer was not an error (a
    fast error page meets nothing); None when the address was not measured."""
    measured = row[key] if row else None
    met = None
    if measured is not None:
        met = within(measured) and row["status"] < 400 and not row["failures"]
    return {"size": size, "what": what, "limit": limit, "measured": measured, "met": met}


def render_markdown(run):
    """The report: how it was run, then per size the seed and publish costs and a table of
    every address and variant, then the budgets."""
    settings = run["settings"]
    lines = [
        f"# Bench results, {settings['started']}",
        "",
        f"{settings['machine']}; gunicorn, {settings['workers']} workers, bench settings "
        f"(production's plus a query count); cache: {settings['cache']}; load: locust "
        f"{settings['locust']}, {settings['users']} users with no pause, "
        f"{settings['duration']} s per address and variant, on loopback. Each signatory has "
        f"{settings['initiatives']} initiatives and {settings['events']} event(s).",
        "",
        "Times in milliseconds; `x static` divides by the static file's figure in the same "
        "variant. `uncached`: a plain GET (no front cache; the application's cache as in "
        "production, warmed); `cached`: the same GET with the ETag of a first answer in "
        "If-None-Match.",
    ]
    for skipped in run["skipped"]:
        lines += ["", f"**{skipped['size']:,} signatories not measured**: {skipped['reason']}"]
    for entry in run["sizes"]:
        publish = entry["publish"]
        lines += [
            "",
            f"## {entry['signatories']:,} signatories",
            "",
            f"Seeded in {entry['seed_seconds']:.0f} s ({entry['added']:,} added). One publish of "
            f"a signatory page: {publish['seconds'] * 1000:.0f} ms, "
            f"{'/'.join(str(q) for q in publish['queries'])} queries.",
            "",
            "| address | variant | status | queries | KB | p50 | p95 | req/s "
            "| p50 x static | p95 x static | req/s x static |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in with_ratios(entry["results"]):
            lines.append(
                f"| {row['address']} `{row['path']}` | {row['variant']} | {row['status']} "
                f"| {number(row['queries'])} | {row['bytes'] / 1024:.1f} "
                f"| {number(row['p50'], 1)} | {number(row['p95'], 1)} | {number(row['rps'], 1)} "
                f"| {number(row['p50_ratio'], 1)} | {number(row['p95_ratio'], 1)} "
                f"| {number(row['rps_ratio'], 2)} |"
                + (f" {row['failures']} failed" if row["failures"] else "")
            )
    checks = check_budgets(run)
    if checks:
        size = checks[0]["size"]
        lines += ["", f"## Budgets at {size:,} signatories"]
        if size != BUDGET_SIZE:
            lines += ["", f"The budgets are set at {BUDGET_SIZE:,}; this run stopped at {size:,}."]
        lines += ["", "| budget | limit | measured | |", "|---|---|---|---|"]
        for check in checks:
            verdict = {True: "met", False: "**missed**", None: "not measured"}[check["met"]]
            lines.append(
                f"| {check['what']} | {check['limit']} | {number(check['measured'], 1)} "
                f"| {verdict} |"
            )
    return "\n".join(lines) + "\n"


def number(value, decimals=0):
    return "n/a" if value is None else f"{value:.{decimals}f}"


def all_met(run):
    return all(check["met"] is not False for check in check_budgets(run))
