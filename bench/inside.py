"""What bench/load.py asks of the site from inside, in a process of its own with the bench
settings and database (so the orchestrator itself never loads Django, whose state would outlive
a size): `python -m bench.inside ACTION` prints one JSON object.

- `count`: how many live signatories there are.
- `addresses`: the static file to compare with (its hashed, manifest address) and the page of
  a signatory in the middle of the directory.
- `publish`: the cost of publishing that signatory's page as an editor does (a new revision,
  then publish, with every signal handler that follows: search index, caches, precomputed
  data), ROUNDS times: the median seconds and the queries of each.
"""

import json
import statistics
import sys
import time

# The site's modules are imported inside each action: Django is set up only when this runs as
# a program (below), after the bench settings are in place.
ROUNDS = 3
STATIC_FILE = "css/site.css"


def count():
    from pact.models import SignatoryPage

    return {"signatories": SignatoryPage.objects.live().count()}


def addresses():
    from django.templatetags.static import static

    return {"static": static(STATIC_FILE), "signatory": _middle_signatory().get_url_parts()[2]}


def publish():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pact.models import SignatoryPage

    pk = _middle_signatory().pk
    seconds, queries = [], []
    for _ in range(ROUNDS):
        page = SignatoryPage.objects.get(pk=pk)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            page.save_revision().publish()
            seconds.append(time.perf_counter() - started)
        queries.append(len(captured.captured_queries))
    return {"seconds": statistics.median(seconds), "queries": queries}


def _middle_signatory():
    from pact.models import SignatoryPage

    live = SignatoryPage.objects.live().order_by("pk")
    return live[live.count() // 2]


ACTIONS = {"count": count, "addresses": addresses, "publish": publish}

if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(ACTIONS[sys.argv[1]]()))
