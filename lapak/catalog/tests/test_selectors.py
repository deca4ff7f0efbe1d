"""Reads: scope, readiness from the database, certification states, local content and local suppliers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lapak.catalog import selectors
from lapak.catalog.models import Product
from lapak.catalog.readiness import CertState
from lapak.catalog.services import certifications_set
from lapak.catalog.tests.conftest import upload
from lapak.registry.models import DocumentKind, LegalityDocument, Sector, VerificationStatus

pytestmark = pytest.mark.django_db


def test_products_follow_the_business_scope(users: dict, make_product: Any, surabaya_business: Any) -> None:
    own = make_product()
    other = make_product(business=surabaya_business)
    assert set(Product.objects.visible_to(users["pemilik"])) == {own}
    assert set(Product.objects.visible_to(users["other_operator"])) == {other}
    assert set(Product.objects.visible_to(users["admin"])) == {own, other}
    assert not Product.objects.visible_to(users["mitra"]).exists()
    assert not Product.objects.restrict(users["kurator"], "change").exists()
    assert selectors.product_can_change(user=users["pendamping"], product=own)
    assert not selectors.product_can_change(user=users["kurator"], product=own)


def test_certification_state_reads_the_linked_document(sampang_business: Any) -> None:
    today = date(2026, 11, 22)
    doc = LegalityDocument(business=sampang_business, kind=DocumentKind.HALAL, number="ID35110000123456")
    assert selectors.certification_state(None, today=today) == CertState.NO_DOCUMENT
    assert selectors.certification_state(doc, today=today) == CertState.PENDING
    doc.status = VerificationStatus.VERIFIED
    assert selectors.certification_state(doc, today=today) == CertState.VALID
    doc.expires_on = today - timedelta(days=1)
    assert selectors.certification_state(doc, today=today) == CertState.EXPIRED
    doc.status = VerificationStatus.REJECTED
    assert selectors.certification_state(doc, today=today) == CertState.REJECTED


def test_readiness_from_the_database(make_product: Any, sampang_business: Any) -> None:
    product = make_product(photos=[upload(), upload(), upload(width=1000, height=800)])
    shopee = {r.channel: r for r in selectors.product_readiness(product=product, today=date(2026, 11, 22))}[
        "shopee"
    ]
    assert [c.code for c in shopee.checks if not c.ok] == ["licence", "halal"]
    pirt = LegalityDocument.objects.create(
        business=sampang_business, kind=DocumentKind.PIRT, number="2352701010131",
        status=VerificationStatus.VERIFIED, expires_on=timezone.localdate() + timedelta(days=400),
    )  # fmt: skip
    halal = LegalityDocument.objects.create(
        business=sampang_business, kind=DocumentKind.HALAL, number="ID35110000123456"
    )
    certifications_set(
        actor=None,
        product=product,
        certifications=[{"kind": "pirt", "document": pirt}, {"kind": "halal", "document": halal}],
    )
    readiness = selectors.product_readiness(product=product, today=date(2026, 11, 22))
    assert all(r.is_ready for r in readiness), [r.missing for r in readiness]


def test_local_content_by_kabkota_is_set_based_and_scoped(
    users: dict, make_product: Any, surabaya_business: Any, django_assert_max_num_queries: Any
) -> None:
    make_product(
        raw_materials=[
            {"name": "Ikan", "origin": "kabkota", "share": 60},
            {"name": "Terigu", "origin": "impor", "origin_country": "AU", "share": 40},
        ]
    )
    make_product(raw_materials=[{"name": "Singkong", "origin": "provinsi", "share": 100}])
    make_product(
        business=surabaya_business, raw_materials=[{"name": "Kain", "origin": "provinsi_lain", "share": 50}]
    )
    with django_assert_max_num_queries(2):  # the admin's home region, then one grouped query
        rows = selectors.local_content_by_kabkota(user=users["admin"])
    by_code = {row.kabkota_code: row for row in rows}
    sampang = by_code["35.27"]
    assert (sampang.products, sampang.local, sampang.domestic, sampang.imported) == (
        2, Decimal("80.0"), Decimal("80.0"), Decimal("20.0")
    )  # fmt: skip
    assert (by_code["35.78"].local, by_code["35.78"].domestic) == (Decimal(0), Decimal("100.0"))
    assert [r.kabkota_code for r in selectors.local_content_by_kabkota(user=users["operator"])] == ["35.27"]
    assert selectors.local_content_by_kabkota(user=users["mitra"]) == []


def test_local_suppliers_for_imported_inputs(users: dict, make_business: Any, make_product: Any) -> None:
    weaver = make_business("35.27", name="Tenun Ikat Madura", sector=Sector.FASHION, kbli_code="13122")
    make_business("35.78", name="Pemintalan Surabaya", sector=Sector.FASHION, kbli_code="13111")
    make_business("35.27", name="Warung Kopi", sector=Sector.SERVICE, kbli_code="56303")
    mill = make_business("35.27", name="Usaha Singkong Jaya", sector=Sector.AGRI, kbli_code="")
    make_product(business=mill, name="Tepung Tapioka Singkong", category="pangan.keripik")
    product = make_product(
        name="Batik Tulis",
        category="fesyen.batik-tulis",
        raw_materials=[
            {"name": "Kain katun", "origin": "impor", "origin_country": "CN", "share": 50},
            {"name": "Tepung tapioka", "origin": "provinsi_lain", "share": 10},
            {"name": "Malam", "origin": "kabkota", "share": 10},
        ],
    )
    suggestions = {
        s.material.name: s for s in selectors.local_sources_for(product=product, user=users["operator"])
    }
    assert set(suggestions) == {"Kain katun", "Tepung tapioka"}  # a local material needs no supplier
    cloth = suggestions["Kain katun"]
    assert cloth.total == 2 and dict(cloth.by_kabkota) == {"Kabupaten Sampang": 1, "Kota Surabaya": 1}
    # Only the Sampang weaver is in the operator's scope: named, with the reason; Surabaya is only counted.
    assert [(m.business, m.reason) for m in cloth.shown] == [(weaver, "KBLI 13122")]
    starch = suggestions["Tepung tapioka"]
    assert [(m.business, m.reason) for m in starch.shown] == [(mill, "Tepung Tapioka Singkong")]
    assert selectors.local_sources_for(product=product, user=users["mitra"])[0].shown == []
