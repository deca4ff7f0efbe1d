"""Consent of a business owner for optional uses of their business's data (UU PDP 27/2022, Pasal 20-24).

The province registers businesses as a public task; publishing them in the public catalogue, sending
them to marketplaces or sharing them with mentoring partners are optional and need the owner's consent.
Each consent records the exact wording the owner read (a versioned wording with the hash of its text),
who gave it, when, through which channel, and when it was withdrawn: the controller must be able to prove
consent (Pasal 22) and stop processing when it is withdrawn.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    KATALOG_PUBLIK = "katalog_publik", _("Katalog publik (Etalase Lapak)")
    MARKETPLACE = "marketplace", _("Penayangan produk di marketplace")
    MITRA_PENDAMPINGAN = "mitra_pendampingan", _("Berbagi data dengan mitra pendampingan")


class ConsentSource(models.TextChoices):
    OWNER_PAGE = "halaman_pemilik", _("Halaman pemilik usaha (daring)")
    STAFF = "petugas", _("Dicatat petugas atas permintaan pemilik")
    DEMO = "demo", _("Data demo")


class ConsentWording(models.Model):
    """One version of the text an owner reads before consenting to a purpose; never edited once made
    (a change is a new version), and its SHA-256 is kept with every consent given on it."""

    purpose = models.CharField(_("tujuan"), max_length=20, choices=Purpose.choices)
    version = models.PositiveSmallIntegerField(_("versi"))
    title = models.CharField(_("judul"), max_length=200)
    text = models.TextField(_("isi persetujuan"))
    text_sha256 = models.CharField(_("sidik teks (SHA-256)"), max_length=64)
    published_at = models.DateTimeField(_("berlaku sejak"), auto_now_add=True)

    class Meta:
        ordering = ["purpose", "-version"]
        verbose_name = _("teks persetujuan")
        verbose_name_plural = _("teks persetujuan")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="privacy_wording_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"


# An answer in force: given and not withdrawn (the partial index below serves exactly this condition).
CONSENT_ACTIVE = Q(granted=True, withdrawn_at__isnull=True)


class Consent(models.Model):
    """A business owner's answer for one purpose: given (or refused) on a wording, until withdrawn.

    At most one open answer (``withdrawn_at`` empty) per business and purpose; a new answer closes the
    previous one. Rows are never deleted: they are the proof of consent.
    """

    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="consents", verbose_name=_("usaha")
    )
    purpose = models.CharField(_("tujuan"), max_length=20, choices=Purpose.choices)
    granted = models.BooleanField(_("disetujui"))
    wording = models.ForeignKey(
        ConsentWording, on_delete=models.PROTECT, related_name="consents", verbose_name=_("teks")
    )
    wording_version = models.PositiveSmallIntegerField(_("versi teks"))
    wording_sha256 = models.CharField(_("sidik teks (SHA-256)"), max_length=64)
    given_at = models.DateTimeField(_("diberikan"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("diberikan oleh"),
    )  # fmt: skip
    source = models.CharField(_("cara"), max_length=16, choices=ConsentSource.choices)
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("ditarik oleh"),
    )  # fmt: skip
    withdrawal_reason = models.CharField(_("alasan penarikan"), max_length=250, blank=True)

    class Meta:
        ordering = ["business_id", "purpose", "-given_at"]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        constraints = [
            models.UniqueConstraint(
                fields=["business", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="privacy_one_open_consent",
            )
        ]
        # The public catalogue asks "which businesses consent to X" on every cache miss.
        indexes = [
            models.Index(
                fields=["purpose", "business"],
                condition=CONSENT_ACTIVE,
                name="privacy_consent_active",
            )
        ]

    def __str__(self) -> str:
        state = _("setuju") if self.granted else _("menolak")
        return f"{self.business_id} {self.purpose}: {state}"

    @property
    def is_active(self) -> bool:
        return self.granted and self.withdrawn_at is None


# --- Data subject requests (UU PDP Pasal 5-13: access, correction, restriction, deletion) ----------------


class DsrKind(models.TextChoices):
    AKSES = "akses", _("Akses: salinan semua data saya")
    PERBAIKAN = "perbaikan", _("Perbaikan data yang salah")
    PEMBATASAN = "pembatasan", _("Pembatasan pemrosesan")
    PENGHAPUSAN = "penghapusan", _("Penghapusan data pribadi")
    PENARIKAN = "penarikan", _("Penarikan semua persetujuan")


class DsrStatus(models.TextChoices):
    BARU = "baru", _("Baru")
    DIPROSES = "diproses", _("Diproses")
    SELESAI = "selesai", _("Selesai")
    DITOLAK = "ditolak", _("Ditolak")


DSR_OPEN = (DsrStatus.BARU, DsrStatus.DIPROSES)


class DataSubjectRequest(models.Model):
    """An owner's request about their personal data, to be answered within 3x24 hours (UU PDP).

    ``business`` empty means "all my businesses"; only province staff see those. Rows are never deleted:
    they prove that the controller answered, when and how.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_requests",
        verbose_name=_("pemohon"),
    )  # fmt: skip
    business = models.ForeignKey(
        "registry.Business", on_delete=models.SET_NULL, null=True, blank=True, related_name="data_requests",
        verbose_name=_("usaha"),
    )  # fmt: skip
    kind = models.CharField(_("jenis permintaan"), max_length=12, choices=DsrKind.choices)
    description = models.TextField(_("uraian"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DsrStatus.choices, default=DsrStatus.BARU)
    received_at = models.DateTimeField(_("diterima"))
    due_at = models.DateTimeField(_("batas waktu"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("ditangani oleh"),
    )  # fmt: skip
    handled_at = models.DateTimeField(_("ditangani"), null=True, blank=True)
    resolution = models.TextField(_("catatan penyelesaian"), max_length=2000, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        indexes = [models.Index(fields=["status", "due_at"], name="privacy_dsr_queue")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in DSR_OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()

    @property
    def hours_left(self) -> int:
        """Whole hours to the deadline (negative once overdue), for the queue's deadline column."""
        return int((self.due_at - timezone.now()).total_seconds() / 3600)


class ProcessingRestriction(models.Model):
    """A business whose owner asked to restrict processing (UU PDP Pasal 11): kept beside the registry so
    the register itself does not change shape; active while ``lifted_at`` is empty."""

    business = models.OneToOneField(
        "registry.Business", on_delete=models.CASCADE, related_name="processing_restriction"
    )
    since = models.DateTimeField(_("dibatasi sejak"))
    reason = models.CharField(_("alasan"), max_length=250)
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pembatasan pemrosesan")
        verbose_name_plural = _("pembatasan pemrosesan")

    def __str__(self) -> str:
        return f"{self.business_id} {'aktif' if self.is_active else 'dicabut'}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class ErasureRecord(models.Model):
    """What one erasure of a business's personal data did (counts per kind, fields cleared), by whom and
    why: a deletion request or an expired retention period. The proof that erasure happened."""

    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="erasures")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="erasures"
    )
    reason = models.CharField(_("alasan"), max_length=250)
    summary = models.JSONField(_("ringkasan"), default=dict)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("penghapusan data pribadi")
        verbose_name_plural = _("penghapusan data pribadi")

    def __str__(self) -> str:
        return f"{self.business_id} {self.created_at:%Y-%m-%d}"


from .alert_models import AccessAlert, AlertStatus  # noqa: E402, F401
from .incident_models import DataCategory, Incident, IncidentStatus, RetentionRun  # noqa: E402, F401
