"""The labelled synthetic lists the linkage benchmark and tests are built on."""

from __future__ import annotations

import duckdb

from lapak.ingest.linkage.synthetic import SCHEMA, generate_batches, generate_table


def test_it_is_deterministic_and_exactly_the_size_asked() -> None:
    first = generate_table(size=2500, seed=5)
    assert first.num_rows == 2500
    assert first.schema == SCHEMA
    assert first.equals(generate_table(size=2500, seed=5))
    assert not first.equals(generate_table(size=2500, seed=6))
    batches = list(generate_batches(size=2500, seed=5, batch_size=700))
    assert sum(batch.num_rows for batch in batches) == 2500


def test_it_lists_only_the_sources_asked_for() -> None:
    table = generate_table(size=1500, sources=3, seed=5)
    assert set(table.column("source").to_pylist()) == {"dinkop", "disperindag", "marketplace"}


def test_it_contains_the_hard_cases() -> None:
    records = generate_table(size=20_000, seed=5)
    connection = duckdb.connect()
    connection.register("records_arrow", records)
    connection.execute("CREATE TABLE records AS SELECT * FROM records_arrow")

    def count(sql: str) -> int:
        row = connection.execute(sql).fetchone()
        return int(row[0]) if row else 0

    # One NIK (owner) behind two businesses.
    assert count("SELECT count(*) FROM (SELECT nik_hash FROM records WHERE nik_hash IS NOT NULL "
                 "GROUP BY 1 HAVING count(DISTINCT entity_id) > 1)") > 50  # fmt: skip
    # Several businesses of one product in one desa: the dense villages.
    assert count("SELECT max(n) FROM (SELECT count(DISTINCT entity_id) n FROM records "
                 "WHERE name ILIKE '%tempe%' GROUP BY desa_code)") >= 5  # fmt: skip
    # A business listed in two different desa (it moved).
    assert count("SELECT count(*) FROM (SELECT entity_id FROM records WHERE desa_code IS NOT NULL "
                 "GROUP BY 1 HAVING count(DISTINCT desa_code) > 1)") > 50  # fmt: skip
    assert count("SELECT count(*) FROM records WHERE name ILIKE '%kerupuk%' OR name ILIKE '%krupuk%'") > 0
