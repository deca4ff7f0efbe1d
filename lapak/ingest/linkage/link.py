"""``link``: records of several agency lists in, clusters of records of one business out.

Everything large stays in DuckDB (bounded by ``memory_limit``, spilling to ``workdir``); only the final
tables come back as Arrow: one row per record, one per scored pair, one per pair left for review.
"""

from __future__ import annotations

import math
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa

from . import engine, model
from .clustering import CLUSTERS_TABLE, cluster

DEFAULT_AUTO_THRESHOLD = 0.9
DEFAULT_REVIEW_THRESHOLD = 0.3


class Evidence(NamedTuple):
    """One line of why two records look alike or not: "nama usaha", "bagian khas sama", +5.5."""

    comparison: str
    level: str
    match_weight: float


@dataclass(frozen=True)
class LinkageResult:
    """What ``link`` found.

    ``clusters``: record_id, cluster_id (the smallest record_id of the cluster) for every input record.
    ``pairs``: every scored pair at or above the review threshold: record_id_l, record_id_r,
    match_probability, merged (both ended in one cluster), and one gamma column per comparison.
    ``review_pairs``: the pairs a person should look at (uncertain, or strong but kept apart), not merged,
    with ``evidence`` (a list of comparison, level, match_weight).
    """

    clusters: pa.Table
    pairs: pa.Table
    review_pairs: pa.Table
    settings: dict[str, Any] = field(repr=False)
    timings: dict[str, float] = field(default_factory=dict)

    def evidence(self, record_id_l: str, record_id_r: str) -> list[Evidence]:
        """Evidence for a scored pair (in either order); an empty list when the pair was not scored."""
        found = _find_pair(self.pairs, record_id_l, record_id_r)
        return evidence_from_gammas(self.settings, found) if found else []


def link(
    records: engine.RecordsInput,
    *,
    auto_threshold: float = DEFAULT_AUTO_THRESHOLD,
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
    workdir: Path | None = None,
    memory_limit: str = engine.DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
    settings: dict[str, Any] | None = None,
    cannot_link: pa.Table | None = None,
) -> LinkageResult:
    """Link ``records`` (a pyarrow table or a parquet path with the input contract's columns).

    Pairs at or above ``auto_threshold`` whose distinctive name words agree are merged; pairs from
    ``review_threshold`` up that were not merged are returned for review. ``workdir`` keeps the DuckDB
    database and spill files (a temporary directory otherwise). ``settings`` defaults to the trained
    model shipped in ``model.json``. ``cannot_link`` (record_id_l, record_id_r) holds pairs a reviewer
    rejected: they are never put in one cluster, not even through a chain, nor offered for review again.
    """
    if not 0 < review_threshold <= auto_threshold < 1:
        raise ValueError("Thresholds must satisfy 0 < review_threshold <= auto_threshold < 1.")
    settings = settings or model.load_settings()
    with tempfile.TemporaryDirectory(prefix="lapak-linkage-") as scratch:
        directory = workdir or Path(scratch)
        connection = engine.open_connection(
            directory, memory_limit=memory_limit, threads=threads, persistent=workdir is not None
        )
        try:
            engine.load_cannot_link(connection, cannot_link)
            return _run(connection, records, settings, auto_threshold, review_threshold)
        finally:
            connection.close()


def _run(
    connection: Any, records: engine.RecordsInput, settings: dict[str, Any], auto: float, review: float
) -> LinkageResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    engine.load_input(connection, records)
    engine.prepare(connection)
    timings["prepare_seconds"] = time.perf_counter() - started
    predictions = engine.predict(connection, settings, threshold=review)
    timings["predict_seconds"] = time.perf_counter() - started - timings["prepare_seconds"]
    counts = cluster(connection, predictions, auto_threshold=auto)
    timings.update({k: float(v) for k, v in counts.items()})
    gammas = ", ".join(f"p.gamma_{c['output_column_name']}" for c in settings["comparisons"])
    connection.execute(
        f"""CREATE OR REPLACE TABLE lk_pairs AS
        SELECT p.record_id_l, p.record_id_r, p.match_probability,
            cl.cluster_id = cr.cluster_id AS merged, {gammas}
        FROM {predictions} p JOIN {CLUSTERS_TABLE} cl ON cl.record_id = p.record_id_l
        JOIN {CLUSTERS_TABLE} cr ON cr.record_id = p.record_id_r"""
    )
    never = ", ".join(str(g) for g in model.NAME_NEVER_GAMMAS)
    review_sql = f"""SELECT record_id_l, record_id_r, match_probability, {_evidence_sql(settings)} AS evidence
        FROM lk_pairs ANTI JOIN lk_cannot_link USING (record_id_l, record_id_r)
        WHERE NOT merged AND gamma_{model.NAME} NOT IN ({never})
        ORDER BY match_probability DESC, record_id_l, record_id_r"""
    result = LinkageResult(
        clusters=connection.execute(f"SELECT * FROM {CLUSTERS_TABLE} ORDER BY record_id").to_arrow_table(),
        pairs=connection.execute("SELECT * FROM lk_pairs ORDER BY record_id_l, record_id_r").to_arrow_table(),
        review_pairs=connection.execute(review_sql).to_arrow_table(),
        settings=settings,
        timings=timings,
    )
    timings["link_seconds"] = time.perf_counter() - started
    return result


def _match_weight(level: dict[str, Any]) -> float:
    return math.log2(level["m_probability"] / level["u_probability"]) if "m_probability" in level else 0.0


def _evidence_sql(settings: dict[str, Any]) -> str:
    """A list of (comparison, level, match_weight) structs built from the gamma columns, in SQL."""
    items = []
    for comparison in settings["comparisons"]:
        column = f"gamma_{comparison['output_column_name']}"
        description = comparison["comparison_description"].replace("'", "''")
        cases = []
        for gamma, level in _levels_by_gamma(comparison).items():
            label = level["label_for_charts"].replace("'", "''")
            cases.append(
                f"WHEN {column} = {gamma} THEN {{'level': '{label}', 'w': {_match_weight(level)!r}}}"
            )
        chosen = f"(CASE {' '.join(cases)} END)"
        items.append(
            f"{{'comparison': '{description}', 'level': {chosen}.level, 'match_weight': {chosen}.w::DOUBLE}}"
        )
    return f"[{', '.join(items)}]"


def _levels_by_gamma(comparison: dict[str, Any]) -> dict[int, dict[str, Any]]:
    levels = comparison["comparison_levels"]
    non_null = [lv for lv in levels if not lv.get("is_null_level")]
    by_gamma = {len(non_null) - 1 - i: lv for i, lv in enumerate(non_null)}
    null_levels = [lv for lv in levels if lv.get("is_null_level")]
    if null_levels:
        by_gamma[-1] = null_levels[0]
    return by_gamma


def evidence_from_gammas(settings: dict[str, Any], gammas: dict[str, int]) -> list[Evidence]:
    """Evidence lines for a pair given its gamma per comparison output column."""
    lines = []
    for comparison in settings["comparisons"]:
        gamma = gammas.get(comparison["output_column_name"])
        if gamma is None:
            continue
        level = _levels_by_gamma(comparison)[gamma]
        lines.append(
            Evidence(comparison["comparison_description"], level["label_for_charts"], _match_weight(level))
        )
    return lines


def _find_pair(pairs: pa.Table, left: str, right: str) -> dict[str, int] | None:
    import pyarrow.compute as pc

    low, high = sorted((left, right))
    mask = pc.and_(pc.equal(pairs["record_id_l"], low), pc.equal(pairs["record_id_r"], high))
    rows = pairs.filter(mask).to_pylist()
    if not rows:
        return None
    return {key.removeprefix("gamma_"): value for key, value in rows[0].items() if key.startswith("gamma_")}
