"""The linkage model on the hard cases, written out as small explicit lists, and on a generated sample."""

from __future__ import annotations

import math
import random
import time
from typing import Any

import pyarrow as pa
import pytest

from lapak.ingest.linkage import LinkageResult, link, pairwise_scores
from lapak.ingest.linkage.engine import INPUT_COLUMNS
from lapak.ingest.linkage.model import base_settings, load_settings
from lapak.ingest.linkage.synthetic import generate_table

SANAN = "35.73.01.1007"  # Purwantoro, Blimbing: Kampung Sanan, the keripik tempe makers of Kota Malang


def _record(record_id: str, source: str, name: str, **fields: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = dict.fromkeys(INPUT_COLUMNS)
    row.update(record_id=record_id, source=source, name=name, **fields)
    desa = row["desa_code"]
    if desa:
        row["kecamatan_code"] = row["kecamatan_code"] or desa[:8]
        row["kabkota_code"] = row["kabkota_code"] or desa[:5]
    return row


def _sanan(**fields: str | None) -> dict[str, str | None]:
    return {"desa_code": SANAN, "sector": "pangan", **fields}


# Each business twice (Dinas Koperasi and Disperindag), typed differently; plus the hard neighbours.
HARD_CASES = [
    # Two keripik tempe makers of one desa whose names differ only in the owner's word.
    _record(
        "s:01",
        "dinkop",
        "UD Kripik Tempe Bu Sri",
        **_sanan(
            owner_name="Sri Wahyuni",
            phone="0812-3456-7890",
            nik_hash="aa01",
            address="Jl. Sanan No. 12 RT 02/RW 03",
        ),
    ),
    _record(
        "s:02",
        "disperindag",
        "KERIPIK TEMPE SRI",
        **_sanan(
            owner_name="SRI WAHYUNI, S.Pd", phone="+62 812 3456 7890", address="Jalan Sanan no 12 rt.2 rw.3"
        ),
    ),
    _record(
        "s:03",
        "dinkop",
        "Keripik Tempe Bu Siti",
        **_sanan(
            owner_name="Siti Aminah",
            phone="0813-1111-2222",
            nik_hash="aa03",
            address="Jl. Sanan No. 40 RT 02/RW 03",
        ),
    ),
    _record(
        "s:04",
        "disperindag",
        "Kripik Tempe Ibu Siti",
        **_sanan(owner_name="Hj. Siti Aminah", phone="081311112222", nik_hash="aa03"),
    ),
    # The same owner's second business: same NIK, phone and address, another product.
    _record(
        "s:05",
        "dinkop",
        "Jamu Gendong Bu Sri",
        **_sanan(
            owner_name="Sri Wahyuni",
            phone="0812-3456-7890",
            nik_hash="aa01",
            address="Jl. Sanan No. 12 RT 02/RW 03",
            sector="herbal",
        ),
    ),
    # The daughter's shop at the mother's address, same product and the household phone.
    _record(
        "s:06",
        "dinkop",
        "Keripik Tempe Mbak Rina",
        **_sanan(
            owner_name="Rina Safitri",
            phone="0812-3456-7890",
            nik_hash="aa06",
            address="Jl. Sanan No. 12 RT 02/RW 03",
        ),
    ),
    # Keripik (chips) next to kerupuk (crackers) of the same brand word in one desa.
    _record(
        "s:07",
        "dinkop",
        "Keripik Singkong Barokah",
        **_sanan(owner_name="Ahmad Fauzi", phone="0856-7000-1111"),
    ),
    _record(
        "s:08",
        "disperindag",
        "Kerupuk Singkong Barokah",
        **_sanan(owner_name="Budi Santoso", phone="0857-7000-2222"),
    ),
    # A business that moved to another kecamatan: same name, owner and NIK, new desa and address.
    _record(
        "s:09",
        "dinkop",
        "UD Batik Tulis Sekar Arum",
        desa_code="35.07.21.2003",
        owner_name="Hj. Endang Lestari",
        nik_hash="bb09",
        phone="0878-5555-1234",
        address="Dusun Krajan RT 01/RW 02",
        sector="fashion",
    ),
    _record(
        "s:10",
        "disperindag",
        "BATIK TULIS SEKAR ARUM",
        desa_code="35.07.15.2007",
        owner_name="ENDANG LESTARI",
        nik_hash="bb09",
        phone="6287855551234",
        address="Jl. Melati No. 7",
        sector="fashion",
    ),
]


@pytest.fixture(scope="module")
def hard() -> LinkageResult:
    return link(pa.Table.from_pylist(HARD_CASES))


def _together(result: LinkageResult, left: str, right: str) -> bool:
    cluster = dict(
        zip(result.clusters["record_id"].to_pylist(), result.clusters["cluster_id"].to_pylist(), strict=True)
    )
    return cluster[left] == cluster[right]


def test_it_links_one_business_typed_two_ways(hard: LinkageResult) -> None:
    assert _together(hard, "s:01", "s:02")  # "UD Kripik Tempe Bu Sri" / "KERIPIK TEMPE SRI", same phone
    assert _together(hard, "s:03", "s:04")


def test_it_keeps_neighbouring_makers_of_one_product_apart(hard: LinkageResult) -> None:
    assert not _together(hard, "s:01", "s:03")


def test_it_keeps_one_owners_two_businesses_apart(hard: LinkageResult) -> None:
    assert not _together(hard, "s:01", "s:05")


def test_it_keeps_mother_and_daughter_at_one_address_apart(hard: LinkageResult) -> None:
    assert not _together(hard, "s:01", "s:06")


def test_it_keeps_keripik_and_kerupuk_apart(hard: LinkageResult) -> None:
    assert not _together(hard, "s:07", "s:08")


def test_it_links_a_business_that_moved(hard: LinkageResult) -> None:
    assert _together(hard, "s:09", "s:10")


def test_its_cluster_id_is_the_smallest_record_id_whatever_the_input_order(hard: LinkageResult) -> None:
    shuffled = HARD_CASES[:]
    random.Random(1).shuffle(shuffled)
    again = link(pa.Table.from_pylist(shuffled))
    assert again.clusters.to_pylist() == hard.clusters.to_pylist()
    assert {row["record_id"]: row["cluster_id"] for row in hard.clusters.to_pylist()}["s:02"] == "s:01"


def test_it_explains_a_pair_in_indonesian(hard: LinkageResult) -> None:
    evidence = {line.comparison: line for line in hard.evidence("s:02", "s:01")}
    assert evidence["nama usaha"].level == "sama persis"
    assert evidence["telepon"].level == "sama" and evidence["telepon"].match_weight > 0
    assert evidence["NIK pemilik"].level == "kosong" and evidence["NIK pemilik"].match_weight == 0
    assert hard.evidence("s:01", "s:09") == []  # never compared


def test_it_offers_uncertain_pairs_for_review_with_evidence() -> None:
    # The same shop, one list without the owner's word in its name: for a person to decide.
    records = [
        _record("r:1", "dinkop", "Keripik Tempe", **_sanan(owner_name="Sri Wahyuni", phone="0812-3456-7890")),
        _record(
            "r:2", "disperindag", "Keripik Tempe Bu Sri", **_sanan(owner_name="Sri", phone="0812-3456-7890")
        ),
    ]
    result = link(pa.Table.from_pylist(records))
    assert not _together(result, "r:1", "r:2")
    (pair,) = result.review_pairs.to_pylist()
    assert (pair["record_id_l"], pair["record_id_r"]) == ("r:1", "r:2")
    levels = {line["comparison"]: line["level"] for line in pair["evidence"]}
    assert levels["nama usaha"] == "hanya nama produk, tanpa bagian khas"


def test_it_rejects_duplicate_record_ids() -> None:
    with pytest.raises(ValueError, match="unique"):
        link(pa.Table.from_pylist([HARD_CASES[0], HARD_CASES[0]]))


def test_it_links_a_generated_sample_well_and_fast() -> None:
    records = generate_table(size=3000, seed=99)
    started = time.perf_counter()
    result = link(records.drop_columns(["entity_id"]))
    seconds = time.perf_counter() - started
    scores = pairwise_scores(result.clusters, records)
    assert scores.precision >= 0.97
    assert scores.f1 >= 0.95
    assert seconds < 15


def test_the_shipped_parameters_fit_the_comparisons_in_code() -> None:
    settings: dict[str, Any] = load_settings()
    assert 0 < settings["probability_two_random_records_match"] < 1
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                assert 0 < level["u_probability"] < 1 and 0 < level["m_probability"] < 1
    assert [c["output_column_name"] for c in settings["comparisons"]] == [
        c["output_column_name"] for c in base_settings()["comparisons"]
    ]


def test_owner_evidence_alone_never_merges_even_when_overwhelming() -> None:
    # Make a shared NIK worth 40 bits: the pair of one owner's two businesses now scores ~1, and must still
    # stay apart, because the distinctive words of the names do not agree ("Jamu Gendong" vs "Keripik").
    settings = load_settings()
    nik = next(c for c in settings["comparisons"] if c["output_column_name"] == "nik")
    next(level for level in nik["comparison_levels"] if level["label_for_charts"] == "sama")[
        "u_probability"
    ] = 1e-12
    result = link(pa.Table.from_pylist(HARD_CASES), settings=settings)
    (pair,) = [
        p for p in result.pairs.to_pylist() if (p["record_id_l"], p["record_id_r"]) == ("s:01", "s:05")
    ]
    assert pair["match_probability"] > 0.99
    assert not pair["merged"]
    assert not _together(result, "s:01", "s:05")
    assert _together(result, "s:01", "s:02")


def test_a_pair_a_reviewer_rejected_is_never_merged_again(hard: LinkageResult) -> None:
    assert _together(hard, "s:01", "s:02")
    rejected = pa.table({"record_id_l": ["s:02"], "record_id_r": ["s:01"]})
    result = link(pa.Table.from_pylist(HARD_CASES), cannot_link=rejected)
    assert not _together(result, "s:01", "s:02")
    assert ("s:01", "s:02") not in {
        (p["record_id_l"], p["record_id_r"]) for p in result.review_pairs.to_pylist()
    }
    assert _together(result, "s:03", "s:04")


def test_scored_pairs_have_the_smaller_record_id_on_the_left(hard: LinkageResult) -> None:
    assert hard.pairs.num_rows > 0
    assert all(p["record_id_l"] < p["record_id_r"] for p in hard.pairs.to_pylist())


def test_it_can_be_retrained_on_labelled_records() -> None:
    from lapak.ingest.linkage.train import train_settings

    settings = train_settings(generate_table(size=4000, seed=3))
    weights = {
        (c["output_column_name"], level["label_for_charts"]): math.log2(
            level["m_probability"] / level["u_probability"]
        )
        for c in settings["comparisons"]
        for level in c["comparison_levels"]
        if not level.get("is_null_level")
    }
    assert weights[("nama_usaha", "sama persis")] > 1
    assert weights[("nama_usaha", "bagian khas sama, produk berbeda")] < -3
    assert weights[("telepon", "sama")] > 1 and weights[("telepon", "berbeda")] < 0
    assert 0 < settings["probability_two_random_records_match"] < 1
    result = link(pa.Table.from_pylist(HARD_CASES), settings=settings)
    assert _together(result, "s:01", "s:02") and not _together(result, "s:01", "s:05")
