"""`python -m bench.search [N ...]`: time site search on PostgreSQL's full-text search (the
default database backend) with N initiatives (default 1000 and 3000), to tell when to
move search to an OpenSearch/Elasticsearch cluster (README.md, "Search backends").

Runs on the PostgreSQL server of DATABASE_URL, in a throwaway database of its own
(<name>_bench_search, dropped at the end); says so and does nothing on SQLite, whose FTS5 is not
what production runs. Each initiative has a generated summary of 30 words drawn from a
vocabulary of 400, so a common word matches a few percent of them and ranking has real work.

Timed, median of ROUNDS after a warm-up: /search/?q= with a common word and with a rare one,
the good-practices box and the API's ?search=. The goal: every median under GOAL_MS.
"""

import os
import random
import statistics
import sys
import time

from bench import database

GOAL_MS = 500
ROUNDS = 5
VOCABULARY = [f"word{number:03d}" for number in range(400)]
QUERIES = {
    "/search/?q=training": "4%",
    "/search/?q=lantern": "none",
    "/good-practices/?q=training": "4%",
    "/api/v2/pages/?type=pact.InitiativePage&search=training": "4%",
}


def main(sizes):
    url = os.environ.get("DATABASE_URL", "")
    config = database.postgres_config(url)
    if config is None:
        print(
            "bench.search: skipped, it measures PostgreSQL's full-text search: set "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/pactsite (its server is used, "
            "in a database of its own)."
        )
        return 0
    name = f"{config['NAME']}_bench_search"
    database.recreate(config, name)
    os.environ["DATABASE_URL"] = database.url_of(url, name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pactsite.settings.test"
    try:
        return _run(sizes)
    finally:
        from django.db import connections

        connections.close_all()
        database.drop(config, name)


def _run(sizes):
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    print(f"{'initiatives':>11}  {'address':<58} {'matches':<7} {'median ms':>9} {'max ms':>7}")
    failed = False
    for size in sizes:
        started = time.perf_counter()
        _grow_to(size)
        grown = time.perf_counter() - started
        print(f"{size:>11}  (made and indexed in {grown:.0f} s)")
        for url, kind in QUERIES.items():
            assert client.get(url).status_code == 200, url  # warm up
            timings = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
            median = statistics.median(timings)
            failed |= median > GOAL_MS
            print(f"{size:>11}  {url:<58} {kind:<7} {median:>9.1f} {max(timings):>7.1f}")
    print(f"goal: median under {GOAL_MS} ms: {'missed' if failed else 'met'}")
    return 1 if failed else 0


def _grow_to(size):
    """Adds live initiatives, 20 to a generated signatory, until there are `size`; each is
    indexed as a save indexes it."""
    from pact.models import FourP, InitiativePage, SignatoryIndexPage, SignatoryPage

    directory = SignatoryIndexPage.objects.get()
    prevention = FourP.objects.get(slug="prevention")
    words = random.Random(size)
    number = InitiativePage.objects.count()
    signatory = None
    while number < size:
        if signatory is None or number % 20 == 0:
            signatory = directory.add_child(
                instance=SignatoryPage(
                    title=f"Search bench town {number:05d}",
                    slug=f"search-bench-town-{number:05d}",
                    profile="authority",
                    kind="municipality",
                    country="FR",
                )
            )
        summary = " ".join(words.choice(VOCABULARY) for _ in range(30))
        if number % 25 == 0:
            summary += " training"
        initiative = InitiativePage(
            title=f"Initiative {number:05d}", slug=f"initiative-{number:05d}", summary=summary
        )
        signatory.add_child(instance=initiative)
        initiative.ps.add(prevention)
        initiative.save()
        number += 1


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 3000]
    sys.exit(main(sizes))
