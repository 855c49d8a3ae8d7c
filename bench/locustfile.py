"""The load of one bench run, read by locust in a process of its own (started by bench/load.py):
one address, asked again and again with no pause by each simulated user.

Environment: BENCH_PATH (the address), BENCH_HEADERS (a JSON object of request headers, with
If-None-Match for the cached variant), BENCH_STATUS (the status every answer must have, else it
counts as a failure) and BENCH_SAMPLES (a file where every successful request is written when
the run stops, as [the Unix time it ended, its milliseconds]). The samples give exact
percentiles, where locust's own statistics round anything under 100 ms to whole milliseconds
(too coarse beside a static file that answers in one or two), and requests per second over the
time requests were running, which locust's figure gets wrong when a few slow requests finish
after the end of the run.
"""

import json
import os
import time

from locust import FastHttpUser, constant, events, task

PATH = os.environ["BENCH_PATH"]
HEADERS = json.loads(os.environ.get("BENCH_HEADERS", "{}"))
STATUS = int(os.environ.get("BENCH_STATUS", "200"))
SAMPLES = []


@events.request.add_listener
def _record(response_time, exception, **kwargs):
    if exception is None:
        SAMPLES.append((time.time(), response_time))


@events.test_stop.add_listener
def _write(**kwargs):
    path = os.environ.get("BENCH_SAMPLES")
    if path:
        with open(path, "w") as samples:
            json.dump(SAMPLES, samples)


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self):
        with self.client.get(PATH, headers=HEADERS, name=PATH, catch_response=True) as response:
            if response.status_code != STATUS:
                response.failure(f"answered {response.status_code}, not {STATUS}")
