"""Indonesian normalisation of names, owners, phones and addresses, written once as DuckDB SQL.

Row-wise cleaning (case, punctuation, RT/RW forms, phone prefixes) is done by SQL macros made of regular
expressions. Word look-ups (spelling variants, legal forms, honorifics, product words) are a join of the
words against a small vocabulary table, then a re-aggregation per record sorted by position: measured on a
million names this took 0.4 s where a MAP constant looked up inside a lambda took ten minutes (DuckDB
builds the constant again for every row).

``install(connection)`` creates the macros and the vocabulary table; ``prepare_sql(relation)`` is the
SELECT that turns raw input rows into the columns the model compares. ``normalise_texts`` runs the very
same SQL over a list of strings, for tests and for showing a normalised value in the review screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

import duckdb
import pyarrow as pa

from . import vocabulary as v

VOCABULARY_TABLE = "lk_vocabulary"
TextKind = Literal["name", "owner", "phone", "address"]

# Row-wise macros. The \b of RE2 is ASCII-only, which is fine once strip_accents has run.
_MACROS = r"""
CREATE OR REPLACE MACRO lk_clean_name(s) AS trim(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(regexp_replace(lower(strip_accents(s)),
        '\b([a-z])\.\s?([a-z])\.', '\1\2', 'g'),
        'oleh[\s-]*(oleh|2)', 'oleholeh', 'g'),
        '&', ' dan ', 'g'),
        '[^a-z0-9]+', ' ', 'g'),
        '\s+', ' ', 'g'));

CREATE OR REPLACE MACRO lk_clean_owner(s) AS trim(regexp_replace(regexp_replace(
    split_part(lower(strip_accents(s)), ',', 1),
        '\b[smad]\.\s?({titles_with_dot})\b\.?', ' ', 'g'),
        '[^a-z]+', ' ', 'g'));

CREATE OR REPLACE MACRO lk_phone_digits(s) AS regexp_replace(
    regexp_replace(trim(s), '^(\+?[0-9]+)\.0+$', '\1'), '[\s.()/-]+', '', 'g');
CREATE OR REPLACE MACRO lk_phone_national(d) AS regexp_replace(
    CASE WHEN d LIKE '+62%' THEN d[4:] WHEN d LIKE '0062%' THEN d[5:] WHEN d LIKE '62%' THEN d[3:]
         WHEN d LIKE '+%' THEN NULL ELSE d END, '^0', '');
CREATE OR REPLACE MACRO lk_phone_valid(n) AS CASE WHEN regexp_full_match(n, '[2-9][0-9]{{7,11}}') THEN n END;
CREATE OR REPLACE MACRO lk_phone(s) AS lk_phone_valid(lk_phone_national(lk_phone_digits(s)));

CREATE OR REPLACE MACRO lk_clean_address(s) AS trim(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(regexp_replace(regexp_replace(lower(strip_accents(s)),
        '\brt\s*[./]?\s*rw\b\.?', 'rtrw', 'g'),
        'rtrw\s*[.:]?\s*0*(\d{{1,3}})\s*[/-]\s*0*(\d{{1,3}})', ' rt\1 rw\2 ', 'g'),
        '\b(rt|rw)\s*[.:]?\s*0*(\d{{1,3}})\b', ' \1\2 ', 'g'),
        '(^|[^0-9])0*(\d{{1,3}})\s*/\s*0*(\d{{1,3}})\b', '\1 rt\2 rw\3 ', 'g'),
        '[^a-z0-9]+', ' ', 'g'),
        '\s+', ' ', 'g'));

CREATE OR REPLACE MACRO lk_sound(t) AS left({sound_key}, 4);
"""


def _sound_sql() -> str:
    """A short sound key of a word: old spellings unified, vowels after the first letter dropped, doubled
    letters collapsed ("Muhammad" and "Muhamad" both become "mhmd", "Soekarno" and "Sukarno" "skrn").
    RE2 has no back-references, so each doubled letter gets its own replacement."""
    sql = "regexp_replace(regexp_replace(regexp_replace(regexp_replace(t, 'oe', 'u', 'g'), 'dj', 'j', 'g'),"
    sql += " '(kh|ch)', 'k', 'g'), '(.)[aiueoy]+', '\\1', 'g')"
    for letter in "bcdfghjklmnpqrstvwxz":
        sql = f"regexp_replace({sql}, '{letter}{letter}+', '{letter}', 'g')"
    return sql


def macro_sql() -> str:
    """The CREATE MACRO statements of the row-wise cleaning."""
    titles_with_dot = "pd|pdi|e|h|kom|ag|sos|ip|t|si|kep|ked|farm|hum|kes|md|mm|psi|ak|p|sn|th|km"
    return _MACROS.format(
        titles_with_dot=titles_with_dot,
        sound_key=_sound_sql(),
    )


def vocabulary_rows() -> list[tuple[str, str, str, str]]:
    """(field, token, canonical, kind) rows; kind is 'stop', 'product', 'filler' or 'word'."""
    rows: list[tuple[str, str, str, str]] = []
    name_kinds = {
        **dict.fromkeys(v.FILLERS, "filler"),
        **dict.fromkeys(v.PRODUCT_WORDS, "product"),
        **dict.fromkeys(v.LEGAL_FORMS | v.HONORIFICS, "stop"),
    }
    name_map = {**{w: w for w in name_kinds}, **v.NAME_VARIANTS}
    for token, canonical in sorted(name_map.items()):
        rows.append(("name", token, canonical, name_kinds.get(canonical, "word")))
    owner_kinds = dict.fromkeys(v.HONORIFICS | v.TITLES, "stop")
    owner_map = {**{w: w for w in owner_kinds}, **v.OWNER_VARIANTS}
    for token, canonical in sorted(owner_map.items()):
        rows.append(("owner", token, canonical, owner_kinds.get(canonical, "word")))
    address_kinds = {**dict.fromkeys(v.ADDRESS_REGION_WORDS, "region"), "no": "stop"}
    address_map = {**{w: w for w in address_kinds}, **v.ADDRESS_VARIANTS}
    for token, canonical in sorted(address_map.items()):
        rows.append(("address", token, canonical, address_kinds.get(canonical, "word")))
    return rows


def install(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the normalisation macros and the vocabulary table on ``connection`` (idempotent)."""
    connection.execute(macro_sql())
    rows = vocabulary_rows()
    table = pa.table(
        {name: [row[i] for row in rows] for i, name in enumerate(("field", "token", "canonical", "kind"))}
    )
    connection.register("lk_vocabulary_arrow", table)
    connection.execute(f"CREATE OR REPLACE TABLE {VOCABULARY_TABLE} AS SELECT * FROM lk_vocabulary_arrow")
    connection.unregister("lk_vocabulary_arrow")


def _tokens_sql(relation: str, column: str, clean_macro: str, field: str) -> str:
    """One row per word of ``column``, looked up in the vocabulary (canonical form and kind)."""
    return f"""
    SELECT t.record_id, t.pos, coalesce(w.canonical, t.token) AS token, coalesce(w.kind, 'word') AS kind
    FROM (
        SELECT record_id, unnest(words) AS token, generate_subscripts(words, 1) AS pos
        FROM (SELECT record_id, string_split({clean_macro}({column}), ' ') AS words FROM {relation})
    ) AS t
    LEFT JOIN {VOCABULARY_TABLE} AS w ON w.field = '{field}' AND w.token = t.token
    WHERE t.token <> ''
    """


def _repaired_name_tokens_sql(relation: str) -> str:
    """Name words with typos in product words and legal forms repaired: an unknown word of five letters or
    more, one edit from such a word with the same first letter, is that word ("kerpik" is "keripik").

    Distinct unknown words are few, so the fuzzy join costs little even on millions of names; the same word
    is always repaired the same way, so two names that share a word still share it afterwards.
    """
    return f"""
    WITH t AS ({_tokens_sql(relation, "name", "lk_clean_name", "name")}),
    unknown AS (SELECT DISTINCT token FROM t WHERE kind = 'word' AND length(token) >= 5),
    repair AS (
        -- The nearest word; on a tie the first in alphabetical order, so that every run repairs alike.
        SELECT u.token,
            min({{'distance': damerau_levenshtein(p.token, u.token), 'canonical': p.canonical,
                'kind': p.kind}}) AS best
        FROM unknown AS u JOIN {VOCABULARY_TABLE} AS p
            ON p.field = 'name' AND p.kind IN ('product', 'stop') AND left(p.token, 1) = left(u.token, 1)
        WHERE length(p.token) >= 5 AND abs(length(p.token) - length(u.token)) <= 1
            AND damerau_levenshtein(p.token, u.token) <= 1
        GROUP BY u.token
    )
    SELECT t.record_id, t.pos, coalesce(r.best.canonical, t.token) AS token,
        -- A lone letter is the rest of a mistyped "U..D." or an initial: nothing to compare on.
        CASE WHEN length(t.token) = 1 AND t.token >= 'a' THEN 'stop'
            ELSE coalesce(r.best.kind, t.kind) END AS kind
    FROM t LEFT JOIN repair AS r USING (token)
    """


def _words_sql(tokens_sql: str) -> str:
    """Per record_id, its words as one list of (pos, token, kind) in reading order.

    An unordered list() sorted afterwards per row: ordered aggregates (list(... ORDER BY pos)) cost
    several times more on millions of rows.
    """
    return f"""
    SELECT record_id, list_sort(list({{'pos': pos, 'token': token, 'kind': kind}})) AS words
    FROM ({tokens_sql}) GROUP BY record_id
    """


def _pick(words: str, condition: str) -> str:
    """SQL: the tokens of ``words`` whose struct ``w`` satisfies ``condition``."""
    return f"list_transform(list_filter({words}, lambda w: {condition}), lambda w: w.token)"


def name_parts_sql(relation: str) -> str:
    """Per record_id: name tokens without legal forms and honorifics, split into product and the rest."""
    return f"""
    SELECT record_id, {_pick("words", "w.kind <> 'stop'")} AS name_tokens,
        {_pick("words", "w.kind = 'product'")} AS product_tokens,
        {_pick("words", "w.kind = 'word'")} AS distinct_tokens
    FROM ({_words_sql(_repaired_name_tokens_sql(relation))})
    """


def owner_parts_sql(relation: str) -> str:
    """Per record_id: the owner's name words without honorifics and titles, old spellings unified."""
    return f"""
    SELECT record_id, {_pick("words", "w.kind <> 'stop'")} AS owner_tokens
    FROM ({_words_sql(_tokens_sql(relation, "owner_name", "lk_clean_owner", "owner"))})
    """


def address_parts_sql(relation: str) -> str:
    """Per record_id: the street part of the address in short forms, RT/RW as "rt2 rw3".

    Everything from the first region word ("desa", "kec", ...) on names the region, which the codes
    compare better; an address that starts with its desa keeps its other words.
    """
    tokens = _words_sql(_tokens_sql(relation, "address", "lk_clean_address", "address"))
    region_at = (
        "coalesce(list_min(list_transform(list_filter(words, lambda w: w.kind = 'region'),"
        " lambda w: w.pos)), 0)"
    )
    return f"""
    SELECT record_id, nullif(array_to_string(CASE WHEN len(street) > 0 THEN street ELSE other END, ' '), '')
        AS address_norm
    FROM (
        SELECT record_id,
            {_pick("words", "w.kind = 'word' AND (region_at = 0 OR w.pos < region_at)")} AS street,
            {_pick("words", "w.kind = 'word'")} AS other
        FROM (SELECT record_id, words, {region_at} AS region_at FROM ({tokens}))
    )
    """


SECTORS = ("fashion", "pangan", "kriya", "agro", "herbal", "dagang", "jasa", "lainnya")
"""The values of ``lapak.registry.models.Sector``, repeated so linkage never imports Django models."""


def prepare_sql(relation: str) -> str:
    """SELECT over ``relation`` (the input contract's columns) giving every column the model compares."""
    sectors = ", ".join(f"'{s}'" for s in SECTORS)
    return f"""
    WITH names AS ({name_parts_sql(relation)}), owners AS ({owner_parts_sql(relation)}),
    addresses AS ({address_parts_sql(relation)}),
    parts AS (
        SELECT r.*, coalesce(n.name_tokens, []) AS name_tokens,
            coalesce(n.product_tokens, []) AS product_tokens,
            coalesce(n.distinct_tokens, []) AS distinct_tokens, coalesce(o.owner_tokens, []) AS owner_tokens,
            a.address_norm, coalesce(n.distinct_tokens[1], n.name_tokens[1]) AS first_word
        FROM {relation} AS r LEFT JOIN names AS n USING (record_id) LEFT JOIN owners AS o USING (record_id)
            LEFT JOIN addresses AS a USING (record_id)
    ),
    -- The sound key of each different first word once, not of every record.
    sounds AS (
        SELECT first_word, lk_sound(first_word) AS name_sound FROM (SELECT DISTINCT first_word FROM parts)
    ),
    -- A name one list holds twice in one kecamatan belongs to several businesses there (lists are mostly
    -- free of duplicates): an exact match on it proves less, and the model gets to know that.
    keyed AS (
        SELECT record_id, source,
            coalesce(nullif(trim(kecamatan_code), ''), left(nullif(trim(desa_code), ''), 8),
                nullif(trim(kabkota_code), '')) AS area,
            array_to_string(list_sort(name_tokens), ' ') AS name_key
        FROM parts WHERE len(name_tokens) > 0
    ),
    shared AS (
        SELECT area, name_key FROM keyed GROUP BY area, name_key, source HAVING count(*) > 1
    ),
    ambiguous AS (
        SELECT DISTINCT k.record_id FROM keyed AS k JOIN shared AS s USING (area, name_key)
    )
    SELECT record_id, source,
        nullif(array_to_string(name_tokens, ' '), '') AS name_norm,
        product_tokens, distinct_tokens,
        array_to_string(distinct_tokens, ' ') AS distinct_norm,
        array_to_string(list_sort(distinct_tokens), ' ') AS distinct_sorted,
        product_tokens[1] AS product_key,
        left(distinct_tokens[1], 1) AS distinct_initial,
        s.name_sound,
        nullif(array_to_string(owner_tokens, ' '), '') AS owner_norm,
        owner_tokens,
        nullif(lower(trim(nik_hash)), '') AS nik_hash,
        CASE WHEN regexp_full_match(regexp_replace(nib, '[^0-9]', '', 'g'), '[0-9]{{13}}')
            THEN regexp_replace(nib, '[^0-9]', '', 'g') END AS nib,
        lk_phone(phone) AS phone_norm,
        address_norm,
        nullif(trim(desa_code), '') AS desa_code,
        coalesce(nullif(trim(kecamatan_code), ''), left(nullif(trim(desa_code), ''), 8)) AS kecamatan_code,
        coalesce(nullif(trim(kabkota_code), ''), left(nullif(trim(kecamatan_code), ''), 5),
            left(nullif(trim(desa_code), ''), 5)) AS kabkota_code,
        CASE WHEN lower(trim(sector)) IN ({sectors}) THEN lower(trim(sector)) END AS sector,
        a.record_id IS NOT NULL AS name_ambiguous
    FROM parts LEFT JOIN sounds AS s USING (first_word) LEFT JOIN ambiguous AS a USING (record_id)
    """


@dataclass(frozen=True, slots=True)
class NameParts:
    """A business name normalised: all its words, the product words and the distinctive rest."""

    normalised: str
    product: tuple[str, ...]
    distinctive: tuple[str, ...]


def _run_over_strings(values: Sequence[str | None], sql: str) -> list[tuple[object, ...]]:
    """Run ``sql`` (over a relation ``lk_input`` with record_id and the value in every text column)."""
    connection = duckdb.connect()
    try:
        install(connection)
        ids = list(range(len(values)))
        table = pa.table({"record_id": pa.array(ids, pa.int64()), "value": pa.array(values, pa.string())})
        connection.register("lk_strings", table)
        connection.execute(
            "CREATE TABLE lk_input AS SELECT record_id, value AS name, value AS owner_name, "
            "value AS phone, value AS address FROM lk_strings"
        )
        rows = connection.execute(f"SELECT * FROM ({sql}) ORDER BY record_id").fetchall()
    finally:
        connection.close()
    by_id = {row[0]: row[1:] for row in rows}
    return [by_id.get(i, (None,) * (len(rows[0]) - 1 if rows else 1)) for i in range(len(values))]


def normalise_texts(kind: TextKind, values: Sequence[str | None]) -> list[str | None]:
    """Normalise ``values`` with the same SQL the linkage runs: business or owner names, phones, addresses.

    Names and owners come back as their kept words joined by one space, phones as the national number
    (``8123456789``), addresses in short forms without the desa/kecamatan tail. None when nothing is left.
    """
    if kind == "name":
        rows = _run_over_strings(values, f"SELECT record_id, name_tokens FROM ({name_parts_sql('lk_input')})")
    elif kind == "owner":
        rows = _run_over_strings(
            values, f"SELECT record_id, owner_tokens FROM ({owner_parts_sql('lk_input')})"
        )
    else:
        sql = (
            "SELECT record_id, lk_phone(phone) FROM lk_input"
            if kind == "phone"
            else f"SELECT record_id, address_norm FROM ({address_parts_sql('lk_input')})"
        )
        return [row[0] for row in _run_over_strings(values, sql)]  # type: ignore[misc]
    return [" ".join(row[0]) or None if row[0] else None for row in rows]  # type: ignore[arg-type]


def name_parts(values: Sequence[str | None]) -> list[NameParts]:
    """Split business names into normalised words, product words and the distinctive remainder."""
    sql = (
        f"SELECT record_id, name_tokens, product_tokens, distinct_tokens FROM ({name_parts_sql('lk_input')})"
    )
    parts = []
    for row in _run_over_strings(values, sql):
        name_tokens, product, distinctive = (cast("list[str] | None", item) or [] for item in row)
        parts.append(NameParts(" ".join(name_tokens), tuple(product), tuple(distinctive)))
    return parts
