"""Pairwise scores of a clustering against the truth, over the transitive closure of both."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa


@dataclass(frozen=True, slots=True)
class PairwiseScores:
    """Counts of record pairs put together by the clustering (predicted) and by the truth (true)."""

    true_positive: int
    predicted: int
    true: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def pairwise_scores(clusters: pa.Table, truth: pa.Table) -> PairwiseScores:
    """Score ``clusters`` (record_id, cluster_id) against ``truth`` (record_id, entity_id).

    Every pair of records in one predicted cluster is a predicted match; every pair of records of one
    entity a true match. Counted from group sizes (n choose 2), so millions of records cost nothing.
    """
    connection = duckdb.connect()
    try:
        connection.register("clusters", clusters)
        connection.register("truth", truth.select(["record_id", "entity_id"]))
        row = connection.execute(
            """WITH joined AS (
                SELECT c.cluster_id, t.entity_id FROM clusters c JOIN truth t USING (record_id)),
            both_ AS (SELECT count(*) AS n FROM joined GROUP BY cluster_id, entity_id),
            predicted AS (SELECT count(*) AS n FROM joined GROUP BY cluster_id),
            actual AS (SELECT count(*) AS n FROM joined GROUP BY entity_id)
            SELECT (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM both_),
                (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM predicted),
                (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM actual)"""
        ).fetchone()
    finally:
        connection.close()
    assert row is not None
    return PairwiseScores(int(row[0]), int(row[1]), int(row[2]))
