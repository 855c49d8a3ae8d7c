"""The number of SQL queries of each request, as an `X-Bench-Queries` response header.

Installed by pactsite/settings/bench.py only, for `make bench`: the load tool runs in another
process and sees nothing but HTTP, so the server says what each answer cost. A database
execute wrapper counts without DEBUG (which would keep every query's text in memory and slow
the server the bench is timing). Queries run while a streamed body is being sent, after the
headers left, are not counted: the bench's addresses are not streamed.
"""

from contextlib import ExitStack

from django.db import connections

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _Counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        response[HEADER] = str(counter.count)
        return response


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
