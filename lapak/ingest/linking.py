"""From linkage clusters to golden records: auto-merge, new golden records, the review queue.

After a batch is committed its source records are linked (``lapak.ingest.linkage``) against each other
and against the registry's businesses in the same kab/kota. Per cluster:

* one registry business in it: every source record of the cluster merges into that business;
* no business, no pending review: a new golden record is created from the cluster's records;
* two or more businesses, or a record with an uncertain pair to a business: the pairs go to the review
  queue and the record waits, unlinked, for a person to decide.

Survivorship: a new golden record takes each field from the cluster's record of the most trusted
source kind (then the most complete record); a merge into an existing business only fills fields that
are empty there. Every field written records its source record and rule (``FieldProvenance``), and each
merge keeps the previous values so that it can be undone.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from django.db import transaction
from django.db.models import QuerySet

from lapak.core.jobs import JobContext
from lapak.ingest.models import (
    FieldProvenance,
    ImportBatch,
    LinkState,
    MatchCandidate,
    Merge,
    MergeKind,
    ReviewStatus,
    SourceKind,
    SourceRecord,
)
from lapak.registry.models import Business, DocumentKind, LegalityDocument
from lapak.registry.services import region_chain_values
from lapak.registry.sizeclass import REGULATION, classify

LINK_JOB = "ingest.link"

# Most trusted first: an agency's verified list beats a seller list typed by the seller.
SOURCE_TRUST: tuple[str, ...] = (
    SourceKind.DINKOP,
    SourceKind.DISPERINDAG,
    SourceKind.DEKRANASDA,
    SourceKind.KOPERASI,
    SourceKind.GALERI,
    SourceKind.MARKETPLACE,
    SourceKind.LAINNYA,
)

# Golden-record fields a source record can fill: business field -> source record field.
SURVIVING_FIELDS: dict[str, str] = {
    "name": "name", "brand": "brand", "owner_name": "owner_name", "owner_sex": "owner_sex",
    "owner_nik_encrypted": "owner_nik_encrypted", "owner_nik_hash": "owner_nik_hash",
    "owner_nik_masked": "owner_nik_masked", "phone": "phone", "email": "email", "address": "address",
    "sector": "sector", "annual_sales": "annual_sales", "employees": "employees",
    "founded_year": "founded_year",
}  # fmt: skip
RULE_TRUST = "sumber paling tepercaya"
RULE_FILL = "mengisi yang kosong"
RULE_REVIEW = "dipilih peninjau"


def record_table(records: Iterable[SourceRecord], businesses: Iterable[Business],
                 nibs: dict[int, str]) -> pa.Table:  # fmt: skip
    """The linkage input (see ``lapak.ingest.linkage``): source records and registry businesses."""
    rows: dict[str, list[Any]] = defaultdict(list)

    def add(record_id: str, source: str, item: Any, nib: str) -> None:
        rows["record_id"].append(record_id)
        rows["source"].append(source)
        for field in ("name", "owner_name", "phone", "address", "sector"):
            rows[field].append(getattr(item, field) or None)
        rows["nik_hash"].append(item.owner_nik_hash or None)
        rows["nib"].append(nib or None)
        rows["desa_code"].append(item.desa_id)
        rows["kecamatan_code"].append(item.kecamatan_id)
        rows["kabkota_code"].append(item.kabkota_id)

    for record in records:
        add(f"s:{record.pk}", record.source.code, record, record.nib)
    for business in businesses:
        add(f"b:{business.pk}", "registry", business, nibs.get(business.pk, ""))
    return pa.table({key: pa.array(values, pa.string()) for key, values in rows.items()})


@dataclass
class Plan:
    """What to write for one batch, decided from the clusters and review pairs."""

    merges: list[tuple[int, int, float | None]]  # (record pk, business pk, probability)
    new_golden: list[list[int]]  # clusters of record pks that become one new business
    reviews: list[tuple[int, int, float, list[dict[str, Any]]]]  # (record pk, business pk, p, evidence)
    incomplete: list[int]


ReviewPair = tuple[str, str, float, list[dict[str, Any]]]


def plan_links(
    clusters: dict[str, list[str]], review_pairs: list[ReviewPair], records_with_desa: set[int]
) -> Plan:
    """Decide merges, new golden records and reviews from ``{cluster id: [record ids]}`` and pairs."""
    plan = Plan([], [], [], [])
    cluster_of = {member: cluster for cluster, members in clusters.items() for member in members}
    held: set[int] = set()
    for left, right, probability, evidence in review_pairs:
        record_id, business_id = (left, right) if left.startswith("s:") else (right, left)
        if not (record_id.startswith("s:") and business_id.startswith("b:")):
            continue
        if cluster_of.get(record_id) == cluster_of.get(business_id):
            continue
        plan.reviews.append((int(record_id[2:]), int(business_id[2:]), probability, evidence))
        held.add(int(record_id[2:]))
    for members in clusters.values():
        businesses = sorted(int(m[2:]) for m in members if m.startswith("b:"))
        records = sorted(int(m[2:]) for m in members if m.startswith("s:"))
        if len(businesses) == 1:
            plan.merges += [(record, businesses[0], None) for record in records]
        elif len(businesses) > 1:
            plan.reviews += [(record, business, 1.0, []) for record in records for business in businesses]
        elif not any(record in held for record in records):
            complete = [record for record in records if record in records_with_desa]
            if complete:
                plan.new_golden.append(records)
            else:
                plan.incomplete += records
    return plan


def _trust_rank(record: SourceRecord) -> tuple[int, int]:
    kind = record.source.kind
    rank = SOURCE_TRUST.index(kind) if kind in SOURCE_TRUST else len(SOURCE_TRUST)
    filled = sum(1 for field in SURVIVING_FIELDS.values() if getattr(record, field) not in ("", None))
    return rank, -filled


def golden_from(records: list[SourceRecord]) -> tuple[Business, dict[str, SourceRecord]]:
    """A new (unsaved) business from a cluster of records and which record each field came from."""
    ranked = sorted(records, key=_trust_rank)
    desa_code = next(record.desa_id for record in ranked if record.desa_id)
    business = Business(**region_chain_values(desa_code), sector="lainnya", owner_name="", name="")
    origin: dict[str, SourceRecord] = {}
    for field, record_field in SURVIVING_FIELDS.items():
        for record in ranked:
            value = getattr(record, record_field)
            if value not in ("", None):
                setattr(business, field, value)
                origin[field] = record
                break
    rederive_size_class(business)
    return business, origin


def rederive_size_class(business: Business) -> None:
    """The PP 7/2021 class follows the sales (or capital) a merge or its undo just changed."""
    size_class, criterion = classify(annual_sales=business.annual_sales, capital=business.capital)
    business.size_class, business.size_criterion = size_class or "", criterion or ""
    business.size_regulation = REGULATION if size_class else ""


def fill_empty(business: Business, record: SourceRecord) -> dict[str, Any]:
    """Fill the business's empty fields from ``record``; returns the previous values of changed fields."""
    previous: dict[str, Any] = {}
    for field, record_field in SURVIVING_FIELDS.items():
        value = getattr(record, record_field)
        if value not in ("", None) and getattr(business, field) in ("", None):
            previous[field] = getattr(business, field)
            setattr(business, field, value)
    return previous


def _candidate_businesses(kabkota_codes: set[str]) -> QuerySet[Business]:
    return Business.objects.filter(kabkota_id__in=kabkota_codes)


def batch_link_run(context: JobContext) -> None:
    """Job body: link a committed batch's records and write merges, golden records and reviews."""
    from lapak.ingest.linkage.link import link

    batch = ImportBatch.objects.get(pk=context.params["batch_id"])
    records = list(
        SourceRecord.objects.filter(batch=batch, link_state=LinkState.UNLINKED).select_related("source")
    )
    if not records:
        return
    context.set_total(len(records))
    kabkota_codes = {record.kabkota_id for record in records}
    businesses = list(_candidate_businesses(kabkota_codes))
    nibs = dict(
        LegalityDocument.objects.filter(
            kind=DocumentKind.NIB, business__kabkota_id__in=kabkota_codes
        ).values_list("business_id", "number")
    )
    result = link(record_table(records, businesses, nibs), cannot_link=_rejected_pairs(batch))
    clusters: dict[str, list[str]] = defaultdict(list)
    for row in result.clusters.to_pylist():
        clusters[row["cluster_id"]].append(row["record_id"])
    pairs = [
        (row["record_id_l"], row["record_id_r"], row["match_probability"], evidence_items(row["evidence"]))
        for row in result.review_pairs.to_pylist()
    ]
    plan = plan_links(clusters, pairs, {record.pk for record in records if record.desa_id})
    apply_plan(plan, {record.pk: record for record in records})
    context.report(len(records), force=True)


def _rejected_pairs(batch: ImportBatch) -> pa.Table:
    """Pairs a reviewer said are different businesses (or whose merge was undone): never merged again."""
    pairs = MatchCandidate.objects.filter(record__batch=batch, status=ReviewStatus.REJECTED).values_list(
        "record_id", "business_id"
    )
    left = [f"s:{record}" for record, _ in pairs]
    right = [f"b:{business}" for _, business in pairs]
    return pa.table({"record_id_l": pa.array(left, pa.string()), "record_id_r": pa.array(right, pa.string())})


def evidence_items(evidence: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The engine's evidence as the review page shows it: "nama usaha: sama persis" and its weight."""
    return [
        {"label": f"{item['comparison']}: {item['level']}", "weight": round(float(item["match_weight"]), 2)}
        for item in evidence or []
    ]


GOLDEN_CHUNK = 2_000


@transaction.atomic
def apply_plan(plan: Plan, records: dict[int, SourceRecord], *, actor: Any = None) -> None:
    """Write the plan: new golden records (in bulk), merges into existing businesses, review candidates."""
    for start in range(0, len(plan.new_golden), GOLDEN_CHUNK):
        _create_golden(plan.new_golden[start : start + GOLDEN_CHUNK], records, actor)
    by_business: dict[int, list[tuple[int, float | None]]] = defaultdict(list)
    for record_pk, business_pk, probability in plan.merges:
        by_business[business_pk].append((record_pk, probability))
    for business in Business.objects.select_for_update().filter(pk__in=by_business):
        for record_pk, probability in by_business[business.pk]:
            merge_into(
                business, records[record_pk], kind=MergeKind.AUTO, probability=probability, actor=actor
            )
    MatchCandidate.objects.bulk_create(
        [
            MatchCandidate(
                record_id=record_pk,
                business_id=business_pk,
                probability=probability,
                evidence=evidence,
                kabkota_id=records[record_pk].kabkota_id,
            )
            for record_pk, business_pk, probability, evidence in plan.reviews
        ],
        ignore_conflicts=True,
        batch_size=GOLDEN_CHUNK,
    )
    SourceRecord.objects.filter(pk__in=plan.incomplete).update(link_state=LinkState.INCOMPLETE)


def _create_golden(clusters: list[list[int]], records: dict[int, SourceRecord], actor: Any) -> None:
    """New golden records for clusters of unlinked records: bulk inserts, a few statements per chunk."""
    built = []
    for cluster in clusters:
        members = [records[pk] for pk in cluster]
        business, origin = golden_from(members)
        business.created_by = actor
        built.append((business, origin, members))
    Business.objects.bulk_create([business for business, _, _ in built])
    merges: list[Merge] = []
    for business, _, members in built:
        for index, record in enumerate(members):
            kind = MergeKind.NEW if index == 0 else MergeKind.AUTO
            merges.append(Merge(business=business, record=record, kind=kind, created_by=actor))
            record.business = business
            record.link_state = LinkState.NEW if index == 0 else LinkState.AUTO
    Merge.objects.bulk_create(merges)
    merge_of = {(merge.business.pk, merge.record.pk): merge for merge in merges}
    FieldProvenance.objects.bulk_create(
        [
            FieldProvenance(
                business=business,
                field=field,
                record=record,
                rule=RULE_TRUST,
                merge=merge_of[(business.pk, record.pk)],
            )
            for business, origin, _ in built
            for field, record in origin.items()
        ]
    )
    SourceRecord.objects.bulk_update(
        [record for _, _, members in built for record in members], ["business", "link_state"], batch_size=500
    )


def merge_into(business: Business, record: SourceRecord, *, kind: str, probability: float | None,
               actor: Any, chosen: Iterable[str] = ()) -> Merge:  # fmt: skip
    """Join ``record`` to ``business``: fill empty fields (and the fields a reviewer ``chosen``)."""
    previous = fill_empty(business, record)
    fill_fields = set(previous)
    for field in chosen:
        if field in SURVIVING_FIELDS and field not in previous:
            previous[field] = getattr(business, field)
            setattr(business, field, getattr(record, SURVIVING_FIELDS[field]))
    if previous:
        rederive_size_class(business)
        business.save()
    merge = Merge.objects.create(
        business=business,
        record=record,
        kind=kind,
        probability=probability,
        previous_values=_previous_with_provenance(business, previous),
        created_by=actor,
    )
    _record_provenance(business, record, merge, sorted(fill_fields), RULE_FILL)
    _record_provenance(business, record, merge, sorted(set(previous) - fill_fields), RULE_REVIEW)
    record.business = business
    record.link_state = LinkState.REVIEWED if kind == MergeKind.REVIEW else LinkState.AUTO
    record.link_probability = probability
    record.save(update_fields=["business", "link_state", "link_probability"])
    return merge


def _previous_with_provenance(business: Business, previous: dict[str, Any]) -> dict[str, Any]:
    """Previous values plus the provenance they had (record, rule, merge), so an undo restores both."""
    had = {
        field: {"record": record, "rule": rule, "merge": merge}
        for field, record, rule, merge in FieldProvenance.objects.filter(
            business=business, field__in=previous
        ).values_list("field", "record_id", "rule", "merge_id")
    }
    empty = {"record": None, "rule": "", "merge": None}
    return {field: {"value": value, **had.get(field, empty)} for field, value in previous.items()}


def _record_provenance(business: Business, record: SourceRecord, merge: Merge, fields: Iterable[str],
                       rule: str) -> None:  # fmt: skip
    for field in fields:
        FieldProvenance.objects.update_or_create(
            business=business, field=field, defaults={"record": record, "rule": rule, "merge": merge}
        )
