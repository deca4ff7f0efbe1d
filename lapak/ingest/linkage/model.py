"""The Splink model: what is compared, how candidate pairs are found, and the trained parameters.

Comparisons read the columns ``normalise.prepare_sql`` makes. Their labels are Bahasa Indonesia because
they are what a reviewer sees ("nama usaha: bagian khas sama"). The business name is one comparison,
not several, so that its pieces are not counted as independent evidence; owner, NIK and phone are
properties of the person and say little about *which* of a person's businesses a record is, hence the
gate every automatic merge must pass besides the threshold (``merge_condition_sql``).

Parameters are counted on labelled data by ``train`` and shipped in ``model.json``; the comparisons and
blocking rules always come from this module.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("model.json")
UNIQUE_ID = "record_id"
NAME = "nama_usaha"

_PRODUCT_FITS = (
    "(list_has_all(product_tokens_l, product_tokens_r) OR list_has_all(product_tokens_r, product_tokens_l))"
)
_BOTH_PRODUCTS = "(len(product_tokens_l) > 0 AND len(product_tokens_r) > 0)"
_BOTH_DISTINCT = "(len(distinct_tokens_l) > 0 AND len(distinct_tokens_r) > 0)"
_DISTINCT_EQUAL = "distinct_sorted_l = distinct_sorted_r"
# Exactly one distinctive word differs, by one slip of the keyboard. Short words ("ika", "eka") are left
# out: in a dense village they are more often two owners than one typo.
_ONLY_L = "list_filter(distinct_tokens_l, lambda t: NOT list_contains(distinct_tokens_r, t))"
_ONLY_R = "list_filter(distinct_tokens_r, lambda t: NOT list_contains(distinct_tokens_l, t))"
_DISTINCT_TYPO = (
    f"(len(distinct_tokens_l) = len(distinct_tokens_r) AND len({_ONLY_L}) = 1 AND len({_ONLY_R}) = 1"
    f" AND damerau_levenshtein({_ONLY_L}[1], {_ONLY_R}[1]) <= 1"
    f" AND least(length({_ONLY_L}[1]), length({_ONLY_R}[1])) >= 4)"
)
_DISTINCT_SUBSET = (
    "(list_has_all(distinct_tokens_l, distinct_tokens_r)"
    " OR list_has_all(distinct_tokens_r, distinct_tokens_l))"
)
MERGE, REVIEW, NEVER = "merge", "review", "never"


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _null(sql: str) -> dict[str, Any]:
    return _level(sql, "kosong", is_null_level=True)


def _else() -> dict[str, Any]:
    return _level("ELSE", "berbeda")


def _name_levels() -> list[tuple[str, dict[str, Any]]]:
    """The name levels, each with what it allows: merge, review only, or never the same business."""
    agrees = f"({_DISTINCT_EQUAL} OR {_DISTINCT_TYPO} OR {_DISTINCT_SUBSET})"
    both = _BOTH_DISTINCT
    return [
        (REVIEW, _null("name_norm_l IS NULL OR name_norm_r IS NULL")),
        (
            MERGE,
            _level(
                "name_norm_l = name_norm_r AND (name_ambiguous_l OR name_ambiguous_r)",
                "sama persis, tetapi nama dipakai beberapa usaha di kecamatan",
            ),
        ),
        (MERGE, _level("name_norm_l = name_norm_r", "sama persis")),
        (MERGE, _level(f"{both} AND {_DISTINCT_EQUAL} AND {_PRODUCT_FITS}", "bagian khas sama")),
        (
            MERGE,
            _level(f"{both} AND {_DISTINCT_TYPO} AND {_PRODUCT_FITS}", "bagian khas mirip (salah ketik)"),
        ),
        (
            MERGE,
            _level(
                f"{both} AND {_DISTINCT_SUBSET} AND {_PRODUCT_FITS} AND {_BOTH_PRODUCTS}",
                "bagian khas sebagian sama",
            ),
        ),
        (
            REVIEW,
            _level(
                f"{both} AND {_DISTINCT_SUBSET} AND {_PRODUCT_FITS}",
                "bagian khas sebagian sama, produk tidak tertulis",
            ),
        ),
        (REVIEW, _level(f"NOT {both} AND {_PRODUCT_FITS}", "hanya nama produk, tanpa bagian khas")),
        (NEVER, _level(f"{both} AND {agrees}", "bagian khas sama, produk berbeda")),
        (NEVER, _else()),
    ]


def name_comparison() -> dict[str, Any]:
    """Business name: the distinctive words must agree for a merge, product words must fit each other."""
    return {
        "output_column_name": NAME,
        "comparison_description": "nama usaha",
        "comparison_levels": [level for _, level in _name_levels()],
    }


def name_gammas(gate: str) -> tuple[int, ...]:
    """Splink's gamma values of the name levels with ``gate`` (null level -1, the rest counting down to 0)."""
    levels = _name_levels()
    non_null = [g for g, level in levels if not level.get("is_null_level")]
    gammas = [len(non_null) - 1 - i for i, g in enumerate(non_null) if g == gate]
    return tuple(gammas + [-1 for g, level in levels if level.get("is_null_level") and g == gate])


NAME_MERGE_GAMMAS = name_gammas(MERGE)
NAME_NEVER_GAMMAS = name_gammas(NEVER)


def owner_comparison() -> dict[str, Any]:
    """Owner's name without honorifics and titles."""
    subset = "(list_has_all(owner_tokens_l, owner_tokens_r) OR list_has_all(owner_tokens_r, owner_tokens_l))"
    typo = (
        "(damerau_levenshtein(owner_norm_l, owner_norm_r) <= 1 AND least(length(owner_norm_l),"
        " length(owner_norm_r)) >= 4) OR jaro_winkler_similarity(owner_norm_l, owner_norm_r) >= 0.93"
    )
    return {
        "output_column_name": "pemilik",
        "comparison_description": "nama pemilik",
        "comparison_levels": [
            _null("owner_norm_l IS NULL OR owner_norm_r IS NULL"),
            _level("owner_norm_l = owner_norm_r", "sama persis"),
            _level(subset, "sebagian sama"),
            _level(typo, "mirip (salah ketik)"),
            _else(),
        ],
    }


def _exact(column: str, name: str, description: str) -> dict[str, Any]:
    return {
        "output_column_name": name,
        "comparison_description": description,
        "comparison_levels": [
            _null(f"{column}_l IS NULL OR {column}_r IS NULL"),
            _level(f"{column}_l = {column}_r", "sama"),
            _else(),
        ],
    }


def phone_comparison() -> dict[str, Any]:
    """Phone in its national form; one digit off is a typo."""
    return {
        "output_column_name": "telepon",
        "comparison_description": "telepon",
        "comparison_levels": [
            _null("phone_norm_l IS NULL OR phone_norm_r IS NULL"),
            _level("phone_norm_l = phone_norm_r", "sama"),
            _level("damerau_levenshtein(phone_norm_l, phone_norm_r) <= 1", "beda satu angka"),
            _else(),
        ],
    }


def place_comparison() -> dict[str, Any]:
    """Desa and street address together: "Dusun Krajan RT 1" repeats in every kabupaten, so an address
    only counts inside one desa (or kecamatan when a list left the desa out)."""
    address_equal = "address_norm_l = address_norm_r"
    address_near = "jaro_winkler_similarity(address_norm_l, address_norm_r) >= 0.9"
    same_desa = "desa_code_l = desa_code_r"
    same_kecamatan = "kecamatan_code_l = kecamatan_code_r"
    return {
        "output_column_name": "lokasi",
        "comparison_description": "lokasi",
        "comparison_levels": [
            _null("kabkota_code_l IS NULL OR kabkota_code_r IS NULL"),
            _level(f"{same_desa} AND {address_equal}", "desa sama, alamat sama"),
            _level(f"{same_desa} AND {address_near}", "desa sama, alamat mirip"),
            _level(same_desa, "desa sama, alamat lain atau kosong"),
            _level(
                f"{same_kecamatan} AND ({address_equal} OR {address_near})", "kecamatan sama, alamat sama"
            ),
            _level(same_kecamatan, "kecamatan sama, desa lain atau kosong"),
            _level("kabkota_code_l = kabkota_code_r", "kab/kota sama, kecamatan lain"),
            _level("ELSE", "kab/kota berbeda"),
        ],
    }


# Candidate pairs. Person-level keys find moved businesses; place-level keys must stay narrow, because a
# block of n records costs n²/2 comparisons and product villages make blocks large.
BLOCKING_RULES = [
    "l.nik_hash = r.nik_hash",
    "l.phone_norm = r.phone_norm",
    "l.nib = r.nib",
    "l.desa_code = r.desa_code AND l.product_key = r.product_key AND l.distinct_initial = r.distinct_initial",
    "l.kecamatan_code = r.kecamatan_code AND l.product_key = r.product_key AND l.name_sound = r.name_sound",
    # Businesses that moved across kecamatan and have neither NIK nor phone on one list.
    "l.kabkota_code = r.kabkota_code AND l.name_norm = r.name_norm AND l.distinct_sorted <> ''",
]
# Wider candidate pairs for training only. Counted on the narrow pairs above, m and u would describe pairs
# picked for looking alike (two thirds of them matches), and the weights would punish exactly the evidence
# the blocking selected on. Counted on a wider neighbourhood they stay meaningful, and the posterior they give
# for a wide pair holds for the narrow pairs too, since the narrow keys are functions of the compared values.
TRAINING_BLOCKING_RULES = [
    *BLOCKING_RULES[:3],
    "l.desa_code = r.desa_code AND l.product_key = r.product_key",
    "l.kecamatan_code = r.kecamatan_code AND l.name_sound = r.name_sound",
    "l.kabkota_code = r.kabkota_code AND l.distinct_sorted = r.distinct_sorted AND l.distinct_sorted <> ''",
]


def base_settings(*, blocking_rules: list[str] | None = None) -> dict[str, Any]:
    """Settings without trained parameters: comparisons, blocking rules, output columns."""
    rules = BLOCKING_RULES if blocking_rules is None else blocking_rules
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": UNIQUE_ID,
        "probability_two_random_records_match": 0.01,
        "comparisons": [
            name_comparison(),
            owner_comparison(),
            _exact("nik_hash", "nik", "NIK pemilik"),
            _exact("nib", "nib", "NIB"),
            phone_comparison(),
            place_comparison(),
            _exact("sector", "sektor", "sektor"),
        ],
        "blocking_rules_to_generate_predictions": [{"blocking_rule": rule} for rule in rules],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
    }


def load_settings(path: Path = MODEL_PATH) -> dict[str, Any]:
    """Trained settings from ``path``; the comparisons and blocking come from this module, so code and
    parameters cannot drift apart silently (a mismatch in levels raises)."""
    trained = json.loads(path.read_text(encoding="utf-8"))
    return apply_parameters(base_settings(), trained)


def apply_parameters(settings: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """Copy λ and every level's m and u from ``trained`` onto ``settings`` (matched by name and label)."""
    result = copy.deepcopy(settings)
    result["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    by_name = {c["output_column_name"]: c for c in trained["comparisons"]}
    for comparison in result["comparisons"]:
        levels = by_name[comparison["output_column_name"]]["comparison_levels"]
        if [lv["label_for_charts"] for lv in levels] != [
            lv["label_for_charts"] for lv in comparison["comparison_levels"]
        ]:
            raise ValueError(f"Trained levels of {comparison['output_column_name']} differ from the code.")
        for level, trained_level in zip(comparison["comparison_levels"], levels, strict=True):
            for key in ("m_probability", "u_probability"):
                if key in trained_level:
                    level[key] = trained_level[key]
    return result


def level_labels(settings: dict[str, Any]) -> dict[str, tuple[str, dict[int, str]]]:
    """Per comparison output column: its description and label per gamma value."""
    labels: dict[str, tuple[str, dict[int, str]]] = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        by_gamma = {len(non_null) - 1 - i: lv["label_for_charts"] for i, lv in enumerate(non_null)}
        by_gamma[-1] = "kosong"
        labels[comparison["output_column_name"]] = (comparison["comparison_description"], by_gamma)
    return labels


def gamma_of(output_column: str, label: str) -> int:
    """Splink's gamma value of the level called ``label`` of a comparison."""
    _, by_gamma = level_labels(base_settings())[output_column]
    return next(gamma for gamma, level_label in by_gamma.items() if level_label == label)


def merge_condition_sql() -> str:
    """SQL over a scored pair: may it be merged automatically, whatever its probability?

    The distinctive name words must agree; and a business found in another kecamatan counts as moved only
    when a key of its owner (NIK, phone) or its NIB agrees too. Otherwise it goes to review: namesakes
    with one product are common enough across a kabupaten.
    """
    merge = ", ".join(str(g) for g in NAME_MERGE_GAMMAS)
    far = [gamma_of("lokasi", "kab/kota sama, kecamatan lain"), gamma_of("lokasi", "kab/kota berbeda")]
    keys = " OR ".join(f"gamma_{c} = {gamma_of(c, 'sama')}" for c in ("nik", "telepon", "nib"))
    return f"gamma_{NAME} IN ({merge}) AND (gamma_lokasi NOT IN ({far[0]}, {far[1]}) OR {keys})"
