"""Field mentoring: teams with their members and areas, visits to businesses, trainings and events.

Who sees a team's work is decided in ``lapak.accounts.scoping`` (a pendamping's scope includes their
teams' areas and business lists) and ``lapak.mentoring.selectors``; writes go through ``services``.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.models import TimeStampedModel

if TYPE_CHECKING:
    from lapak.accounts.models import User
    from lapak.registry.models import Business


class OrganisationKind(models.TextChoices):
    DINAS = "dinas", _("Dinas Koperasi dan UKM / perangkat daerah")
    MARKETPLACE = "marketplace", _("Tim desa mitra marketplace")
    PENGGERAK = "penggerak", _("Tim penggerak masyarakat")
    UNIVERSITY = "kampus", _("Perguruan tinggi")
    OTHER = "lainnya", _("Lainnya")


class MemberRole(models.TextChoices):
    LEAD = "ketua", _("Ketua tim")
    MEMBER = "anggota", _("Anggota")


class Team(TimeStampedModel):
    """A field team: the organisation it belongs to, its members, and what it covers (areas and/or an
    explicit list of businesses). ``region`` is the team's home (a kab/kota, or the province for a
    province team): every area lies inside it and an operator manages the teams of their kab/kota."""

    name = models.CharField(_("nama tim"), max_length=150)
    organisation_kind = models.CharField(
        _("jenis organisasi"), max_length=12, choices=OrganisationKind.choices, default=OrganisationKind.DINAS
    )
    organisation = models.CharField(_("organisasi"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah induk")
    )
    areas = models.ManyToManyField(
        "regions.Region", blank=True, related_name="mentoring_teams", verbose_name=_("wilayah tugas")
    )
    businesses = models.ManyToManyField(
        "registry.Business", blank=True, related_name="mentoring_teams", verbose_name=_("daftar usaha")
    )
    members: models.ManyToManyField[User, TeamMembership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="mentoring_teams"
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("tim pendamping")
        verbose_name_plural = _("tim pendamping")

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_memberships"
    )
    role = models.CharField(_("peran dalam tim"), max_length=8, choices=MemberRole.choices)

    class Meta:
        ordering = ["team_id", "role", "user_id"]
        verbose_name = _("anggota tim")
        verbose_name_plural = _("anggota tim")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="uniq_team_member")]
        indexes = [models.Index(fields=["user", "team"], name="membership_user_team")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} {self.team_id}"


class VisitStatus(models.TextChoices):
    PLANNED = "rencana", _("Rencana")
    DONE = "selesai", _("Sudah dilakukan")


class Topic(models.TextChoices):
    DIGITAL_LITERACY = "literasi_digital", _("Literasi digital")
    PRODUCT_PHOTOS = "foto_produk", _("Foto produk")
    PACKAGING = "kemasan", _("Kemasan")
    LEGALITY = "legalitas", _("Legalitas (NIB, P-IRT, halal)")
    MARKETPLACE_SHOP = "toko_marketplace", _("Membuka toko di marketplace")
    BOOKKEEPING = "pembukuan", _("Pembukuan")


def visit_photo_path(instance: Visit, filename: str) -> str:
    """A random name: a visit photo shows people and places and must not be guessable."""
    return f"pendampingan/kunjungan/{uuid.uuid4().hex}.jpg"


class Visit(TimeStampedModel):
    """A planned or done visit of a mentor to one or more businesses.

    ``client_uuid`` is made by the page that typed the visit: a form sent twice (an offline visit
    re-sent after a lost answer) finds the visit already saved instead of creating another.
    """

    client_uuid = models.UUIDField(_("kode kiriman"), default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="visits", verbose_name=_("tim"))
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentoring_visits",
        verbose_name=_("pendamping"),
    )
    status = models.CharField(_("status"), max_length=8, choices=VisitStatus.choices)
    visit_date = models.DateField(_("tanggal"))
    place = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    businesses = models.ManyToManyField(
        "registry.Business", related_name="mentoring_visits", verbose_name=_("usaha yang ditemui")
    )
    topics = models.JSONField(_("topik"), default=list, blank=True)
    outcome = models.TextField(_("hasil"), blank=True)
    next_step = models.TextField(_("langkah berikutnya"), blank=True)
    photo = models.FileField(_("foto"), upload_to=visit_photo_path, max_length=200, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    completed_at = models.DateTimeField(_("ditandai selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-visit_date", "-id"]
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")
        indexes = [
            models.Index(fields=["team", "visit_date"], name="visit_team_date"),
            models.Index(fields=["mentor", "visit_date"], name="visit_mentor_date"),
            models.Index(fields=["status", "visit_date"], name="visit_status_date"),
            models.Index(fields=["place", "visit_date"], name="visit_place_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="visit_gps_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.visit_date:%Y-%m-%d} ({self.place_id})"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(code, code)) for code in self.topics]

    @property
    def is_done(self) -> bool:
        return self.status == VisitStatus.DONE


class TrainingKind(models.TextChoices):
    TRAINING = "pelatihan", _("Pelatihan")
    WORKSHOP = "lokakarya", _("Lokakarya / kelas praktik")
    EXPO = "pameran", _("Pameran / expo")
    OUTREACH = "sosialisasi", _("Sosialisasi")
    BUSINESS_MEETING = "temu_bisnis", _("Temu bisnis")


class Training(TimeStampedModel):
    """A training or event (including expos) organised by a team, with its participating businesses."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("tim penyelenggara")
    )
    kind = models.CharField(_("jenis kegiatan"), max_length=12, choices=TrainingKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    place = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah")
    )
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    participants: models.ManyToManyField[Business, TrainingParticipant] = models.ManyToManyField(
        "registry.Business", through="TrainingParticipant", related_name="mentoring_trainings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("pelatihan atau kegiatan")
        verbose_name_plural = _("pelatihan dan kegiatan")
        indexes = [
            models.Index(fields=["team", "starts_at"], name="training_team_start"),
            models.Index(fields=["place", "starts_at"], name="training_place_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="training_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TrainingParticipant(models.Model):
    """A business invited to a training; ``attended`` stays unknown (None) until attendance is taken."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participations")
    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="mentoring_participations"
    )
    attended = models.BooleanField(_("hadir"), null=True, blank=True)

    class Meta:
        ordering = ["training_id", "business_id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "business"], name="uniq_training_participant")
        ]
        indexes = [models.Index(fields=["business", "training"], name="participant_business")]

    def __str__(self) -> str:
        return f"{self.training_id} {self.business_id} {self.attended}"


def material_path(instance: TrainingMaterial, filename: str) -> str:
    extension = Path(filename).suffix.lower()[:6]
    return f"pendampingan/materi/{instance.training_id}/{uuid.uuid4().hex}{extension}"


class TrainingMaterial(models.Model):
    """A file handed out at a training (PDF or image, checked by content on upload)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("judul materi"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=material_path, max_length=200)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["training_id", "id"]
        verbose_name = _("materi kegiatan")
        verbose_name_plural = _("materi kegiatan")

    def __str__(self) -> str:
        return self.title
