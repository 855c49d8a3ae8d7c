"""`make bench` (`python -m bench.load`): the site under load at 1,000, 10,000 and 100,000
signatories on PostgreSQL, beside a static file served by the same server in the same run.

For each size: `seed_bench` grows a throwaway database (DATABASE_URL's server, database
<name>_bench, dropped at the end) to that many signatories, timed; one publish of a signatory
page is timed and its queries counted; gunicorn serves the site with pactsite.settings.bench
(production's settings: DEBUG off, manifest static files collected into a temporary folder,
the Redis cache of REDIS_URL under a key prefix of its own, plus a query count in a response
header); locust, in a process of its own on loopback, asks each address for --duration seconds,
first plainly (uncached), then with the ETag of a first answer in If-None-Match (cached).

Seeding stops at the first size that would not fit in --seed-minutes (20) of seeding in all,
judged from the pace of the sizes before; the report says so and checks the budgets at the
largest size measured. Prints the report and writes it (markdown, and JSON beside it) to
--output. Exit status 1 when a budget is missed.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from bench import database, report
from bench.server import REPO, REQUEST_HEADERS, Gunicorn, probe

ADDRESSES = {
    # name: the address, or None where the site says it (bench.inside addresses).
    report.STATIC: None,
    "home": "/",
    "directory": "/participants/",
    "signatory page": None,
    "good practices": "/good-practices/",
    "good practices ?q=": "/good-practices/?q={query}",
    "P listing": "/pact/prevention/",
    "calendar": "/calendar/",
    "calendar feed": "/calendar/feed.ics",
    "sitemap": "/sitemap.xml",
    "API listing": "/api/v2/pages/?type=pact.SignatoryPage",
    "GeoJSON": "/participants/map.geojson",
}
WARM_UP = 2
# The run's Redis keys start with this, so that they are told apart and deleted at the end.
CACHE_PREFIX = f"pactbench{os.getpid()}"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--initiatives", type=int, default=5)
    parser.add_argument("--events", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds per address and variant")
    parser.add_argument("--users", type=int, default=2, help="locust users, none pausing")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed-minutes", type=float, default=20)
    parser.add_argument("--query", default="child", help="the good-practices search words")
    parser.add_argument("--only", nargs="+", help="measure only these addresses (by name)")
    parser.add_argument("--output", type=Path, help="default: bench/results/bench-<time>.md")
    return parser.parse_args(argv)


def main(argv=None):
    arguments = parse_arguments(argv)
    url = os.environ.get("DATABASE_URL", "")
    config = database.postgres_config(url)
    if config is None:
        print(
            "make bench measures PostgreSQL, as production runs: set DATABASE_URL="
            "postgres://postgres@127.0.0.1:5432/pactsite (a database <name>_bench is made on "
            "that server and dropped at the end); REDIS_URL too, for production's cache.",
            file=sys.stderr,
        )
        return 2
    name = f"{config['NAME']}_bench"
    workdir = Path(tempfile.mkdtemp(prefix="pact-bench-"))
    output = arguments.output or REPO / "bench" / "results" / f"bench-{_stamp()}.md"
    env = _environment(url, name, workdir)
    database.recreate(config, name)
    try:
        run = _run(arguments, env, workdir, lambda run: _write(run, output))
    except BaseException:
        print(f"The bench stopped: its logs are in {workdir}", file=sys.stderr)
        raise
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    finally:
        database.drop(config, name)
        _forget_cache(env)
    print(report.render_markdown(run))
    print(f"written to {output} (and {output.with_suffix('.json').name})")
    return 0 if report.all_met(run) else 1


def _write(run, output):
    """The report so far, rewritten after each size: a run stopped on the way keeps what it
    measured."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report.render_markdown(run))
    output.with_suffix(".json").write_text(json.dumps(run, indent=1))


def _environment(url, name, workdir):
    """Every process of the run (setup, server, publish) on the throwaway database and folders,
    with production's persistent connections (60 s, as compose.yaml), and nothing that would
    reach outside the machine: no cache in front to purge, no error reports."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pactsite.settings.bench",
        "DATABASE_URL": database.url_of(url, name),
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private_media"),
        # The sample site's mail goes nowhere.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "PYTHONPATH": str(REPO),
        # Setup's keys under the run's prefix too (each size has its own, see _run).
        "REDIS_KEY_PREFIX": f"{CACHE_PREFIX}-setup",
    }
    for outside in (
        "FRONTEND_CACHE_PURGE_URL",
        "CLOUDFRONT_DISTRIBUTION_ID",
        "CLOUDFLARE_ZONE_ID",
        "SENTRY_DSN",
    ):
        env.pop(outside, None)
    return env


def _run(arguments, env, workdir, written):
    run = {"settings": _settings(arguments, env), "sizes": [], "skipped": []}
    _manage(workdir, env, "migrate", "--noinput")
    _manage(workdir, env, "load_demo")
    _manage(workdir, env, "collectstatic", "--noinput")
    seed_left = arguments.seed_minutes * 60
    pace = None  # seconds per signatory added, from the last seeding
    for size in sorted(arguments.sizes):
        # seed_bench counts its own sample signatories, the demo's come on top: close enough
        # for a forecast; the report gives the real numbers.
        before = _inside(env, "count")["signatories"]
        predicted = forecast(max(size - before, 0), pace, seed_left)
        if predicted is not None:
            run["skipped"].append(_skip(size, predicted, arguments.seed_minutes))
            break
        started = time.monotonic()
        try:
            _manage(workdir, env, *_seed_arguments(arguments, size), timeout=max(seed_left, 60))
        except subprocess.TimeoutExpired:
            run["skipped"].append(_skip(size, None, arguments.seed_minutes))
            break
        seed_seconds = time.monotonic() - started
        seed_left -= seed_seconds
        signatories = _inside(env, "count")["signatories"]
        added = signatories - before
        if added:
            pace = seed_seconds / added
        print(f"{signatories:,} signatories: {added:,} seeded in {seed_seconds:.0f} s", flush=True)
        env_for_size = {**env, "REDIS_KEY_PREFIX": f"{CACHE_PREFIX}-{size}"}
        entry = {
            "size": size,
            "signatories": signatories,
            "seed_seconds": seed_seconds,
            "added": added,
            "publish": _inside(env_for_size, "publish"),
            "results": [],
        }
        print(f"  one publish: {entry['publish']}", flush=True)
        paths = addresses(arguments, _inside(env_for_size, "addresses"))
        with Gunicorn(env_for_size, arguments.workers, workdir / "gunicorn.log") as server:
            for address, path in paths.items():
                entry["results"] += _measure(arguments, server, address, path, workdir)
        run["sizes"].append(entry)
        written(run)
    written(run)
    return run


def forecast(to_add, pace, seconds_left):
    """The seconds seeding `to_add` signatories would take at `pace` (seconds per signatory,
    from the size before) when that is over `seconds_left`; None when it fits, or when there is
    no pace yet (the first size is always seeded)."""
    if pace is None:
        return None
    seconds = to_add * pace
    return seconds if seconds > seconds_left else None


def _seed_arguments(arguments, size):
    return [
        "seed_bench",
        "--signatories",
        str(size),
        "--initiatives",
        str(arguments.initiatives),
        "--events",
        str(arguments.events),
    ]


def _skip(size, predicted_seconds, minutes):
    how = (
        f"seeding would take about {predicted_seconds / 60:.0f} min at the pace so far"
        if predicted_seconds is not None
        else "seeding did not finish in the time left"
    )
    return {"size": size, "reason": f"{how}, beyond the {minutes:g} minutes allowed for seeding."}


def addresses(arguments, found):
    """The addresses to measure, by name, with the static file first."""
    names = arguments.only or list(ADDRESSES)
    paths = {}
    for name in names:
        if name not in ADDRESSES:
            raise SystemExit(f"no address named {name!r}: choose from {', '.join(ADDRESSES)}")
        template = ADDRESSES[name]
        if template is None:
            template = found["static" if name == report.STATIC else "signatory"]
        paths[name] = template.format(query=arguments.query)
    # The static file is the yardstick of every ratio: always measured, first.
    return {report.STATIC: found["static"], **paths}


def _measure(arguments, server, address, path, workdir):
    """The uncached and cached results of one address (cached only when it gives an ETag)."""
    for _ in range(WARM_UP):
        first = probe(server.host, server.port, path)
    results = [_load(arguments, server, address, path, "uncached", first, None, workdir)]
    if first["etag"]:
        again = probe(server.host, server.port, path, etag=first["etag"])
        results.append(
            _load(arguments, server, address, path, "cached", again, first["etag"], workdir)
        )
    return results


def _load(arguments, server, address, path, variant, answer, etag, workdir):
    """One locust run against one address; its figures with what a single request showed."""
    prefix = workdir / "locust"
    samples_path = workdir / "samples.json"
    samples_path.unlink(missing_ok=True)
    headers = {**REQUEST_HEADERS, **({"If-None-Match": etag} if etag else {})}
    command = [
        str(Path(sys.executable).parent / "locust"),
        "--locustfile",
        str(REPO / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(arguments.users),
        "--spawn-rate",
        str(arguments.users),
        "--run-time",
        f"{arguments.duration}s",
        "--host",
        server.base_url,
        "--csv",
        str(prefix),
        # Requests still running when the time is up finish and count: a page slower than
        # --duration still gets figures.
        "--stop-timeout",
        "300",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    locust_env = {
        **os.environ,
        "BENCH_PATH": path,
        "BENCH_HEADERS": json.dumps(headers),
        "BENCH_STATUS": str(answer["status"]),
        "BENCH_SAMPLES": str(samples_path),
    }
    stats_path = Path(f"{prefix}_stats.csv")
    stats_path.unlink(missing_ok=True)
    with open(workdir / "locust.log", "ab") as log:
        subprocess.run(
            command,
            env=locust_env,
            cwd=workdir,
            timeout=arguments.duration + 600,
            stdout=log,
            stderr=log,
            check=False,  # locust exits 1 when a request failed: the report shows the failures
        )
    if not stats_path.exists():
        raise RuntimeError(f"locust wrote no statistics for {path}: see {workdir / 'locust.log'}")
    stats = report.parse_locust_stats(stats_path.read_text(), path)
    if samples_path.exists():
        stats.update(report.from_samples(json.loads(samples_path.read_text())))
    result = {
        "address": address,
        "path": path,
        "variant": variant,
        "status": answer["status"],
        "queries": answer["queries"],
        "bytes": answer["bytes"],
        **stats,
    }
    print(
        f"  {address} {variant}: p50 {report.number(result['p50'], 1)} ms, p95 "
        f"{report.number(result['p95'], 1)} ms, {report.number(result['rps'], 1)} req/s, "
        f"{result['queries']} queries",
        flush=True,
    )
    return result


def _manage(workdir, env, *arguments, timeout=None):
    """A management command with the bench settings; what it prints goes to setup.log."""
    print(f"manage.py {' '.join(arguments)}", flush=True)
    with open(workdir / "setup.log", "ab") as log:
        subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=REPO,
            env=env,
            check=True,
            timeout=timeout,
            stdout=log,
            stderr=log,
        )


def _inside(env, action):
    answer = subprocess.run(
        [sys.executable, "-m", "bench.inside", action],
        cwd=REPO,
        env={**env, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
    )
    if answer.returncode:
        raise RuntimeError(f"bench.inside {action} failed:\n{answer.stderr[-3000:]}")
    return json.loads(answer.stdout.strip().splitlines()[-1])


def _forget_cache(env):
    """Delete the run's keys from REDIS_URL's database (its own prefix: nothing else is
    touched)."""
    if not env.get("REDIS_URL"):
        return
    client = redis.Redis.from_url(env["REDIS_URL"])
    for key in client.scan_iter(f"{CACHE_PREFIX}-*"):
        client.delete(key)


def _settings(arguments, env):
    from importlib.metadata import version

    return {
        "started": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "workers": arguments.workers,
        "users": arguments.users,
        "duration": arguments.duration,
        "initiatives": arguments.initiatives,
        "events": arguments.events,
        "cache": "Redis (REDIS_URL)" if env.get("REDIS_URL") else "in-process (no REDIS_URL)",
        "locust": version("locust"),
    }


def _stamp():
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")


if __name__ == "__main__":
    sys.exit(main())
