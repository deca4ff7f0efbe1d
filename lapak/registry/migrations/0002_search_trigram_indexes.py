"""Trigram indexes for the list's free-text search on PostgreSQL.

Django's ``icontains`` becomes ``UPPER(col::text) LIKE UPPER('%…%')``; a GIN trigram index on the same
expression serves it, so a search over a million businesses does not read the whole table. SQLite has no
such index and does not need one at its scale, so the migration does nothing there.
"""

from django.db import migrations

SEARCH_COLUMNS = ("name", "brand", "owner_name")


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCH_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS biz_{column}_trgm ON registry_business "
            f"USING gin (upper({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCH_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS biz_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
