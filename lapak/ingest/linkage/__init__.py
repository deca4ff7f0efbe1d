"""Record linkage of agency UMKM lists (issue 3, "Satu Data UMKM"): pure Python and DuckDB, no Django.

An entity is one *business*: records of the same business are merged, records that merely share an owner,
a phone or an address are not (see DESIGN.md, "The unit of the registry").

    from lapak.ingest.linkage import link
    result = link(records)                 # pyarrow.Table or parquet path, the input contract's columns
    result.clusters                        # record_id, cluster_id
    result.review_pairs                    # pairs for a person to decide, with evidence
    result.evidence("s:1", "b:7")          # [("nama usaha", "bagian khas sama", 3.5), ...]

Modules: ``normalise`` (Indonesian normalisation as DuckDB SQL), ``model`` (Splink comparisons, blocking,
trained parameters in ``model.json``), ``clustering`` (chain-resistant clusters), ``link`` (the entry
point), ``train`` (re-estimating the parameters), ``synthetic`` (labelled test lists), ``evaluate``.
"""

from .evaluate import PairwiseScores, pairwise_scores
from .link import DEFAULT_AUTO_THRESHOLD, DEFAULT_REVIEW_THRESHOLD, Evidence, LinkageResult, link
from .normalise import NameParts, name_parts, normalise_texts

__all__ = [
    "DEFAULT_AUTO_THRESHOLD",
    "DEFAULT_REVIEW_THRESHOLD",
    "Evidence",
    "LinkageResult",
    "NameParts",
    "PairwiseScores",
    "link",
    "name_parts",
    "normalise_texts",
    "pairwise_scores",
]
