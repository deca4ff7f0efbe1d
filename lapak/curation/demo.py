"""Demo kurasi: rubrics, curator assignments and assessments of the catalogue's demo products, a panel,
a re-curation of the demo owner's product, and a confirmed produk unggulan list for Kota Surabaya.

Runs after the catalogue's demo products exist; everything goes through the services (a few dozen
products, so a loop is fine). Same seed, same scores. Skipped when any kurasi round exists.
"""

from __future__ import annotations

import random
from typing import Any

from auditlog.context import disable_auditlog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from lapak.accounts.demo import DEMO_OWNER, DEMO_PASSWORD
from lapak.accounts.models import Role, User
from lapak.catalog.demo import demo_photo
from lapak.catalog.models import Product
from lapak.curation import services
from lapak.curation.export_rules import CURATOR_FACTS
from lapak.curation.models import CurationAssignment, CurationRound, Decision, UnggulanList
from lapak.curation.selectors import curated_products, product_is_food
from lapak.curation.services import PhotoInput, ScoreInput
from lapak.regions.models import Region

DEMO_KABKOTA = "35.78"  # Kota Surabaya: the demo kurator's region and the confirmed unggulan list
DEMO_YEAR = 2026
PANEL_CURATOR = "kurator.panel"
OPEN_TASKS = 2  # products left assigned to the demo kurator, not yet assessed
PANELS = 3  # products assessed by both curators


def demo_curation_create(*, seed: int = 2026) -> int:
    """Create the demo kurasi data unless a round exists; returns how many products were curated."""
    services.rubrics_install_defaults()
    if CurationRound.objects.exists():
        return 0
    admin = User.objects.filter(role=Role.ADMIN_PROVINSI, is_active=True).order_by("pk").first()
    curator = User.objects.filter(username="kurator", role=Role.KURATOR).first()
    if admin is None or curator is None:
        return 0
    rng = random.Random(seed)
    panel = _panel_curator()
    products = list(Product.objects.filter(business__kabkota_id=DEMO_KABKOTA).select_related("business")[:24])
    with disable_auditlog(), transaction.atomic():
        for index, product in enumerate(products):
            if index < OPEN_TASKS:
                services.assignment_create(actor=admin, product=product, curator=curator)
                continue
            curators = [curator, panel] if index < OPEN_TASKS + PANELS else [curator]
            _curate(admin, product, curators, rng)
        curated = len(products) - OPEN_TASKS + _owner_history(admin, panel, rng)
        kabkota = Region.objects.get(code=DEMO_KABKOTA)
        # A confirmed list is frozen: after ``demo_data --reset`` the earlier one stays as it was.
        confirmed = UnggulanList.objects.filter(kabkota=kabkota, year=DEMO_YEAR).exists()
        if not confirmed and curated_products().filter(business__kabkota=kabkota).exists():
            services.unggulan_confirm(actor=admin, kabkota=kabkota, year=DEMO_YEAR, per_sector=3)
    return curated


def _panel_curator() -> User:
    """A second curator for panels (the accounts demo has one kurator)."""
    user = User.objects.filter(username=PANEL_CURATOR).first()
    if user is None:
        user = User.objects.create_user(
            username=PANEL_CURATOR, password=DEMO_PASSWORD, email=f"{PANEL_CURATOR}@lapak.example"
        )
    user.role, user.first_name, user.last_name = Role.KURATOR, "Wulan", "Prasetyo"
    user.save(update_fields=["role", "first_name", "last_name"])
    user.assigned_regions.set(Region.objects.filter(code__in=[DEMO_KABKOTA, "35.27"]))
    return user


def _curate(admin: User, product: Product, curators: list[User], rng: random.Random, level: int = 0) -> None:
    """Assign the curators and submit an assessment from each, scores drawn around a product level."""
    base = level or rng.choice([2, 3, 3, 4, 4, 5])
    # Every panel member is assigned before anyone assesses: the round completes with the last one.
    assignments = [services.assignment_create(actor=admin, product=product, curator=c) for c in curators]
    for assignment in assignments:
        _assess(assignment, base, rng)


def _assess(
    assignment: CurationAssignment, base: int, rng: random.Random, photos: list[Any] | None = None
) -> None:
    version = assignment.round.rubric_version
    low, high = version.scale_min, version.scale_max
    scores = {
        a.code: ScoreInput(max(low, min(high, base + rng.choice([-1, 0, 0, 1]))), _note(a.code, base))
        for a in version.aspects.all()
    }
    food = product_is_food(assignment.round.product)
    services.assessment_submit(
        actor=assignment.curator,
        assignment=assignment,
        scores=scores,
        decision=_decision(base, food),
        summary=SUMMARIES[min(base, 5)],
        improvements=IMPROVEMENTS[min(base, 5)],
        export_facts={fact: base >= 4 for fact in CURATOR_FACTS} if food else {},
        photos=photos or [],
    )


def _decision(base: int, food: bool) -> int:
    if base >= 5 and food:
        return Decision.LAYAK_EKSPOR
    return {1: Decision.PERLU_PEMBINAAN, 2: Decision.PERLU_PEMBINAAN, 3: Decision.LAYAK_LOKAL}.get(
        base, Decision.LAYAK_MODERN
    )


def _owner_history(admin: User, panel: User, rng: random.Random) -> int:
    """The demo owner's first product: round 1 needs pembinaan, round 2 (after improving) is layak."""
    product = Product.objects.filter(business__owner_account__username=DEMO_OWNER).order_by("pk").first()
    if product is None:
        return 0
    first = services.assignment_create(actor=admin, product=product, curator=panel)
    photo = SimpleUploadedFile("kemasan.jpg", demo_photo(product.name, (150, 110, 60), 0))
    _assess(first, 2, rng, photos=[PhotoInput(photo, "Kemasan lama tanpa label lengkap")])
    second = services.assignment_create(actor=admin, product=product, curator=panel)
    _assess(second, 4, rng)
    return 1


def _note(code: str, base: int) -> str:
    if base >= 4:
        return ""
    return NOTES.get(code, "")


NOTES = {
    "legalitas_produk": "Izin edar (P-IRT/BPOM) belum ada atau belum diverifikasi.",
    "kemasan_label": "Label belum mencantumkan tanggal kedaluwarsa, kode produksi dan alamat produsen.",
    "kesiapan_pasar_digital": "Foto produk masih gelap; belum ada toko di marketplace.",
    "kapasitas_produksi": "Produksi belum rutin setiap minggu.",
}
SUMMARIES = {
    1: "Produk perlu pembinaan dasar sebelum dipasarkan lebih luas.",
    2: "Rasa dan bahan baik, tetapi legalitas dan kemasan belum memenuhi syarat.",
    3: "Layak untuk pasar lokal; kemasan dan pemasaran digital perlu ditingkatkan.",
    4: "Mutu konsisten dan kemasan menarik; siap untuk ritel modern dan marketplace.",
    5: "Mutu, kemasan dan legalitas sangat baik; siap dijajaki untuk ekspor.",
}
IMPROVEMENTS = {
    1: "Urus NIB dan P-IRT; ikuti pelatihan keamanan pangan dan kemasan.",
    2: "Daftarkan P-IRT dan sertifikat halal; lengkapi label (komposisi, berat bersih, kedaluwarsa).",
    3: "Perbaiki foto produk dan buka toko di satu marketplace; tambahkan kode produksi pada label.",
    4: "Siapkan informasi nilai gizi dan label berbahasa Inggris untuk pasar yang lebih luas.",
    5: "Pertahankan mutu; siapkan sertifikasi HACCP untuk pasar ekspor.",
}
