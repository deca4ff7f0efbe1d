"""What every database benchmark does first: its own PostgreSQL database, then Django on it.

Imported by the benchmark scripts (``python benchmarks/NAME.py`` puts this folder on ``sys.path``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable


def create_database(url: str, *, fresh: bool) -> None:
    """Create the benchmark's database; ``fresh`` drops an existing one first (else it is kept)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    if fresh:
        drop_database(url)
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            connection.execute(f'create database "{name}"')


def drop_database(url: str) -> None:
    """Drop the benchmark's database if it is there (open connections are closed by force)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'drop database if exists "{name}" with (force)')


def setup_django(url: str) -> None:
    """Django on ``url`` with benchmark keys (never the test settings)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapak.settings")
    os.environ["LAPAK_TESTING"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key")
    os.environ.setdefault("LAPAK_FIELD_KEY", "benchmark-field-key")
    os.environ.setdefault("LAPAK_2FA_REQUIRED", "0")  # the demo users sign in with a password only
    import django

    django.setup()


def businesses_ready(
    size: int, *, rebuild: bool, before_load: Callable[[], None] | None = None
) -> float | None:
    """Migrate, load the regions and exactly ``size`` generated businesses (kept between runs of the same
    size; ``rebuild`` starts over), vacuumed and analysed. Returns the load time in seconds when it
    loaded, else ``None``. ``before_load`` runs just before a load (e.g. to choose the field key)."""
    from django.core.management import call_command
    from django.db import connection

    from lapak.regions.models import Region
    from lapak.regions.services import regions_load
    from lapak.registry.demo import businesses_insert
    from lapak.registry.models import Business

    call_command("migrate", "--noinput", verbosity=0)
    if not Region.objects.filter(code="35").exists():
        regions_load()
    current = Business.objects.count()
    loaded = None
    if current != size or rebuild:
        print(f"# loading {size:,} businesses (found {current:,})", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("truncate registry_legalitydocument, registry_business cascade")
        if before_load is not None:
            before_load()
        started = time.perf_counter()
        businesses_insert(size=size)
        loaded = time.perf_counter() - started
    # Autovacuum keeps a production table vacuumed; do it now so index-only counts see the visibility map.
    with connection.cursor() as cursor:
        cursor.execute("vacuum analyze registry_business")
    return loaded
