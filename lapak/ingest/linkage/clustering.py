"""From scored pairs to clusters of records of one business, resisting chains of near-identical names.

1. Only *merge edges* join records: probability at or above the automatic threshold, a name level that
   says the distinctive words agree, and for a business in another kecamatan an owner key or NIB that
   agrees (``model.merge_condition_sql``). A shared owner, phone or address never joins two records alone.
2. Connected components over those edges, in DuckDB.
3. Guard: inside each component, every pair of records (not only the edges) is checked for a conflict,
   i.e. names whose distinctive words disagree, different NIBs, or a pair a reviewer rejected
   (``cannot_link``). A component with a conflict usually came from a
   chain (A~B, B~C, but A≁C); it is rebuilt greedily from its strongest edge down, never joining two groups
   that hold a conflicting pair. Only those components are pulled into Python, and they are small.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from . import model
from .engine import PREPARED_TABLE

CLUSTERS_TABLE = "lk_clusters"
# Columns a name-level check needs, taken from both records of a pair.
_NAME_COLUMNS = (
    "name_norm", "product_tokens", "distinct_tokens", "distinct_norm", "distinct_sorted", "nib",
    "name_ambiguous",
)  # fmt: skip


def _name_gamma_sql() -> str:
    """The name comparison as one CASE giving Splink's gamma, for pairs that Splink never scored."""
    levels = model.name_comparison()["comparison_levels"]
    non_null = [lv for lv in levels if not lv.get("is_null_level")]
    cases = [f"WHEN {levels[0]['sql_condition']} THEN -1"]
    for index, level in enumerate(non_null[:-1]):
        cases.append(f"WHEN {level['sql_condition']} THEN {len(non_null) - 1 - index}")
    return "CASE " + " ".join(cases) + " ELSE 0 END"


def cluster(
    connection: duckdb.DuckDBPyConnection, predictions: str, *, auto_threshold: float
) -> dict[str, Any]:
    """Write ``lk_clusters`` (record_id, cluster_id) for every prepared record; counts for the log."""
    connection.execute(
        f"""CREATE OR REPLACE TABLE lk_edges AS
        SELECT record_id_l, record_id_r, match_probability
        FROM {predictions} ANTI JOIN lk_cannot_link USING (record_id_l, record_id_r)
        WHERE match_probability >= {float(auto_threshold)} AND {model.merge_condition_sql()}"""
    )
    _connected_components(connection)
    conflicted = _find_conflicts(connection)
    if conflicted:
        _rebuild_conflicted(connection)
    # A cluster is named after its smallest record_id: stable whatever order the input came in.
    connection.execute(
        f"""CREATE OR REPLACE TABLE {CLUSTERS_TABLE} AS
        SELECT p.record_id, coalesce(c.cluster_id, p.record_id) AS cluster_id FROM {PREPARED_TABLE} p
        LEFT JOIN (
            SELECT record_id, min(record_id) OVER (PARTITION BY component) AS cluster_id FROM lk_components
        ) c USING (record_id)"""
    )
    edges = connection.execute("SELECT count(*) FROM lk_edges").fetchone()
    return {"merge_edges": edges[0] if edges else 0, "conflicted_components": conflicted}


def _connected_components(connection: duckdb.DuckDBPyConnection) -> None:
    """``lk_components`` (record_id, component) by label propagation over ``lk_edges``, set-based."""
    connection.execute(
        """CREATE OR REPLACE TABLE lk_cc_edges AS
        SELECT record_id_l AS a, record_id_r AS b FROM lk_edges
        UNION ALL SELECT record_id_r, record_id_l FROM lk_edges"""
    )
    # Only records with an edge take part; the others are their own component, added at the end.
    connection.execute(
        "CREATE OR REPLACE TABLE lk_components AS "
        "SELECT DISTINCT a AS record_id, a AS component FROM lk_cc_edges"
    )
    while True:
        # Each record takes the smallest label among itself and its neighbours; repeat until nothing moves.
        connection.execute(
            """CREATE OR REPLACE TABLE lk_cc_next AS
            SELECT c.record_id, least(c.component, coalesce(min(n.component), c.component)) AS component
            FROM lk_components c LEFT JOIN lk_cc_edges e ON e.a = c.record_id
            LEFT JOIN lk_components n ON n.record_id = e.b
            GROUP BY c.record_id, c.component"""
        )
        changed = connection.execute(
            "SELECT count(*) FROM lk_cc_next n JOIN lk_components c USING (record_id) "
            "WHERE n.component <> c.component"
        ).fetchone()
        connection.execute("DROP TABLE lk_components")
        connection.execute("ALTER TABLE lk_cc_next RENAME TO lk_components")
        if not changed or not changed[0]:
            break


def _find_conflicts(connection: duckdb.DuckDBPyConnection) -> int:
    """``lk_conflicts``: pairs inside one component whose names disagree, or that a reviewer kept apart;
    the number of components with such a pair."""
    select = ", ".join(f"a.{c} AS {c}_l, b.{c} AS {c}_r" for c in _NAME_COLUMNS)
    never = ", ".join(str(g) for g in model.NAME_NEVER_GAMMAS)
    connection.execute(
        f"""CREATE OR REPLACE TABLE lk_conflicts AS
        WITH members AS (
            SELECT c.component, p.* FROM lk_components c JOIN {PREPARED_TABLE} p USING (record_id)
            WHERE c.component IN (SELECT component FROM lk_components GROUP BY 1 HAVING count(*) > 1)
        ),
        pairs AS (
            SELECT a.component, a.record_id AS record_id_l, b.record_id AS record_id_r, {select}
            FROM members a JOIN members b ON a.component = b.component AND a.record_id < b.record_id
        )
        SELECT component, record_id_l, record_id_r FROM pairs
        WHERE {_name_gamma_sql()} IN ({never}) OR (nib_l <> nib_r)
        UNION
        SELECT a.component, n.record_id_l, n.record_id_r FROM lk_cannot_link n
        JOIN lk_components a ON a.record_id = n.record_id_l
        JOIN lk_components b ON b.record_id = n.record_id_r AND b.component = a.component"""
    )
    count = connection.execute("SELECT count(DISTINCT component) FROM lk_conflicts").fetchone()
    return int(count[0]) if count else 0


def _rebuild_conflicted(connection: duckdb.DuckDBPyConnection) -> None:
    """Re-cluster each conflicted component greedily by edge strength, never uniting a conflicting pair."""
    conflicts: dict[str, set[str]] = {}
    for left, right in connection.execute("SELECT record_id_l, record_id_r FROM lk_conflicts").fetchall():
        conflicts.setdefault(left, set()).add(right)
        conflicts.setdefault(right, set()).add(left)
    edges = connection.execute(
        """SELECT e.record_id_l, e.record_id_r FROM lk_edges e
        JOIN lk_components c ON c.record_id = e.record_id_l
        WHERE c.component IN (SELECT component FROM lk_conflicts)
        ORDER BY e.match_probability DESC, e.record_id_l, e.record_id_r"""
    ).fetchall()
    members = connection.execute(
        "SELECT record_id FROM lk_components WHERE component IN (SELECT component FROM lk_conflicts)"
    ).fetchall()
    groups = {record: {record} for (record,) in members}
    root = {record: record for (record,) in members}
    for left, right in edges:
        group_l, group_r = groups[root[left]], groups[root[right]]
        if group_l is group_r or any(conflicts.get(m, set()) & group_r for m in group_l):
            continue
        keep, gone = (root[left], root[right]) if len(group_l) >= len(group_r) else (root[right], root[left])
        groups[keep] |= groups[gone]
        for record in groups.pop(gone):
            root[record] = keep
    label = {key: min(group) for key, group in groups.items()}
    rebuilt = pa.table(
        {
            "record_id": pa.array(list(root), pa.string()),
            "component": pa.array([label[key] for key in root.values()], pa.string()),
        }
    )
    connection.register("lk_rebuilt", rebuilt)
    connection.execute(
        "UPDATE lk_components SET component = r.component FROM lk_rebuilt r "
        "WHERE lk_components.record_id = r.record_id"
    )
    connection.unregister("lk_rebuilt")
