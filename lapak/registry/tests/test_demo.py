from __future__ import annotations

from collections import Counter
from io import StringIO
from itertools import chain
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from lapak.accounts.models import Role, User
from lapak.core.crypto import decrypt_text, keyed_hash
from lapak.regions.models import Region
from lapak.registry.demo import (
    AS_OF,
    KABKOTA_WEIGHTS,
    SECTOR_SHARES,
    DemoBusiness,
    businesses_insert,
    generate_businesses,
)
from lapak.registry.legality import legality_status_from
from lapak.registry.models import Business, DocumentKind, LegalityDocument, Sex, VerificationStatus
from lapak.registry.sizeclass import SizeClass, classify
from lapak.registry.validators import (
    nik_birth_info,
    normalize_phone,
    validate_bpom,
    validate_halal,
    validate_nib,
    validate_nik,
    validate_npwp,
    validate_pirt,
)

pytestmark = pytest.mark.django_db


def generated(size: int, **options: Any) -> list[DemoBusiness]:
    return list(chain.from_iterable(generate_businesses(size=size, **options)))


def share(items: list[Any], predicate: Any) -> float:
    return sum(1 for item in items if predicate(item)) / len(items)


def passes(validator: Any, number: str, **context: Any) -> bool:
    try:
        validator(number, **context)
    except ValidationError:
        return False
    return True


@pytest.fixture(scope="module")
def sample(django_db_setup: Any, django_db_blocker: Any) -> list[DemoBusiness]:
    """2,000 generated businesses, shared by the tests that only read them."""
    with django_db_blocker.unblock():
        return generated(2000, seed=11)


def test_it_gives_identical_data_for_the_same_seed_whatever_the_batch_size(regions: None) -> None:
    first = generated(300, seed=7, batch_size=300)
    assert first == generated(300, seed=7, batch_size=64)
    assert first != generated(300, seed=8)


def test_it_honours_size_and_batch_size(regions: None) -> None:
    sizes = [len(batch) for batch in generate_businesses(size=1234, batch_size=500)]
    assert sizes == [500, 500, 234]
    assert list(generate_businesses(size=0)) == []


def test_it_rejects_a_province_without_regions(regions: None) -> None:
    with pytest.raises(ValueError, match="regions_load"):
        generated(10, province_code="99")


def test_it_makes_most_owners_women_and_kopwan_members_only_women(sample: list[DemoBusiness]) -> None:
    assert share(sample, lambda b: b.owner_sex == Sex.FEMALE) >= 0.55
    members = [b for b in sample if b.is_kopwan_member]
    assert len(members) > 50
    assert {b.owner_sex for b in members} == {Sex.FEMALE}


def test_it_mixes_sectors_close_to_the_target_shares(sample: list[DemoBusiness]) -> None:
    counts = Counter(b.sector for b in sample)
    for sector, target in SECTOR_SHARES.items():
        assert abs(counts[sector] / len(sample) - target) < 0.035, sector


def test_it_makes_most_businesses_mikro_with_the_class_derived_from_the_amounts(
    sample: list[DemoBusiness],
) -> None:
    classified = [b for b in sample if b.size_class]
    assert share(classified, lambda b: b.size_class == SizeClass.MIKRO) >= 0.9
    assert {b.size_class for b in classified} >= {SizeClass.MIKRO, SizeClass.KECIL, SizeClass.MENENGAH}
    assert 0 < share(sample, lambda b: not b.size_class) < 0.1
    for business in sample:
        size_class, criterion = classify(annual_sales=business.annual_sales, capital=business.capital)
        assert (business.size_class, business.size_criterion) == (size_class or "", criterion or "")
        assert business.size_regulation == ("PP 7/2021" if size_class else "")


def test_it_gives_valid_niks_mostly_from_the_business_kecamatan(sample: list[DemoBusiness]) -> None:
    with_nik = [b for b in sample if b.owner_nik]
    assert share(sample, lambda b: b.owner_nik) > 0.9
    for business in with_nik:
        validate_nik(business.owner_nik)
        born, sex = nik_birth_info(business.owner_nik)
        assert sex == business.owner_sex
        assert 1950 <= born.year <= 2005
    local = share(with_nik, lambda b: b.owner_nik[:6] == b.kecamatan_code.replace(".", ""))
    assert 0.8 <= local < 1


def test_it_writes_plausible_contacts_and_shop_links(sample: list[DemoBusiness]) -> None:
    phones = [b.phone for b in sample if b.phone]
    assert 0.8 < len(phones) / len(sample) < 0.95
    assert all(normalize_phone(phone) == phone and phone.startswith("+628") for phone in phones)
    assert {len(phone) for phone in phones} == {13, 14, 15}
    assert 0.1 < share(sample, lambda b: b.email) < 0.4
    online = [b for b in sample if b.online_mode != "belum"]
    assert 0.3 < len(online) / len(sample) < 0.5
    assert all(b.shop_links for b in online)
    assert not any(b.shop_links for b in sample if b.online_mode == "belum")
    links = [link for b in online for link in b.shop_links]
    assert {link["platform"] for link in links} == {
        "shopee", "tokopedia", "lazada", "tiktok", "blibli", "instagram"
    }  # fmt: skip
    assert all(link["url"].startswith("https://") for link in links)


def test_it_keeps_pirt_numbers_mostly_in_the_business_kabkota(sample: list[DemoBusiness]) -> None:
    food = [b for b in sample if b.sector == "pangan"]
    pirts = [(b, d) for b in food for d in b.documents if d.kind == DocumentKind.PIRT]
    assert 0.3 < len(pirts) / len(food) < 0.5
    matching = share(
        pirts, lambda pair: passes(validate_pirt, pair[1].number, kabkota_code=pair[0].kabkota_code)
    )
    assert 0.9 <= matching < 1
    assert all(passes(validate_pirt, d.number) for _, d in pirts)  # only the region is ever wrong
    assert {d.expires_on.year % 100 for _, d in pirts} == {int(d.number[-2:]) for _, d in pirts}


def test_it_gives_partial_legality_with_status_from_the_documents(sample: list[DemoBusiness]) -> None:
    documents = [d for b in sample for d in b.documents]
    assert 0.5 < share(sample, lambda b: any(d.kind == DocumentKind.NIB for d in b.documents)) < 0.6
    assert 0.15 < share(sample, lambda b: any(d.kind == DocumentKind.NPWP for d in b.documents)) < 0.25
    statuses = Counter(d.status for d in documents)
    assert statuses[VerificationStatus.PENDING] > statuses[VerificationStatus.VERIFIED] > 0
    assert 0 < statuses[VerificationStatus.REJECTED] < 0.1 * len(documents)
    assert all(d.verification_note for d in documents if d.status == VerificationStatus.REJECTED)
    assert all(d.verified_at is None for d in documents if d.status == VerificationStatus.PENDING)
    for business in sample:
        assert business.legality_status == legality_status_from(d.status for d in business.documents)
    checks = {
        DocumentKind.NIB: validate_nib,
        DocumentKind.NPWP: validate_npwp,
        DocumentKind.HALAL: validate_halal,
        DocumentKind.BPOM: validate_bpom,
    }
    for kind, validator in checks.items():
        numbers = [d.number for d in documents if d.kind == kind]
        assert numbers and share(numbers, lambda n, v=validator: passes(v, n)) > 0.95, kind


def test_it_dates_documents_before_the_snapshot_and_verifies_them_after_issue(
    sample: list[DemoBusiness],
) -> None:
    documents = [d for b in sample for d in b.documents]
    assert all(d.issued_on <= AS_OF.date() for d in documents)
    assert all(d.expires_on > d.issued_on for d in documents if d.expires_on)
    decided = [d for d in documents if d.verified_at]
    assert decided and all(d.issued_on <= d.verified_at.date() and d.verified_at <= AS_OF for d in decided)


def test_it_limits_businesses_to_the_given_kabkota(regions: None) -> None:
    businesses = generated(100, kabkota_codes=["35.27", "35.28"])
    assert {b.kabkota_code for b in businesses} == {"35.27", "35.28"}


def test_it_inserts_businesses_in_real_desa_of_their_kecamatan_and_every_kabkota(regions: None) -> None:
    assert businesses_insert(size=300, seed=3, batch_size=120) == 300
    businesses = list(Business.objects.select_related("desa__parent__parent"))
    assert len(businesses) == 300
    for business in businesses:
        assert business.desa.level == 4
        assert business.desa.parent_id == business.kecamatan_id
        assert business.desa.parent.parent_id == business.kabkota_id
        assert business.province_id == "35"
        latitude, longitude = business.latitude, business.longitude
        assert (latitude is None) == (longitude is None)
        if latitude is not None:
            assert -8.8 <= latitude <= -6.7 and 111.0 <= longitude <= 114.6
    assert {b.kabkota_id for b in businesses} == set(KABKOTA_WEIGHTS)
    assert Region.objects.filter(level=2, parent_id="35").count() == len(KABKOTA_WEIGHTS)


def test_it_stores_the_nik_encrypted_hashed_and_masked(regions: None) -> None:
    businesses_insert(size=150, seed=4)
    stored = list(Business.objects.exclude(owner_nik_masked=""))
    assert len(stored) > 120
    for business in stored:
        nik = decrypt_text(business.owner_nik_encrypted)
        assert nik not in business.owner_nik_encrypted
        assert business.owner_nik_hash == keyed_hash(nik)
        masked = business.owner_nik_masked
        assert masked.count("*") == 8 and masked == f"{nik[:4]}********{nik[-4:]}"


def test_it_stores_documents_and_legality_status_that_agree(regions: None) -> None:
    generated_businesses = generated(200, seed=5)
    businesses_insert(size=200, seed=5)
    stored = Business.objects.order_by("id").prefetch_related("documents")
    for business, demo in zip(stored, generated_businesses, strict=True):
        assert business.name == demo.name and business.shop_links == demo.shop_links
        assert business.legality_status == legality_status_from(d.status for d in business.documents.all())
        assert sorted((d.kind, d.number, d.status) for d in business.documents.all()) == sorted(
            (d.kind, d.number, d.status) for d in demo.documents
        )
    assert LegalityDocument.objects.count() == sum(len(b.documents) for b in generated_businesses)


def test_it_continues_ids_links_owner_accounts_and_reports_progress(regions: None) -> None:
    owner = User.objects.create_user(username="pemilik.uji", password="x", role=Role.PELAKU_USAHA)
    businesses_insert(size=40, seed=1)
    seen: list[int] = []
    businesses_insert(size=90, seed=2, batch_size=50, progress=seen.append, owner_accounts={0: owner.pk})
    assert seen == [50, 90]
    assert Business.objects.count() == 130
    first_of_second_load = Business.objects.order_by("id")[40]
    assert first_of_second_load.owner_account == owner
    assert Business.objects.filter(owner_account=owner).count() == 1


def test_it_loads_demo_data_once_and_again_with_reset(regions: None) -> None:
    out = StringIO()
    call_command("demo_data", size=300, stdout=out)
    assert Business.objects.count() == 300
    assert User.objects.filter(username__in=["admin", "operator.sampang", "pemilik"]).count() == 3
    assert Business.objects.filter(owner_account__username="pemilik", kabkota_id="35.27").count() == 2
    call_command("demo_data", size=80, stdout=out)
    assert Business.objects.count() == 300
    assert "dilewati" in out.getvalue()
    call_command("demo_data", size=250, seed=3, reset=True, stdout=out)
    assert Business.objects.count() == 250
    assert Business.objects.filter(owner_account__username="pemilik", kabkota_id="35.27").count() == 2
