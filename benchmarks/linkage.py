"""Quality, time and memory of record linkage on labelled synthetic agency lists.

    python benchmarks/linkage.py                              # about 100,000 records over 5 sources
    python benchmarks/linkage.py --size 20000
    python benchmarks/linkage.py --sources 3 --size 1000000   # the scale target: < 5 min, < 8 GB

Builds its own data with ``lapak.ingest.linkage.synthetic`` (a different seed from the one the shipped
model was trained on), writes it to a parquet file, links it with the shipped model and scores pairwise
over the final clusters: every pair of records in one predicted cluster against every pair of records of
one true business. Needs no Django settings and no database. Prints one ``name: value unit`` line each.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000, help="records over all sources")
    parser.add_argument("--sources", type=int, default=5, help="how many source lists (1 to 5)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--auto-threshold", type=float, default=None)
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit")
    return parser.parse_args()


def main() -> None:
    from lapak.ingest.linkage import DEFAULT_AUTO_THRESHOLD, link, pairwise_scores
    from lapak.ingest.linkage.synthetic import SCHEMA, generate_batches

    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="lapak-bench-linkage-") as scratch:
        path = Path(scratch) / "records.parquet"
        started = time.perf_counter()
        with pq.ParquetWriter(path, SCHEMA) as writer:
            for batch in generate_batches(size=args.size, sources=args.sources, seed=args.seed):
                writer.write_batch(batch)
        generate_seconds = time.perf_counter() - started

        started = time.perf_counter()
        result = link(
            path,
            auto_threshold=args.auto_threshold or DEFAULT_AUTO_THRESHOLD,
            workdir=Path(scratch) / "work",
            memory_limit=args.memory_limit,
        )
        link_seconds = time.perf_counter() - started
        truth = pq.read_table(path, columns=["record_id", "entity_id"])

    scores = pairwise_scores(result.clusters, truth)
    entities = len(set(truth.column("entity_id").to_pylist()))
    clusters = len(set(result.clusters.column("cluster_id").to_pylist()))
    figures = [
        ("records", f"{truth.num_rows}", "records"),
        ("sources", f"{args.sources}", "lists"),
        ("true_businesses", f"{entities}", "businesses"),
        ("predicted_clusters", f"{clusters}", "clusters"),
        ("precision", f"{scores.precision:.4f}", "ratio"),
        ("recall", f"{scores.recall:.4f}", "ratio"),
        ("f1", f"{scores.f1:.4f}", "ratio"),
        ("true_pairs", f"{scores.true}", "pairs"),
        ("predicted_pairs", f"{scores.predicted}", "pairs"),
        ("review_pairs", f"{result.review_pairs.num_rows}", "pairs"),
        ("generate_seconds", f"{generate_seconds:.1f}", "s"),
        ("prepare_seconds", f"{result.timings['prepare_seconds']:.1f}", "s"),
        ("predict_seconds", f"{result.timings['predict_seconds']:.1f}", "s"),
        ("link_seconds", f"{link_seconds:.1f}", "s"),
        # Max RSS of this process: generation, DuckDB and the Arrow results together.
        ("peak_memory_mb", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}", "MB"),
    ]
    for name, value, unit in figures:
        print(f"{name}: {value} {unit}")


if __name__ == "__main__":
    main()
