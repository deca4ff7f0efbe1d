"""What every database benchmark does first: its own PostgreSQL database, then Django on it.

Imported by the benchmark scripts (``python benchmarks/NAME.py`` puts this folder on ``sys.path``).
"""

from __future__ import annotations

import os


def create_database(url: str, *, fresh: bool) -> None:
    """Create the benchmark's database; ``fresh`` drops an existing one first (else it is kept)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if exists and fresh:
            connection.execute(f'drop database "{name}" with (force)')
        if fresh or not exists:
            connection.execute(f'create database "{name}"')


def setup_django(url: str) -> None:
    """Django on ``url`` with benchmark keys (never the test settings)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapak.settings")
    os.environ["LAPAK_TESTING"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key")
    os.environ.setdefault("LAPAK_FIELD_KEY", "benchmark-field-key")
    import django

    django.setup()
