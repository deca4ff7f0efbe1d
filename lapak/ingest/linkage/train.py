"""Training the model's parameters from labelled records (the synthetic lists, or reviewed real pairs).

m and u are counted directly on the blocked candidate pairs, matches and non-matches by the label, rather
than estimated: u from random pairs would call every shared phone or NIK near-proof of a match, while among
candidate pairs the same owner's other business is common, which is exactly what the model must weigh.
λ is the share of matches among candidate pairs, so match probabilities are calibrated for those pairs.
The candidates for training come from wider blocking rules than prediction uses (see ``model``).

    python -m lapak.ingest.linkage.train            # rewrites model.json from synthetic data
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from . import engine, model

# Pseudo-counts, as a share of all matches (for m) and all non-matches (for u): a level never seen gets
# m = u, a weight of zero, instead of whatever the two totals' ratio would make of it.
SMOOTHING = 1e-4


def train_settings(records: engine.RecordsInput, *, workdir: Path | None = None) -> dict[str, Any]:
    """Settings with m, u and λ counted on ``records``, which must carry a true ``entity_id``."""
    with tempfile.TemporaryDirectory(prefix="lapak-train-") as scratch:
        connection = engine.open_connection(workdir or Path(scratch), persistent=False)
        try:
            engine.load_input(connection, records, keep_truth=True)
            engine.prepare(connection)
            wide = model.base_settings(blocking_rules=model.TRAINING_BLOCKING_RULES)
            predictions = engine.predict(connection, wide, threshold=None)
            connection.execute(
                f"""CREATE TABLE lk_labelled AS SELECT p.*, (tl.entity_id = tr.entity_id)::INT AS is_match
                FROM {predictions} p JOIN lk_truth tl ON tl.record_id = p.record_id_l
                JOIN lk_truth tr ON tr.record_id = p.record_id_r"""
            )
            settings = model.base_settings()
            _count_parameters(connection, settings)
        finally:
            connection.close()
    return settings


def _count_parameters(connection: duckdb.DuckDBPyConnection, settings: dict[str, Any]) -> None:
    """Set λ and each level's m and u from the labelled candidate pairs in ``lk_labelled``."""
    row = connection.execute("SELECT coalesce(sum(is_match), 0), count(*) FROM lk_labelled").fetchone()
    matches, pairs = (int(row[0]), int(row[1])) if row else (0, 0)
    if not matches or matches == pairs:
        raise ValueError("Training needs both matching and non-matching candidate pairs.")
    settings["probability_two_random_records_match"] = matches / pairs
    for comparison in settings["comparisons"]:
        column = f"gamma_{comparison['output_column_name']}"
        counts = {
            int(gamma): (int(m), int(n))
            for gamma, m, n in connection.execute(
                f"SELECT {column}, sum(is_match), sum(1 - is_match) FROM lk_labelled GROUP BY 1"
            ).fetchall()
        }
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        seen_m = sum(m for g, (m, _) in counts.items() if g >= 0)
        seen_u = sum(n for g, (_, n) in counts.items() if g >= 0)
        for index, level in enumerate(levels):
            m, n = counts.get(len(levels) - 1 - index, (0, 0))
            level["m_probability"] = (m + SMOOTHING * seen_m) / (seen_m * (1 + SMOOTHING * len(levels)))
            level["u_probability"] = (n + SMOOTHING * seen_u) / (seen_u * (1 + SMOOTHING * len(levels)))


def write_model(settings: dict[str, Any], path: Path = model.MODEL_PATH) -> None:
    """Save trained settings as the JSON that ``model.load_settings`` reads."""
    path.write_text(json.dumps(settings, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    from .synthetic import generate_table

    parser = argparse.ArgumentParser(description="Train the linkage model on synthetic labelled lists.")
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=model.MODEL_PATH)
    args = parser.parse_args()
    settings = train_settings(generate_table(size=args.size, seed=args.seed))
    write_model(settings, args.output)
    print(f"model: {args.output}")


if __name__ == "__main__":
    main()
