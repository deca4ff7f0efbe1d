"""Demo pendampingan: three field teams (the Dinas Koperasi team of Kab. Sampang, a marketplace partner's
village team in Kab. Bangkalan, a tim penggerak with an explicit business list), done and planned
visits with topics, a training with attendance and an expo to come.

Everything goes through the services (a few dozen records, so a loop is fine). Same seed, same data.
Skipped when any team exists, or when the demo mentor or the Sampang businesses are missing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from lapak.accounts.demo import DEMO_PASSWORD
from lapak.accounts.models import Role, User
from lapak.mentoring import services
from lapak.mentoring.models import MemberRole, OrganisationKind, Team, Topic, TrainingKind, VisitStatus
from lapak.mentoring.services import MemberInput
from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Business

SAMPANG, BANGKALAN = "35.27", "35.26"
DEMO_MENTOR = "pendamping"  # the accounts demo's pendamping (Sampang and Bangkalan)
VILLAGE_MENTOR = "pendamping.desa"
DONE_VISITS, PLANNED_VISITS = 14, 3
MIN_BUSINESSES = 14  # visits draw from the first 20, the training and the expo take 14
TOPIC_SETS = [
    [Topic.DIGITAL_LITERACY, Topic.MARKETPLACE_SHOP],
    [Topic.PRODUCT_PHOTOS],
    [Topic.PACKAGING, Topic.PRODUCT_PHOTOS],
    [Topic.LEGALITY],
    [Topic.BOOKKEEPING, Topic.DIGITAL_LITERACY],
    [Topic.MARKETPLACE_SHOP],
]
OUTCOMES = [
    "Toko di marketplace dibuka; lima produk pertama diunggah.",
    "Foto produk diulang dengan latar putih dan cahaya jendela.",
    "Contoh kemasan baru dengan label komposisi dan tanggal kedaluwarsa.",
    "Berkas NIB lewat OSS disiapkan; P-IRT diajukan ke Dinas Kesehatan.",
    "Buku kas harian mulai diisi; harga pokok dihitung ulang.",
]
NEXT_STEPS = ["Cek pesanan pertama minggu depan.", "Ajukan sertifikat halal gratis (SEHATI).", ""]


@dataclass(frozen=True)
class DemoMentoring:
    teams: int
    visits: int
    trainings: int


def demo_mentoring_create(*, seed: int = 2026) -> DemoMentoring | None:
    """Create the demo teams, visits and trainings unless a team exists; ``None`` when skipped."""
    mentor = User.objects.filter(username=DEMO_MENTOR, role=Role.PENDAMPING).first()
    operator = User.objects.filter(role=Role.ADMIN_PROVINSI, is_active=True).order_by("pk").first()
    sampang = list(Business.objects.filter(kabkota_id=SAMPANG).order_by("pk")[:40])
    if Team.objects.exists() or mentor is None or operator is None or len(sampang) < MIN_BUSINESSES:
        return None
    rng = random.Random(seed)
    village = _village_mentor()
    with disable_auditlog(), transaction.atomic():
        teams = _teams(operator, mentor, village, sampang)
        visits = _visits(rng, teams[0], [mentor, village], sampang)
        trainings = _trainings(mentor, teams, sampang)
    return DemoMentoring(teams=len(teams), visits=visits, trainings=trainings)


def _village_mentor() -> User:
    """A second mentor, so the supervisor page shows visits by more than one person."""
    user = User.objects.filter(username=VILLAGE_MENTOR).first()
    if user is None:
        user = User.objects.create_user(
            username=VILLAGE_MENTOR, password=DEMO_PASSWORD, email=f"{VILLAGE_MENTOR}@lapak.example"
        )
    user.role, user.first_name, user.last_name = Role.PENDAMPING, "Ahmad", "Fauzi"
    user.save(update_fields=["role", "first_name", "last_name"])
    return user


def _teams(admin: User, mentor: User, village: User, sampang: list[Business]) -> list[Team]:
    region = Region.objects.get
    kecamatan = [b.kecamatan_id for b in sampang]
    bangkalan = list(
        Region.objects.filter(parent_id=BANGKALAN, level=RegionLevel.KECAMATAN).order_by("code")[:2]
    )
    listed = [b for b in sampang if b.kecamatan_id != kecamatan[0]][:4]
    specs = [
        ("Tim Pendamping Dinas Koperasi Kab. Sampang", OrganisationKind.DINAS,
         "Dinas Koperasi dan Usaha Mikro Kab. Sampang", SAMPANG, [region(code=SAMPANG)], [],
         [MemberInput(mentor, MemberRole.LEAD), MemberInput(village)]),
        ("Tim Desa Digital Mitra Marketplace Bangkalan", OrganisationKind.MARKETPLACE,
         "Program desa digital mitra marketplace", BANGKALAN, bangkalan, [],
         [MemberInput(village, MemberRole.LEAD), MemberInput(mentor)]),
        ("Tim Penggerak PKK Sampang", OrganisationKind.PENGGERAK, "Tim Penggerak PKK Kab. Sampang", SAMPANG,
         [region(code=kecamatan[0])], listed, [MemberInput(village, MemberRole.LEAD), MemberInput(mentor)]),
    ]  # fmt: skip
    return [
        services.team_create(
            actor=admin,
            name=name,
            organisation_kind=kind,
            organisation=organisation,
            region=region(code=base),
            areas=areas,
            members=members,
            businesses=businesses,
        )
        for name, kind, organisation, base, areas, businesses, members in specs
    ]


def _visits(rng: random.Random, team: Team, mentors: list[User], businesses: list[Business]) -> int:
    """Done visits over the last two months (one or two businesses each) and a few planned ones."""
    today = timezone.localdate()
    for number in range(DONE_VISITS + PLANNED_VISITS):
        done = number < DONE_VISITS
        met = rng.sample(businesses[:20], k=rng.choice([1, 1, 2]))
        services.visit_record(
            actor=mentors[number % len(mentors)],
            team=team,
            status=VisitStatus.DONE if done else VisitStatus.PLANNED,
            visit_date=today - timedelta(days=rng.randint(0, 60)) if done else today + timedelta(days=number),
            businesses=met,
            topics=rng.choice(TOPIC_SETS) if done else [],
            outcome=rng.choice(OUTCOMES) if done else "",
            next_step=rng.choice(NEXT_STEPS) if done else "",
        )
    return DONE_VISITS + PLANNED_VISITS


def _trainings(mentor: User, teams: list[Team], sampang: list[Business]) -> int:
    """A photo training last week with attendance taken, and an expo next month."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=7)
    training = services.training_create(
        actor=mentor, team=teams[0], kind=TrainingKind.TRAINING, title="Foto Produk dengan Ponsel",
        starts_at=start, ends_at=start + timedelta(hours=4), place=Region.objects.get(code=SAMPANG),
        venue="Pendopo Kabupaten Sampang", participants=sampang[:8],
        description="Cahaya alami, latar polos, lima sudut pengambilan untuk marketplace.",
    )  # fmt: skip
    services.training_attendance_set(
        actor=mentor, training=training, attended={b.pk for b in sampang[:6]},
        follow_up="Empat peserta mengunggah foto baru; dua perlu kunjungan ulang untuk kemasan.",
    )  # fmt: skip
    expo_start = now + timedelta(days=30)
    services.training_create(
        actor=mentor, team=teams[0], kind=TrainingKind.EXPO, title="Pameran Produk Unggulan Madura",
        starts_at=expo_start, ends_at=expo_start + timedelta(days=2), place=Region.objects.get(code=SAMPANG),
        venue="Alun-alun Trunojoyo", participants=sampang[8:14],
    )  # fmt: skip
    return 2
