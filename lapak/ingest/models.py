"""Agency lists brought into the registry: sources, import batches, source records, links and reviews.

A *source* is one agency's list (Dinas Koperasi's UKM, Disperindag's IKM, Dekranasda's craftspeople...).
Each upload of a file is an *import batch*: staged and validated outside the database (a Parquet file
beside the upload), then committed in one transaction into *source records*. Linkage joins source records
into golden records (registry ``Business``), keeping per-field provenance, a review queue for uncertain
pairs, and every merge undoable.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lapak.core.models import TimeStampedModel


class SourceKind(models.TextChoices):
    DINKOP = "dinkop", _("Dinas Koperasi dan UKM")
    DISPERINDAG = "disperindag", _("Disperindag (IKM)")
    DEKRANASDA = "dekranasda", _("Dekranasda (perajin)")
    GALERI = "galeri", _("Galeri UMKM (peserta pameran)")
    KOPERASI = "koperasi", _("Daftar koperasi")
    MARKETPLACE = "marketplace", _("Mitra marketplace (daftar penjual)")
    LAINNYA = "lainnya", _("Lainnya")


class Source(TimeStampedModel):
    """One agency's list; its column mapping is the profile reused for every file from that agency."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama sumber"), max_length=200)
    kind = models.CharField(_("jenis sumber"), max_length=20, choices=SourceKind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah")
    )
    column_mapping = models.JSONField(_("profil pemetaan kolom"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("sumber data")
        verbose_name_plural = _("sumber data")

    def __str__(self) -> str:
        return self.name


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("diunggah")
    STAGING = "staging", _("sedang diperiksa")
    STAGED = "staged", _("siap ditinjau")
    COMMITTING = "committing", _("sedang diimpor")
    COMMITTED = "committed", _("selesai diimpor")
    CANCELLED = "cancelled", _("dibatalkan")
    FAILED = "failed", _("gagal")


def batch_upload_path(batch: "ImportBatch", filename: str) -> str:
    # The user's file name is kept for display only; the stored name is ours.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"ingest/{uuid.uuid4().hex}/upload.{suffix}"


class ImportBatch(TimeStampedModel):
    """One uploaded file (one sheet of it) on its way from staging to the registry."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="batches")
    file = models.FileField(_("berkas"), upload_to=batch_upload_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    sheet = models.CharField(_("lembar kerja"), max_length=100, blank=True)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah pengunggah")
    )
    column_mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    # Read once at upload: opening a large workbook again for every page view costs seconds.
    columns = models.JSONField(_("judul kolom"), default=list, blank=True)
    sheets = models.JSONField(_("lembar kerja berkas"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.UPLOADED
    )
    message = models.TextField(_("pesan"), blank=True)
    rows_total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    rows_valid = models.PositiveIntegerField(_("baris sah"), default=0)
    rows_error = models.PositiveIntegerField(_("baris bermasalah"), default=0)
    rows_warning = models.PositiveIntegerField(_("baris dengan peringatan"), default=0)
    rows_committed = models.PositiveIntegerField(_("baris diimpor"), default=0)
    rows_existing = models.PositiveIntegerField(_("baris sudah ada"), default=0)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    committed_at = models.DateTimeField(_("diimpor pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("batch impor")
        verbose_name_plural = _("batch impor")
        constraints = [
            # The same file and sheet is committed once per source: re-importing it is a no-op.
            models.UniqueConstraint(
                fields=["source", "file_sha256", "sheet"],
                condition=Q(status="committed"),
                name="ingest_batch_committed_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.source})"


class LinkState(models.TextChoices):
    UNLINKED = "unlinked", _("belum ditautkan")
    AUTO = "auto", _("ditautkan otomatis")
    REVIEWED = "reviewed", _("ditautkan peninjau")
    NEW = "new", _("data induk baru")
    INCOMPLETE = "incomplete", _("belum lengkap untuk data induk")


class SourceRecord(models.Model):
    """One row of one agency's list, cleaned, with a pointer to the golden record it belongs to.

    Region columns are plain codes checked against the regions table during staging. No column here
    has a database foreign key or the index Django adds to one by default: each costs a million-row
    COPY dearly (twelve indexes made it twenty times slower than the three kept in ``Meta``).
    """

    # No database constraint on these either: the loader writes ids it just read, and PROTECT still
    # stops a source or batch with records from being deleted through the ORM.
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="records"
    )
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="records"
    )
    record_key = models.CharField(max_length=64)
    row_number = models.PositiveIntegerField(_("baris"))
    sheet = models.CharField(_("lembar kerja"), max_length=100, blank=True)
    name = models.CharField(_("nama usaha"), max_length=200)
    brand = models.CharField(_("merek dagang"), max_length=120, blank=True)
    owner_name = models.CharField(_("nama pemilik"), max_length=150, blank=True)
    owner_sex = models.CharField(_("jenis kelamin pemilik"), max_length=1, blank=True)
    owner_nik_encrypted = models.TextField(blank=True)
    owner_nik_hash = models.CharField(max_length=64, blank=True)
    owner_nik_masked = models.CharField(_("NIK"), max_length=16, blank=True)
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    phone = models.CharField(_("telepon"), max_length=16, blank=True)
    email = models.CharField(_("email"), max_length=254, blank=True)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    desa = models.ForeignKey(
        "regions.Region",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    kecamatan = models.ForeignKey(
        "regions.Region",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    kabkota = models.ForeignKey(
        "regions.Region", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    sector = models.CharField(_("sektor"), max_length=10, blank=True)
    products = models.CharField(_("produk"), max_length=250, blank=True)
    annual_sales = models.BigIntegerField(_("omzet tahunan (Rp)"), null=True)
    employees = models.PositiveIntegerField(_("tenaga kerja"), null=True)
    founded_year = models.PositiveSmallIntegerField(_("tahun berdiri"), null=True)
    shop_url = models.CharField(_("toko online"), max_length=300, blank=True)
    # No database constraint: a deferred foreign-key check is queued for every inserted row, NULL or not,
    # until the commit. Deleting a business still unlinks its records (the ORM applies SET_NULL).
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        db_index=False,
        related_name="source_records",
    )
    link_state = models.CharField(
        _("status tautan"), max_length=10, choices=LinkState.choices, default=LinkState.UNLINKED
    )
    link_probability = models.FloatField(_("peluang cocok"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"))

    class Meta:
        ordering = ["batch", "row_number"]
        verbose_name = _("rekaman sumber")
        verbose_name_plural = _("rekaman sumber")
        # No unique index on (source, record_key): its random hash keys made every insert touch a random
        # page of a large index (a million-row COPY ran 8x slower). Commits of one source are serialised
        # by a lock on the source row and skip the keys it already holds (see ``loading``).
        # Few indexes, because every one slows a million-row COPY: the batch (equal keys deduplicate) and
        # the golden record, partial so that freshly imported, unlinked rows cost it nothing.
        indexes = [
            models.Index(fields=["batch"], name="ingest_record_batch"),
            models.Index(
                fields=["business"], name="ingest_record_business", condition=Q(business__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.source.code} baris {self.row_number})"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("menunggu tinjauan")
    ACCEPTED = "accepted", _("digabung")
    REJECTED = "rejected", _("bukan usaha yang sama")


class MatchCandidate(TimeStampedModel):
    """A pair in the uncertain band: a source record and the golden record it may belong to."""

    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="candidates")
    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("peluang cocok"))
    evidence = models.JSONField(_("bukti kecocokan"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    kabkota = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kab/kota")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-probability", "id"]
        verbose_name = _("kandidat kecocokan")
        verbose_name_plural = _("antrean tinjauan kecocokan")
        constraints = [models.UniqueConstraint(fields=["record", "business"], name="ingest_candidate_once")]
        indexes = [models.Index(fields=["kabkota", "status", "probability"], name="ingest_candidate_queue")]


class MergeKind(models.TextChoices):
    AUTO = "auto", _("otomatis")
    REVIEW = "review", _("tinjauan")
    NEW = "new", _("data induk baru")


class Merge(models.Model):
    """A source record joined to a golden record, with what it changed, so it can be undone."""

    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="merges")
    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="merges")
    kind = models.CharField(_("cara"), max_length=10, choices=MergeKind.choices)
    probability = models.FloatField(_("peluang cocok"), null=True, blank=True)
    # Field values of the golden record before this merge wrote them: {"phone": "", "email": ""}.
    previous_values = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    undone_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("penggabungan")
        verbose_name_plural = _("penggabungan")
        indexes = [models.Index(fields=["business", "undone_at"], name="ingest_merge_business")]

    def __str__(self) -> str:
        return f"{self.record_id} → {self.business_id} ({self.kind})"


class FieldProvenance(models.Model):
    """Which source record a golden record's field value came from, and by which survivorship rule."""

    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="provenance")
    field = models.CharField(max_length=40)
    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("aturan"), max_length=40)
    merge = models.ForeignKey(Merge, on_delete=models.CASCADE, related_name="provenance")

    class Meta:
        verbose_name = _("asal nilai")
        verbose_name_plural = _("asal nilai")
        constraints = [
            models.UniqueConstraint(fields=["business", "field"], name="ingest_provenance_field_once")
        ]

    def __str__(self) -> str:
        return f"{self.business_id}.{self.field} ← {self.record_id}"
