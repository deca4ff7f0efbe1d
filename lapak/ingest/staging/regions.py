"""Region names and codes as agencies write them, resolved to Kemendagri codes set-based.

"Kab. Malang", "KABUPATEN MALANG", "Malang" and "35.07" all find Kabupaten Malang; "Kota Malang" finds
the city. A bare name shared by a kabupaten and a kota ("Malang", "Blitar") takes the one whose
kecamatan list contains the row's kecamatan, else the kabupaten, with a warning. Kecamatan are looked up
inside the kab/kota and desa inside the kecamatan (or inside the kab/kota when the name is unique there).
"""

from collections.abc import Iterable

import duckdb
import pyarrow as pa

RegionRow = tuple[str, str, int, str]  # code, name, level, kind

_LOOKUPS = r"""
CREATE OR REPLACE MACRO strip_kab(k) AS regexp_replace(k, '^(KABUPATEN|KAB|KOTA) ', '');
CREATE OR REPLACE MACRO kab_kind(k) AS CASE
    WHEN regexp_matches(k, '^(KABUPATEN|KAB) ') THEN 'kabupaten' WHEN regexp_matches(k, '^KOTA ') THEN 'kota' END;
CREATE OR REPLACE MACRO strip_kec(k) AS regexp_replace(k, '^(KECAMATAN|KEC) ', '');
CREATE OR REPLACE MACRO strip_desa(k) AS regexp_replace(k, '^(DESA|DS|KELURAHAN|KEL) ', '');

CREATE OR REPLACE TABLE kab_lookup AS
SELECT strip_kab(region_key(name)) AS key, kind, code, CASE WHEN kind = 'kabupaten' THEN 1 ELSE 2 END AS rank
FROM region_rows WHERE level = 2
UNION ALL SELECT region_key(code), NULL, code, 0 FROM region_rows WHERE level = 2
UNION ALL SELECT replace(code, '.', ''), NULL, code, 0 FROM region_rows WHERE level = 2;

CREATE OR REPLACE TABLE kec_lookup AS
SELECT DISTINCT ON (parent, key) * FROM (
    SELECT strip_kec(region_key(name)) AS key, substr(code, 1, 5) AS parent, code FROM region_rows WHERE level = 3
    UNION ALL SELECT region_key(code), substr(code, 1, 5), code FROM region_rows WHERE level = 3
    UNION ALL SELECT replace(code, '.', ''), substr(code, 1, 5), code FROM region_rows WHERE level = 3
);

CREATE OR REPLACE TABLE desa_lookup AS
SELECT key, parent, kab, code, count(*) OVER (PARTITION BY kab, key) = 1 AS unique_in_kab FROM (
    SELECT DISTINCT ON (parent, key) * FROM (
        SELECT strip_desa(region_key(name)) AS key, substr(code, 1, 8) AS parent, substr(code, 1, 5) AS kab, code
        FROM region_rows WHERE level = 4
        UNION ALL SELECT region_key(code), substr(code, 1, 8), substr(code, 1, 5), code
        FROM region_rows WHERE level = 4
        UNION ALL SELECT replace(code, '.', ''), substr(code, 1, 8), substr(code, 1, 5), code
        FROM region_rows WHERE level = 4
    )
);

CREATE OR REPLACE TABLE region_names AS SELECT code, name FROM region_rows;
"""

# Lists repeat the same few thousand (kab/kota, kecamatan, desa) spellings over millions of rows, so
# each distinct spelling is resolved once and joined back.
_RESOLVE = """
CREATE OR REPLACE TABLE place_spellings AS
SELECT DISTINCT kabkota_raw, kecamatan_raw, desa_raw FROM cleaned;

CREATE OR REPLACE TABLE place_resolved AS
WITH inp AS (
    SELECT kabkota_raw, kecamatan_raw, desa_raw,
        strip_kab(region_key(kabkota_raw)) AS kab_bare,
        kab_kind(region_key(kabkota_raw)) AS kab_hint,
        strip_kec(region_key(kecamatan_raw)) AS kec_key,
        strip_desa(region_key(desa_raw)) AS desa_key,
        row_number() OVER () AS spelling
    FROM place_spellings
),
kab AS (
    SELECT i.spelling,
        arg_min(l.code, CASE WHEN k.code IS NOT NULL THEN 0 ELSE 10 END + l.rank) AS kabkota_code,
        count(DISTINCT l.code) AS kab_candidates,
        bool_or(k.code IS NOT NULL) AS kec_confirms
    FROM inp i
    JOIN kab_lookup l ON l.key = i.kab_bare AND (i.kab_hint IS NULL OR l.kind IS NULL OR l.kind = i.kab_hint)
    LEFT JOIN kec_lookup k ON k.parent = l.code AND k.key = i.kec_key
    GROUP BY i.spelling
)
SELECT i.kabkota_raw, i.kecamatan_raw, i.desa_raw, kab.kabkota_code, kab_name.name AS kabkota_name,
    coalesce(kab.kab_candidates > 1 AND i.kab_hint IS NULL AND NOT kab.kec_confirms, false) AS kab_guessed,
    kec.code AS kecamatan_code, kec_name.name AS kecamatan_name,
    coalesce(desa.code, desa_kab.code) AS desa_code
FROM inp i
LEFT JOIN kab ON kab.spelling = i.spelling
LEFT JOIN kec_lookup kec ON kec.parent = kab.kabkota_code AND kec.key = i.kec_key
LEFT JOIN desa_lookup desa ON desa.parent = kec.code AND desa.key = i.desa_key
LEFT JOIN desa_lookup desa_kab ON desa_kab.kab = kab.kabkota_code AND desa_kab.key = i.desa_key
    AND desa_kab.unique_in_kab
LEFT JOIN region_names kab_name ON kab_name.code = kab.kabkota_code
LEFT JOIN region_names kec_name ON kec_name.code = kec.code
QUALIFY row_number() OVER (PARTITION BY i.spelling ORDER BY desa_kab.code) = 1;

"""


def load_region_lookups(con: duckdb.DuckDBPyConnection, rows: Iterable[RegionRow]) -> None:
    """Build the lookup tables from ``(code, name, level, kind)`` rows of one province."""
    codes, names, levels, kinds = zip(*rows, strict=True)
    table = pa.table(
        {
            "code": pa.array(codes, pa.string()),
            "name": pa.array(names, pa.string()),
            "level": pa.array(levels, pa.int32()),
            "kind": pa.array(kinds, pa.string()),
        }
    )
    con.register("region_rows_arrow", table)
    con.execute("CREATE OR REPLACE TABLE region_rows AS SELECT * FROM region_rows_arrow")
    con.unregister("region_rows_arrow")
    con.execute(_LOOKUPS)


def resolve_regions(con: duckdb.DuckDBPyConnection) -> None:
    """Table ``place_resolved``: kab/kota, kecamatan and desa codes for each spelling in ``cleaned``."""
    con.execute(_RESOLVE)
