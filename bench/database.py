"""A throwaway PostgreSQL database beside the one DATABASE_URL names, for one bench run: made
empty at the start, dropped at the end, on the same server and with the same credentials."""

import dj_database_url
import psycopg2


def postgres_config(url):
    """The parsed DATABASE_URL when it names PostgreSQL, else None (the benches measure what
    production runs, never SQLite)."""
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return dj_database_url.parse(url)


def url_of(url, name):
    """DATABASE_URL with its database replaced by `name` (query options kept)."""
    base, _, rest = url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + (f"?{rest}" if rest else "")


def recreate(config, name):
    drop(config, name)
    _on_server(config, f'CREATE DATABASE "{name}"')


def drop(config, name):
    _on_server(config, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _on_server(config, statement):
    """Run one statement on the server's maintenance database, outside any transaction (as
    CREATE and DROP DATABASE must)."""
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()
