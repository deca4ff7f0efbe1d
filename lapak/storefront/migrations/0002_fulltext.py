"""Full-text indexes over the stemmed document text and its facets, and the catalogue version row.

PostgreSQL: a stored generated column ``text_vector = strip(to_tsvector('simple', text || ' ' ||
facets))`` with a GIN index (the text is stemmed and synonym-normalised in Python, so the 'simple'
configuration must not stem again; no positions are kept, nothing ranks by them); the model does not
know the column, the database keeps it. SQLite: an FTS5 table
over the same two columns, kept in step with the documents by triggers. Both answer the same term
queries (search.py).
"""

from django.db import migrations
from django.utils import timezone

SQLITE_UP = [
    "CREATE VIRTUAL TABLE storefront_search_fts USING fts5(text, facets, "
    "content='storefront_searchdocument', content_rowid='product_id', tokenize='unicode61')",
    "CREATE TRIGGER storefront_search_fts_ai AFTER INSERT ON storefront_searchdocument BEGIN "
    "INSERT INTO storefront_search_fts(rowid, text, facets) VALUES (new.product_id, new.text, new.facets); END",
    "CREATE TRIGGER storefront_search_fts_ad AFTER DELETE ON storefront_searchdocument BEGIN "
    "INSERT INTO storefront_search_fts(storefront_search_fts, rowid, text, facets) "
    "VALUES ('delete', old.product_id, old.text, old.facets); END",
    "CREATE TRIGGER storefront_search_fts_au AFTER UPDATE ON storefront_searchdocument BEGIN "
    "INSERT INTO storefront_search_fts(storefront_search_fts, rowid, text, facets) "
    "VALUES ('delete', old.product_id, old.text, old.facets); "
    "INSERT INTO storefront_search_fts(rowid, text, facets) VALUES (new.product_id, new.text, new.facets); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS storefront_search_fts_au",
    "DROP TRIGGER IF EXISTS storefront_search_fts_ad",
    "DROP TRIGGER IF EXISTS storefront_search_fts_ai",
    "DROP TABLE IF EXISTS storefront_search_fts",
]
POSTGRES_UP = [
    # Stored, so a plan that walks the rank index and checks each row does not re-parse the text.
    "ALTER TABLE storefront_searchdocument ADD COLUMN text_vector tsvector "
    "GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, text || ' ' || facets))) STORED",
    "CREATE INDEX IF NOT EXISTS sf_doc_text_gin ON storefront_searchdocument USING gin (text_vector)",
    "CREATE INDEX IF NOT EXISTS sf_term_pattern ON storefront_searchterm (term text_pattern_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS sf_doc_text_gin",
    "ALTER TABLE storefront_searchdocument DROP COLUMN IF EXISTS text_vector",
    "DROP INDEX IF EXISTS sf_term_pattern",
]


def create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_UP if vendor == "sqlite" else POSTGRES_UP if vendor == "postgresql" else []:
        schema_editor.execute(statement)
    state = apps.get_model("storefront", "CatalogueState")
    state.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": timezone.now()})


def drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_DOWN if vendor == "sqlite" else POSTGRES_DOWN if vendor == "postgresql" else []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("storefront", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
