"""`python -m bench [N ...]`: time the directory, its map data and a signatory page with N
signatories (default 50 and 300), each in a throwaway SQLite database, and print the figures.

The goal: the directory and the GeoJSON stay under 250 ms at 300 signatories on a developer's
machine, and their number of SQL queries does not grow with N.
"""

import io
import os
import statistics
import sys
import tempfile
import time

GOAL_MS = 250
ROUNDS = 7


def main(sizes):
    workdir = tempfile.mkdtemp(prefix="pact-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "pactsite.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())  # home, directory, 42 signatories
    client = Client()
    print(f"{'signatories':>11}  {'address':<42} {'median ms':>9} {'max ms':>7} {'queries':>7}")
    failed = False
    for size in sizes:
        _grow_to(size)
        signatory_url = _a_signatory_url()
        for url in (
            "/participants/",
            "/participants/?p=prevention&page=2",
            "/participants/map.geojson",
            signatory_url,
        ):
            client.get(url)  # warm up: renditions, template loading
            timings = []
            for _ in range(ROUNDS):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            median = statistics.median(timings)
            failed |= median > GOAL_MS
            print(
                f"{size:>11}  {url:<42} {median:>9.1f} {max(timings):>7.1f} "
                f"{len(captured.captured_queries):>7}"
            )
    print(f"goal: median under {GOAL_MS} ms: {'missed' if failed else 'met'}")
    return 1 if failed else 0


def _grow_to(size):
    """Adds generated signatories (with one initiative each) until there are `size`."""
    import datetime

    from demo.pages import add_live
    from pact.models import FourP, InitiativePage, SignatoryIndexPage, SignatoryPage

    directory = SignatoryIndexPage.objects.get()
    prevention = FourP.objects.get(slug="prevention")
    countries = ["FR", "DE", "IT", "ES", "PL", "SE", "GR", "PT", "NL", "BE", "HR", "NO", "IE"]
    number = SignatoryPage.objects.count()
    while number < size:
        signatory = SignatoryPage(
            title=f"Benchmark town {number:04d}",
            slug=f"benchmark-town-{number:04d}",
            profile="authority",
            kind="municipality",
            country=countries[number % len(countries)],
            latitude=36 + (number * 7) % 30,
            longitude=-8 + (number * 11) % 40,
            signed_on=datetime.date(2015, 1, 1),
        )
        add_live(directory, signatory)
        initiative = InitiativePage(title="Training", slug="training", summary="Benchmark.")
        initiative.ps.add(prevention)
        add_live(signatory, initiative)
        number += 1


def _a_signatory_url():
    from pact.models import SignatoryPage

    return SignatoryPage.objects.live().order_by("pk").first().url


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:]] or [50, 300]
    sys.exit(main(sizes))
