"""schemathesis against the OpenAPI description the site serves (/api/v2/openapi.json): for each
operation it generates valid and invalid requests from the description and checks every answer
against it (no server error, only documented statuses and content types, bodies matching their
schemas, valid data accepted, invalid data refused). Bounded to a fixed number of examples per
operation, derandomised, and marked slow_checks so CI runs it once.

schemathesis's own pytest plugin does not run under pytest 9, so each operation's cases are
drawn here with Hypothesis directly.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 30
# The WSGI transport hands schemathesis the body as sent, and does not undo gzip as an HTTP
# client would; the answers are checked uncompressed (tests/test_caching.py checks compression).
UNCOMPRESSED = {"Accept-Encoding": "identity"}


def check_operation(operation):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=UNCOMPRESSED)

    run()


@pytest.mark.slow_checks
@pytest.mark.django_db
def test_the_api_answers_as_its_openapi_description_says(demo_site):
    schema = schemathesis.openapi.from_wsgi("/api/v2/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    failures = []
    for operation in operations:
        try:
            check_operation(operation)
        except Exception as error:  # noqa: BLE001 - every operation is tried, failures reported together
            failures.append(f"{operation.label}:\n{error}")
    assert not failures, "\n\n".join(failures)
