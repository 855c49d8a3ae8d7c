"""Real server processes in tests (tests/test_caching.py, tests/test_two_servers.py): gunicorn
processes on sockets the test binds first, reading the test's committed data.

The test binds each listening socket before its server starts and hands it over (gunicorn's
`--bind fd://N`): a request waits in the socket's backlog until the server is ready, so no test
polls for a server to come up.
"""

import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

PROJECT = Path(__file__).resolve().parent.parent


def database_url_for_other_processes(tmp_path):
    """Where other processes find this test's committed data: a copy of the in-memory SQLite
    test database in one file, or the PostgreSQL test database itself."""
    if connection.vendor == "sqlite":
        database = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{database}"
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    user = f"{quote(db['USER'], safe='')}{password}@" if db["USER"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{host}/{db['NAME']}"


def free_socket():
    """A listening socket on a free port of 127.0.0.1, for a server to be handed."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    return listener


def start_gunicorn(listener, env, log=subprocess.DEVNULL):
    """One gunicorn process (one worker) serving the site on `listener`, with `env` as its
    whole environment."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "pactsite.wsgi:application",
            "--workers=1",
            f"--bind=fd://{listener.fileno()}",
        ],
        cwd=PROJECT,
        env=env,
        pass_fds=[listener.fileno()],
        stdout=log,
        stderr=log,
    )


def stop(servers):
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=60)
