"""Kurasi (versioned rubrics, rounds, curator assignments, assessments) and produk unggulan (weights,
confirmed yearly lists). Scores and results are computed by ``services``; nothing here derives values.

A rubric version, once created, is never changed: an assessment points at the version it was scored
with, so changing a rubric (a new version) never alters a past total.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lapak.registry.models import Sector


class Decision(models.IntegerChoices):
    """A kurasi outcome; the order matters (``>= LAYAK_LOKAL`` means the product may be published)."""

    PERLU_PEMBINAAN = 0, _("Perlu pembinaan")
    LAYAK_LOKAL = 1, _("Layak pasar lokal")
    LAYAK_MODERN = 2, _("Layak pasar modern dan marketplace")
    LAYAK_EKSPOR = 3, _("Layak ekspor")


class Rubric(models.Model):
    """A named rubric (e.g. the Dekranasda craft rubric); its content lives in numbered versions."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama rubrik"), max_length=150)
    sector = models.CharField(
        _("sektor"), max_length=10, choices=Sector.choices, blank=True, help_text=_("Kosong: rubrik umum.")
    )
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("rubrik kurasi")
        verbose_name_plural = _("rubrik kurasi")

    def __str__(self) -> str:
        return self.name


class RubricVersion(models.Model):
    """One immutable version of a rubric: its score range and (through ``aspects``) weights and guidance."""

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versi"))
    scale_min = models.PositiveSmallIntegerField(_("nilai terendah"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("nilai tertinggi"), default=5)
    note = models.CharField(_("alasan perubahan"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["rubric_id", "-number"]
        verbose_name = _("versi rubrik")
        verbose_name_plural = _("versi rubrik")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="rubric_version_number_unique"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="rubric_scale_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rubric} v{self.number}"


class RubricAspect(models.Model):
    """A scored aspect of one rubric version, with its relative weight and scoring guidance."""

    version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="aspects")
    code = models.SlugField(_("kode aspek"), max_length=40)
    name = models.CharField(_("aspek"), max_length=150)
    weight = models.PositiveSmallIntegerField(_("bobot"))
    guidance = models.TextField(_("panduan penilaian"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version_id", "position", "id"]
        verbose_name = _("aspek rubrik")
        verbose_name_plural = _("aspek rubrik")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="rubric_aspect_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="rubric_aspect_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class RoundStatus(models.TextChoices):
    OPEN = "terbuka", _("Sedang dinilai")
    COMPLETED = "selesai", _("Selesai")


class CurationRound(models.Model):
    """One kurasi of a product by one or more curators (a panel). Re-curation opens a new round; old
    rounds stay as history. ``decision``/``total_score`` are the panel result, set when it completes."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="curation_rounds")
    number = models.PositiveSmallIntegerField(_("putaran"))
    rubric_version = models.ForeignKey(
        RubricVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("rubrik")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    decision = models.PositiveSmallIntegerField(_("keputusan panel"), choices=Decision.choices, null=True)
    total_score = models.DecimalField(_("nilai panel"), max_digits=5, decimal_places=2, null=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("dibuka"), auto_now_add=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["product_id", "-number"]
        verbose_name = _("putaran kurasi")
        verbose_name_plural = _("putaran kurasi")
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="curation_round_number_unique"),
            models.UniqueConstraint(
                fields=["product"], condition=Q(status="terbuka"), name="curation_one_open_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} #{self.number}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "ditugaskan", _("Menunggu penilaian")
    SUBMITTED = "dinilai", _("Sudah dinilai")
    WITHDRAWN = "dibatalkan", _("Dibatalkan")


class CurationAssignment(models.Model):
    """A curator's task in a round. A withdrawn assignment is kept (who was asked, and why it ended)."""

    round = models.ForeignKey(CurationRound, on_delete=models.CASCADE, related_name="assignments")
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="curation_assignments",
        verbose_name=_("kurator"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    withdrawn_reason = models.CharField(_("alasan pembatalan"), max_length=250, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("ditugaskan"), auto_now_add=True)

    class Meta:
        ordering = ["-assigned_at", "-id"]
        verbose_name = _("penugasan kurator")
        verbose_name_plural = _("penugasan kurator")
        constraints = [
            models.UniqueConstraint(fields=["round", "curator"], name="curation_assignment_unique"),
        ]
        indexes = [models.Index(fields=["curator", "status"], name="curation_assignment_curator")]

    def __str__(self) -> str:
        return f"{self.curator} → {self.round}"


class Assessment(models.Model):
    """One curator's independent assessment in a round; ``total_score`` (0-100) is computed with
    ``rubric_version``, the version it was scored with, and never recomputed with a later one."""

    assignment = models.OneToOneField(CurationAssignment, on_delete=models.CASCADE, related_name="assessment")
    rubric_version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="assessments")
    total_score = models.DecimalField(_("nilai total"), max_digits=5, decimal_places=2)
    decision = models.PositiveSmallIntegerField(_("keputusan"), choices=Decision.choices)
    summary = models.TextField(_("catatan umum"), blank=True)
    improvements = models.TextField(_("yang perlu diperbaiki"), blank=True)
    export_facts = models.JSONField(_("fakta kesiapan ekspor"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("dinilai"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("penilaian kurasi")
        verbose_name_plural = _("penilaian kurasi")

    def __str__(self) -> str:
        return f"{self.assignment} {self.total_score}"


class AspectScore(models.Model):
    """The score one assessment gives one aspect, with the curator's note for the owner."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    aspect = models.ForeignKey(RubricAspect, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("nilai"))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["assessment_id", "aspect__position", "aspect_id"]
        verbose_name = _("nilai aspek")
        verbose_name_plural = _("nilai aspek")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "aspect"], name="aspect_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.aspect}: {self.score}"


def assessment_photo_path(instance: AssessmentPhoto, filename: str) -> str:
    """A random name: photos are re-encoded to JPEG, so the uploaded name says nothing useful."""
    return f"kurasi/{instance.assessment_id}/{uuid.uuid4().hex}.jpg"


class AssessmentPhoto(models.Model):
    """A photo taken during kurasi (re-encoded: EXIF and location removed)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("foto"), upload_to=assessment_photo_path, max_length=200)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment_id", "id"]
        verbose_name = _("foto kurasi")
        verbose_name_plural = _("foto kurasi")

    def __str__(self) -> str:
        return self.caption or self.image.name


class ConflictDeclaration(models.Model):
    """A curator's own statement that they may not assess a business (family, mentoring, trade ties)."""

    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="curation_conflicts"
    )
    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("alasan"), max_length=250)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pernyataan konflik kepentingan")
        verbose_name_plural = _("pernyataan konflik kepentingan")
        constraints = [
            models.UniqueConstraint(fields=["curator", "business"], name="curation_conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.curator} / {self.business_id}"


class CurationStatus(models.Model):
    """The latest completed kurasi result of a product, one row per product, kept by the services so
    ``curated_products()`` and the unggulan ranking read it with a join instead of scanning rounds."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, related_name="curation_status"
    )
    round = models.ForeignKey(CurationRound, on_delete=models.CASCADE, related_name="+")
    decision = models.PositiveSmallIntegerField(_("keputusan"), choices=Decision.choices, db_index=True)
    score = models.DecimalField(_("nilai kurasi"), max_digits=5, decimal_places=2)
    # The panel's mean score on the production-capacity aspect, 0-100; None if the rubric has none.
    capacity_score = models.DecimalField(
        _("nilai kapasitas produksi"), max_digits=5, decimal_places=2, null=True
    )
    decided_at = models.DateTimeField(_("diputuskan"))

    class Meta:
        verbose_name = _("status kurasi")
        verbose_name_plural = _("status kurasi")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.get_decision_display()}"


class UnggulanWeights(models.Model):
    """The weights of the produk unggulan ranking (percent, summing to 100); each change is a new row,
    so every confirmed list keeps the weights it was ranked with."""

    version = models.PositiveSmallIntegerField(_("versi"), unique=True)
    curation = models.PositiveSmallIntegerField(_("bobot nilai kurasi"))
    market = models.PositiveSmallIntegerField(_("bobot kinerja pasar"))
    local_content = models.PositiveSmallIntegerField(_("bobot kandungan lokal"))
    capacity = models.PositiveSmallIntegerField(_("bobot kapasitas produksi"))
    note = models.CharField(_("alasan perubahan"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("bobot produk unggulan")
        verbose_name_plural = _("bobot produk unggulan")
        constraints = [
            models.CheckConstraint(
                condition=Q(curation__lte=100, market__lte=100, local_content__lte=100, capacity__lte=100),
                name="unggulan_weights_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class UnggulanList(models.Model):
    """The confirmed produk unggulan of one kab/kota for one year: a frozen snapshot of the ranking."""

    kabkota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=200)
    per_sector = models.PositiveSmallIntegerField(_("produk per sektor"))
    weights = models.ForeignKey(UnggulanWeights, on_delete=models.PROTECT, related_name="lists")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("ditetapkan"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "kabkota_id"]
        verbose_name = _("daftar produk unggulan")
        verbose_name_plural = _("daftar produk unggulan")
        constraints = [
            models.UniqueConstraint(fields=["kabkota", "year"], name="unggulan_list_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class UnggulanEntry(models.Model):
    """One ranked product of a confirmed list, with its scores copied so the list never changes."""

    unggulan_list = models.ForeignKey(UnggulanList, on_delete=models.CASCADE, related_name="entries")
    sector = models.CharField(_("sektor"), max_length=10, choices=Sector.choices)
    rank = models.PositiveSmallIntegerField(_("peringkat"))
    product = models.ForeignKey("catalog.Product", on_delete=models.SET_NULL, null=True, related_name="+")
    product_name = models.CharField(_("produk"), max_length=255)
    business_name = models.CharField(_("usaha"), max_length=200)
    decision = models.PositiveSmallIntegerField(_("keputusan kurasi"), choices=Decision.choices)
    total = models.DecimalField(_("nilai akhir"), max_digits=5, decimal_places=2)
    # Component scores (0-100), weights and notes, as shown in the breakdown at confirmation time.
    breakdown = models.JSONField(_("rincian"), default=dict)

    class Meta:
        ordering = ["unggulan_list_id", "sector", "rank"]
        verbose_name = _("produk unggulan")
        verbose_name_plural = _("produk unggulan")
        constraints = [
            models.UniqueConstraint(fields=["unggulan_list", "sector", "rank"], name="unggulan_entry_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.product_name}"
