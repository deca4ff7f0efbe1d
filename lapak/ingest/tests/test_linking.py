"""From clusters to golden records: planning, survivorship, provenance, review decisions and undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lapak.accounts.models import User
from lapak.ingest import services
from lapak.ingest.linking import RULE_FILL, RULE_TRUST, Plan, apply_plan, plan_links
from lapak.ingest.models import (
    FieldProvenance,
    ImportBatch,
    LinkState,
    MatchCandidate,
    Merge,
    MergeKind,
    ReviewStatus,
    Source,
    SourceKind,
    SourceRecord,
)
from lapak.regions.models import Region
from lapak.registry.models import Business

SAMPANG = "35.27"


def test_a_cluster_with_one_business_merges_into_it() -> None:
    plan = plan_links({"b:1": ["b:1", "s:10", "s:11"]}, [], {10, 11})
    assert plan.merges == [(10, 1, None), (11, 1, None)]
    assert plan.new_golden == [] and plan.reviews == []


def test_records_alone_become_a_new_golden_record_once_placed_in_a_desa() -> None:
    plan = plan_links({"s:10": ["s:10", "s:11"], "s:12": ["s:12"]}, [], {10})
    assert plan.new_golden == [[10, 11]]
    assert plan.incomplete == [12]


def test_an_uncertain_pair_holds_the_record_for_review() -> None:
    evidence = [{"label": "nama usaha: mirip", "weight": 2.0}]
    plan = plan_links({"s:10": ["s:10"], "b:1": ["b:1"]}, [("b:1", "s:10", 0.8, evidence)], {10})
    assert plan.reviews == [(10, 1, 0.8, evidence)]
    assert plan.new_golden == []


def test_two_businesses_in_one_cluster_are_never_merged_automatically() -> None:
    plan = plan_links({"b:1": ["b:1", "b:2", "s:10"]}, [], {10})
    assert plan.merges == []
    assert sorted((record, business) for record, business, *_ in plan.reviews) == [(10, 1), (10, 2)]


@pytest.fixture
def record_factory(users: dict[str, User]) -> Callable[..., SourceRecord]:
    desa = Region.objects.filter(code__startswith=SAMPANG + ".", level=4).order_by("code").first()
    assert desa is not None
    counter = iter(range(1, 10_000))

    def make(kind: str = SourceKind.DINKOP, **fields: Any) -> SourceRecord:
        number = next(counter)
        source, _ = Source.objects.get_or_create(
            code=kind, defaults={"name": kind, "kind": kind, "region_id": SAMPANG}
        )
        batch = ImportBatch.objects.create(
            source=source, file="x.csv", original_name="x.csv", file_sha256=str(number), region_id=SAMPANG
        )
        values: dict[str, Any] = {
            "name": "Kerupuk Ikan Bu Nah",
            "owner_name": "Nah",
            "desa_id": desa.code,
            "kecamatan_id": desa.code[:8],
            "kabkota_id": SAMPANG,
            "sector": "pangan",
        }
        values.update(fields)
        return SourceRecord.objects.create(
            source=source,
            batch=batch,
            record_key=f"k{number}",
            row_number=number,
            created_at=timezone.now(),
            **values,
        )

    return make


def test_a_new_golden_record_takes_each_field_from_the_most_trusted_source(
    record_factory: Callable[..., SourceRecord],
) -> None:
    seller = record_factory(SourceKind.MARKETPLACE, name="KERUPUK BU NAH OFFICIAL", phone="+6281234567890")
    agency = record_factory(SourceKind.DINKOP, name="Kerupuk Ikan Bu Nah", phone="")
    apply_plan(Plan([], [[seller.pk, agency.pk]], [], []), {seller.pk: seller, agency.pk: agency})
    agency.refresh_from_db()
    business = agency.business
    assert business is not None and business.name == "Kerupuk Ikan Bu Nah"
    assert business.phone == "+6281234567890"  # only the seller list has one
    assert business.kabkota_id == SAMPANG
    origins = {p.field: (p.record_id, p.rule) for p in FieldProvenance.objects.filter(business=business)}
    assert origins["name"] == (agency.pk, RULE_TRUST) and origins["phone"] == (seller.pk, RULE_TRUST)
    assert {r.link_state for r in SourceRecord.objects.filter(business=business)} == {
        LinkState.NEW,
        LinkState.AUTO,
    }


def test_merging_into_an_existing_business_fills_only_empty_fields_and_can_be_undone(
    record_factory: Callable[..., SourceRecord], sampang_business: Business, users: dict[str, User]
) -> None:
    Business.objects.filter(pk=sampang_business.pk).update(phone="", email="")
    original_name = sampang_business.name
    record = record_factory(name="Nama Lain", phone="+6281234567890", email="nah@contoh.id")
    apply_plan(Plan([(record.pk, sampang_business.pk, 0.99)], [], [], []), {record.pk: record})
    sampang_business.refresh_from_db()
    assert sampang_business.name == original_name  # an existing value is kept
    assert sampang_business.phone == "+6281234567890" and sampang_business.email == "nah@contoh.id"
    assert FieldProvenance.objects.get(business=sampang_business, field="phone").rule == RULE_FILL
    merge = Merge.objects.get(record=record)
    services.merge_undo(actor=users["admin"], merge=merge)
    sampang_business.refresh_from_db()
    record.refresh_from_db()
    assert (sampang_business.phone, sampang_business.email) == ("", "")
    assert not FieldProvenance.objects.filter(business=sampang_business).exists()
    assert record.business is None and record.link_state == LinkState.UNLINKED
    # Remembered as "not the same", so the next linkage run does not merge the pair again.
    assert (
        MatchCandidate.objects.get(record=record, business=sampang_business).status == ReviewStatus.REJECTED
    )
    with pytest.raises(ValidationError):
        services.merge_undo(actor=users["admin"], merge=Merge.objects.get(pk=merge.pk))


def test_undo_keeps_a_value_changed_since_the_merge(
    record_factory: Callable[..., SourceRecord], sampang_business: Business, users: dict[str, User]
) -> None:
    Business.objects.filter(pk=sampang_business.pk).update(phone="")
    record = record_factory(phone="+6281234567890")
    apply_plan(Plan([(record.pk, sampang_business.pk, None)], [], [], []), {record.pk: record})
    Business.objects.filter(pk=sampang_business.pk).update(phone="+6289999999999")  # an officer corrected it
    services.merge_undo(actor=users["admin"], merge=Merge.objects.get(record=record))
    sampang_business.refresh_from_db()
    assert sampang_business.phone == "+6289999999999"


def test_undoing_the_merge_that_created_a_golden_record(
    record_factory: Callable[..., SourceRecord], users: dict[str, User]
) -> None:
    first, second = record_factory(), record_factory(SourceKind.GALERI)
    apply_plan(Plan([], [[first.pk, second.pk]], [], []), {first.pk: first, second.pk: second})
    first.refresh_from_db()
    business = first.business
    assert business is not None
    creation = Merge.objects.get(business=business, kind=MergeKind.NEW)
    with pytest.raises(ValidationError, match="sudah punya rekaman lain"):
        services.merge_undo(actor=users["admin"], merge=creation)
    services.merge_undo(actor=users["admin"], merge=Merge.objects.get(business=business, kind=MergeKind.AUTO))
    services.merge_undo(actor=users["admin"], merge=creation)
    assert not Business.objects.filter(pk=business.pk).exists()
    assert SourceRecord.objects.filter(business__isnull=True).count() == 2


def test_a_reviewer_accepts_with_picked_fields_and_the_undo_restores_them(
    record_factory: Callable[..., SourceRecord], sampang_business: Business, users: dict[str, User]
) -> None:
    record = record_factory(name="Kerupuk Ikan Bu Nah (ejaan resmi)")
    candidate = MatchCandidate.objects.create(
        record=record, business=sampang_business, probability=0.8, kabkota_id=SAMPANG
    )
    other = MatchCandidate.objects.create(
        record=record,
        business=Business.objects.create(
            **{
                f: getattr(sampang_business, f)
                for f in ("province_id", "kabkota_id", "kecamatan_id", "desa_id", "owner_name", "sector")
            },
            name="Lain",
        ),
        probability=0.7,
        kabkota_id=SAMPANG,
    )
    before = sampang_business.name
    merge = services.review_accept(actor=users["operator"], candidate=candidate, fields=["name"])
    sampang_business.refresh_from_db()
    assert sampang_business.name == "Kerupuk Ikan Bu Nah (ejaan resmi)"
    assert merge.kind == MergeKind.REVIEW
    assert MatchCandidate.objects.get(pk=other.pk).status == ReviewStatus.REJECTED
    services.merge_undo(actor=users["operator"], merge=merge)
    sampang_business.refresh_from_db()
    assert sampang_business.name == before


def test_rejecting_the_last_candidate_gives_the_record_its_own_golden_record(
    record_factory: Callable[..., SourceRecord], sampang_business: Business, users: dict[str, User]
) -> None:
    record = record_factory(name="Kerupuk Ikan Bu Nur")
    candidate = MatchCandidate.objects.create(
        record=record, business=sampang_business, probability=0.7, kabkota_id=SAMPANG
    )
    services.review_reject(actor=users["operator"], candidate=candidate)
    record.refresh_from_db()
    assert record.business is not None and record.business != sampang_business
    assert record.business.name == "Kerupuk Ikan Bu Nur"


def test_roles_without_merge_rights_cannot_decide(
    record_factory: Callable[..., SourceRecord], sampang_business: Business, users: dict[str, User]
) -> None:
    from django.core.exceptions import PermissionDenied

    candidate = MatchCandidate.objects.create(
        record=record_factory(), business=sampang_business, probability=0.7, kabkota_id=SAMPANG
    )
    for role in ("kurator", "pimpinan", "pendamping"):
        with pytest.raises(PermissionDenied):
            services.review_accept(actor=users[role], candidate=candidate)


def test_a_merge_and_its_undo_keep_the_size_class_in_step(
    record_factory: Callable[..., SourceRecord], sampang_business: Business, users: dict[str, User]
) -> None:
    Business.objects.filter(pk=sampang_business.pk).update(annual_sales=150_000_000, size_class="mikro")
    record = record_factory(annual_sales=60_000_000_000)
    candidate = MatchCandidate.objects.create(
        record=record, business=sampang_business, probability=0.8, kabkota_id=SAMPANG
    )
    merge = services.review_accept(actor=users["operator"], candidate=candidate, fields=["annual_sales"])
    sampang_business.refresh_from_db()
    assert sampang_business.size_class == "besar"
    services.merge_undo(actor=users["operator"], merge=merge)
    sampang_business.refresh_from_db()
    assert (sampang_business.annual_sales, sampang_business.size_class) == (150_000_000, "mikro")


def test_undoing_two_merges_in_turn_restores_each_provenance(
    record_factory: Callable[..., SourceRecord], sampang_business: Business, users: dict[str, User]
) -> None:
    Business.objects.filter(pk=sampang_business.pk).update(email="")
    first = record_factory(email="satu@contoh.id")
    apply_plan(Plan([(first.pk, sampang_business.pk, None)], [], [], []), {first.pk: first})
    second = record_factory(email="dua@contoh.id")
    candidate = MatchCandidate.objects.create(
        record=second, business=sampang_business, probability=0.8, kabkota_id=SAMPANG
    )
    second_merge = services.review_accept(actor=users["operator"], candidate=candidate, fields=["email"])
    services.merge_undo(actor=users["operator"], merge=second_merge)
    origin = FieldProvenance.objects.get(business=sampang_business, field="email")
    first_merge = Merge.objects.get(record=first)
    assert (origin.record_id, origin.merge_id) == (first.pk, first_merge.pk)
    services.merge_undo(actor=users["operator"], merge=first_merge)
    sampang_business.refresh_from_db()
    assert sampang_business.email == ""
    assert not FieldProvenance.objects.filter(business=sampang_business, field="email").exists()


def test_two_agency_lists_link_into_golden_records_end_to_end(
    users: dict[str, User], settings: Any, tmp_path: Any
) -> None:
    """Dinas Koperasi's list, then the Galeri's: the same businesses spelled differently join one record."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lapak.core.jobs import jobs_run_pending

    settings.MEDIA_ROOT = str(tmp_path)
    settings.LAPAK_LINK_AFTER_IMPORT = True
    admin = users["admin"]
    dinkop = services.source_create(actor=admin, code="dinkop", name="Dinas Koperasi", kind=SourceKind.DINKOP)
    galeri = services.source_create(actor=admin, code="galeri", name="Galeri UMKM", kind=SourceKind.GALERI)
    header = "Nama Usaha;Nama Pemilik;No HP;Desa/Kel;Kecamatan;Kab/Kota\n"
    first = header + (
        "UD Kripik Tempe Bu Sri;Sri Wahyuni;081234567890;Taddan;Camplong;Sampang\n"
        "Kripik Tempe Bu Siti;Siti Aminah;081298765432;Taddan;Camplong;Sampang\n"
        "Batik Tulis Melati;Hasanah;081311112222;Taddan;Camplong;Sampang\n"
    )
    second = header + (
        "KERIPIK TEMPE SRI;Ibu Sri Wahyuni;0812-3456-7890;Ds. Taddan;Kec. Camplong;Kab. Sampang\n"
        "Kerupuk Ikan Pak Hasan;Hasan;081355556666;Taddan;Camplong;Sampang\n"
    )
    for source, body in ((dinkop, first), (galeri, second)):
        batch = services.batch_upload(
            actor=admin, source=source, upload=SimpleUploadedFile("d.csv", body.encode())
        )
        services.batch_map(actor=admin, batch=batch, mapping=batch.column_mapping, save_profile=False)
        jobs_run_pending()
        batch.refresh_from_db()
        services.batch_commit(actor=admin, batch=batch)
        jobs_run_pending()  # commit, then the linkage job it queues
    records = {record.name: record for record in SourceRecord.objects.all()}
    sri, siti = records["UD Kripik Tempe Bu Sri"], records["Kripik Tempe Bu Siti"]
    assert sri.business_id is not None and siti.business_id is not None
    assert sri.business_id != siti.business_id  # a dense product cluster: different owners, different shops
    assert records["KERIPIK TEMPE SRI"].business_id == sri.business_id
    assert records["Kerupuk Ikan Pak Hasan"].business_id not in (
        None,
        records["Batik Tulis Melati"].business_id,
    )
    assert Business.objects.count() == 4
    golden = Business.objects.get(pk=sri.business_id)
    assert golden.name == "UD Kripik Tempe Bu Sri"  # the Dinas list is trusted over the Galeri's
    assert set(golden.source_records.values_list("source__code", flat=True)) == {"dinkop", "galeri"}
    # A reviewer undoes the cross-source merge: linking the batch again must not redo it.
    from lapak.core.jobs import job_enqueue
    from lapak.ingest.linking import LINK_JOB

    galeri_record = records["KERIPIK TEMPE SRI"]
    services.merge_undo(actor=admin, merge=Merge.objects.get(record=galeri_record, undone_at__isnull=True))
    job_enqueue(kind=LINK_JOB, params={"batch_id": galeri_record.batch_id})
    jobs_run_pending()
    galeri_record.refresh_from_db()
    assert galeri_record.business_id is not None and galeri_record.business_id != sri.business_id
