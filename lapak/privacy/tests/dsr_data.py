"""A business with something in every section "Data saya" shows: a document with a scan, a product with
a SKU (curated, live on the storefront, with catalogue consent), sales, a linked agency row, a merge,
a visit with a photo, a training, a kurasi result and an access-log entry."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from lapak.catalog.models import Product, Sku
from lapak.channels.models import Channel, SalesOrder, SaleSource
from lapak.core.models import AccessAction
from lapak.core.services import access_log_record
from lapak.curation.models import (
    AspectScore,
    Assessment,
    AssignmentStatus,
    CurationAssignment,
    CurationRound,
    CurationStatus,
    Decision,
    RoundStatus,
    RubricVersion,
)
from lapak.ingest.models import ImportBatch, Merge, MergeKind, Source, SourceKind, SourceRecord
from lapak.mentoring.models import MemberRole, Team, TeamMembership, Training, TrainingParticipant, Visit
from lapak.privacy.models import Purpose
from lapak.privacy.selectors import wording_current
from lapak.privacy.services import consent_grant
from lapak.registry.models import Business, DocumentKind, LegalityDocument
from lapak.registry.services import business_update, owner_nik_values

NIK = "3527014507850001"
PHONE = "+6281234567890"
SALES = [125_000, 80_000]


def populate(business: Business, *, name: str = "Keripik Tempe Sagu") -> dict[str, Any]:
    business_update(actor=None, business=business, data={"phone": PHONE, "email": "siti@contoh.id"})
    document = LegalityDocument.objects.create(
        business=business, kind=DocumentKind.NPWP, number=NIK, scan=ContentFile(b"%PDF-1.4 npwp", "npwp.pdf")
    )
    product = _product(business, name)
    for amount in SALES:
        SalesOrder.objects.create(
            business=business, channel=Channel.objects.get(code="shopee"), source=SaleSource.CHANNEL,
            is_online=True, external_id=uuid.uuid4().hex[:12], ordered_at=timezone.now(),
            total_amount=amount, buyer_city="Surabaya",
        )  # fmt: skip
    wording = wording_current(Purpose.KATALOG_PUBLIK)
    consent_grant(actor=None, business=business, purpose=Purpose.KATALOG_PUBLIK, wording=wording)
    record = _source_record(business)
    visit = _visit(business)
    access_log_record(user=None, action=AccessAction.UNMASK, object_repr=f"business:{business.pk}")
    return {"document": document, "product": product, "record": record, "visit": visit}


def _product(business: Business, name: str) -> Product:
    """Curated (the channels app then puts it live on the storefront), with a panel result."""
    product = Product.objects.create(business=business, name=name, category="pangan.keripik")
    Sku.objects.create(product=product, code=f"SKU-{product.pk}", price=15_000, stock=10)
    version = RubricVersion.objects.filter(rubric__code="umum").first()
    assert version is not None
    curation_round = CurationRound.objects.create(
        product=product, number=1, rubric_version=version, status=RoundStatus.COMPLETED,
        decision=Decision.LAYAK_MODERN, total_score=70, completed_at=timezone.now(),
    )  # fmt: skip
    from lapak.accounts.models import Role, User

    curator, _ = User.objects.get_or_create(username="kurator.panel", defaults={"role": Role.KURATOR})
    assignment = CurationAssignment.objects.create(
        round=curation_round, curator=curator, status=AssignmentStatus.SUBMITTED
    )
    assessment = Assessment.objects.create(
        assignment=assignment, rubric_version=version, total_score=70, decision=Decision.LAYAK_MODERN
    )
    aspect = version.aspects.first()
    AspectScore.objects.create(assessment=assessment, aspect=aspect, score=4, note="Kemasan rapi")
    CurationStatus.objects.create(
        product=product, round=curation_round, decision=Decision.LAYAK_MODERN, score=70,
        decided_at=timezone.now(),
    )  # fmt: skip
    return product


def _source_record(business: Business) -> SourceRecord:
    source = Source.objects.create(
        code=f"dinkop-{uuid.uuid4().hex[:6]}", name="Dinas Koperasi Sampang", kind=SourceKind.DINKOP,
        region_id=business.kabkota_id,
    )  # fmt: skip
    batch = ImportBatch.objects.create(
        source=source, file=ContentFile(b"a,b\n", "daftar.csv"), original_name="daftar-umkm.csv",
        file_sha256=uuid.uuid4().hex, region_id=business.kabkota_id,
    )  # fmt: skip
    record = SourceRecord.objects.create(
        source=source, batch=batch, record_key=uuid.uuid4().hex, row_number=7, name=business.name,
        owner_name="Siti Aminah", phone=PHONE, email="siti@contoh.id", address="Jl. Mawar 3",
        kabkota_id=business.kabkota_id, annual_sales=150_000_000, business=business,
        created_at=timezone.now(), **owner_nik_values(NIK),
    )  # fmt: skip
    Merge.objects.create(
        business=business,
        record=record,
        kind=MergeKind.AUTO,
        previous_values={"phone": "+628111", "sector": "x"},
    )
    return record


def _visit(business: Business) -> Visit:
    from lapak.accounts.models import Role, User

    mentor, _ = User.objects.get_or_create(username="pendamping.lapangan", defaults={"role": Role.PENDAMPING})
    team = Team.objects.create(name="Tim Sampang", organisation="Dinas", region_id=business.kabkota_id)
    TeamMembership.objects.create(team=team, user=mentor, role=MemberRole.LEAD)
    visit = Visit.objects.create(
        team=team, mentor=mentor, status="selesai", visit_date=timezone.localdate(),
        place_id=business.desa_id, outcome="Belajar foto produk", latitude=-7.1, longitude=113.2,
    )  # fmt: skip
    visit.businesses.set([business])
    visit.photo.save("foto.jpg", ContentFile(b"\xff\xd8\xff\xd9"))
    start = timezone.now() - datetime.timedelta(days=3)
    training = Training.objects.create(
        team=team, kind="pelatihan", title="Kelas Kemasan", starts_at=start, ends_at=start,
        place_id=business.kabkota_id,
    )  # fmt: skip
    TrainingParticipant.objects.create(training=training, business=business, attended=True)
    return visit
