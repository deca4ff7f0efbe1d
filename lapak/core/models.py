"""Shared models: timestamps, background jobs, and the log of personal-data access."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    SUCCEEDED = "succeeded", _("Selesai")
    FAILED = "failed", _("Gagal")
    CANCELLED = "cancelled", _("Dibatalkan")


class Job(TimeStampedModel):
    """A unit of background work, claimed by a worker with a conditional UPDATE (no broker needed)."""

    kind = models.CharField(_("jenis"), max_length=60)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveIntegerField(_("kemajuan"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    result_file = models.FileField(_("berkas hasil"), upload_to="jobs/", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=80, blank=True)
    cancel_requested = models.BooleanField(_("diminta batal"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(100, int(self.progress * 100 / self.total)) if self.total else 0

    @property
    def label(self) -> str:
        from lapak.core.jobs import job_label

        return job_label(self.kind)

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class AccessAction(models.TextChoices):
    EXPORT = "export", _("Ekspor")
    UNMASK = "unmask", _("Lihat data pribadi")
    IMPORT = "import", _("Impor data")


class AccessReason(models.TextChoices):
    """Why someone opens a masked NIK or phone number; "lainnya" needs words of its own."""

    VERIFY = "verifikasi", _("Verifikasi identitas atau legalitas")
    CONTACT = "kontak", _("Menghubungi pemilik untuk pendampingan atau kurasi")
    SUBJECT_REQUEST = "permintaan", _("Menangani permintaan pemilik data")
    INCIDENT = "insiden", _("Penanganan insiden atau pemeriksaan")
    OTHER = "lainnya", _("Lainnya (tulis keterangan)")


class AccessLog(models.Model):
    """Who exported or unmasked personal data, when and what (UU PDP Pasal 31 record of processing)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    object_repr = models.CharField(max_length=200)
    # Why the person needed the data: chosen/typed for an unmasked view, the export's purpose otherwise.
    reason = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"
