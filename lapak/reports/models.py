"""The report archive: every generated report (its kind, period, region, filters, files and the job that
made it) and the links by which it is shared. Files are built by ``services.report_generate``."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    BRIEF = "ringkasan", _("Ringkasan bulanan untuk Gubernur")
    KABKOTA = "kabkota", _("Laporan kab/kota")
    CRAFTS = "kriya", _("Laporan kriya untuk Dekranasda")
    UNGGULAN = "unggulan", _("Daftar produk unggulan")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    READY = "ready", _("Siap")
    FAILED = "failed", _("Gagal")


def report_file_path(instance: Report, filename: str) -> str:
    # A random folder keeps the file unguessable on disk; downloads go through a view that checks scope.
    return f"reports/{uuid.uuid4().hex}/{filename}"


class Report(models.Model):
    """One generated report. ``period`` is the first day of the month reported (for a produk unggulan
    list, 1 January of its year); ``region`` is the province or a kab/kota."""

    kind = models.CharField(_("jenis"), max_length=10, choices=ReportKind.choices)
    period = models.DateField(_("periode"))
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah")
    )
    unggulan_list = models.ForeignKey(
        "curation.UnggulanList",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("daftar produk unggulan"),
    )
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    title = models.CharField(_("judul"), max_length=200)
    scheduled = models.BooleanField(_("terjadwal"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    message = models.TextField(_("pesan"), blank=True)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    pdf = models.FileField(_("berkas PDF"), upload_to=report_file_path, max_length=200, blank=True)
    xlsx = models.FileField(_("berkas XLSX"), upload_to=report_file_path, max_length=200, blank=True)
    pdf_pages = models.PositiveSmallIntegerField(_("jumlah halaman"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        indexes = [models.Index(fields=["kind", "period"]), models.Index(fields=["region", "created_at"])]
        constraints = [
            # The monthly schedule makes each report once, however many workers run it.
            models.UniqueConstraint(
                fields=["kind", "period", "region"],
                condition=Q(scheduled=True),
                name="report_scheduled_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.READY, ReportStatus.FAILED)


def share_token() -> str:
    return secrets.token_urlsafe(32)


class ShareLinkQuerySet(models.QuerySet):
    def active(self, *, now: Any = None) -> ShareLinkQuerySet:
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)


class ShareLink(models.Model):
    """An unguessable address of one report. It spares the reader the search in the archive, nothing
    more: opening it still needs a login whose scope covers the report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=share_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tautan berbagi")
        verbose_name_plural = _("tautan berbagi")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.token[:6]}…"

    def is_active(self, *, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
