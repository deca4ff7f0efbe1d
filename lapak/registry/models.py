"""The business register: one row per business (usaha), its owner data and its legality documents."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.scoping import BusinessQuerySet
from lapak.core.models import TimeStampedModel
from lapak.registry.sizeclass import SizeClass, SizeCriterion


class Sector(models.TextChoices):
    FASHION = "fashion", _("Fesyen & batik")
    FOOD = "pangan", _("Makanan & minuman olahan")
    CRAFT = "kriya", _("Kriya / kerajinan")
    AGRI = "agro", _("Pertanian & perkebunan")
    HERBAL = "herbal", _("Jamu, herbal & kosmetik")
    TRADE = "dagang", _("Perdagangan")
    SERVICE = "jasa", _("Jasa")
    OTHER = "lainnya", _("Lainnya")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class OnlineMode(models.TextChoices):
    OFFLINE = "belum", _("Belum berjualan online")
    RESELLER = "reseller", _("Reseller (menjual produk orang lain)")
    CREATOR = "kreator", _("Kreator (produk sendiri)")


class KbliVersion(models.TextChoices):
    KBLI_2020 = "2020", "KBLI 2020"
    KBLI_2025 = "2025", "KBLI 2025"


class LegalityStatus(models.TextChoices):
    NONE = "tidak_ada", _("Belum ada dokumen")
    PENDING = "menunggu", _("Menunggu verifikasi")
    VERIFIED = "terverifikasi", _("Terverifikasi")
    REJECTED = "ditolak", _("Ada dokumen ditolak")


# Fields that identify the owner as a person (UU PDP): hidden from roles without personal-data access.
PERSONAL_FIELDS = frozenset(
    {
        "owner_name", "owner_nik_masked", "phone", "email", "address", "latitude", "longitude",
        "owner_account", "shop_links",
    }
)  # fmt: skip
# A document's number can be the owner's NIK (a personal NPWP is the NIK) and its scan shows the person.
PERSONAL_DOCUMENT_FIELDS = frozenset({"number", "scan"})


RUPIAH = [MinValueValidator(0, _("Jumlah rupiah tidak boleh negatif."))]
FOUNDED_YEAR = [
    MinValueValidator(1900, _("Tahun berdiri paling awal 1900.")),
    MaxValueValidator(2100, _("Tahun berdiri tidak masuk akal.")),
]
LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]
# Columns the list filters on, carried in the scope indexes so PostgreSQL can count a filtered list
# from the index alone (an index-only scan) instead of visiting every matching row of a wide table.
LIST_FILTER_COLUMNS = [
    "sector", "size_class", "legality_status", "owner_sex", "online_mode",
    "is_ikm", "is_ukm", "is_koperasi", "is_kopwan_member", "kecamatan_id", "desa_id",
]  # fmt: skip


class Business(TimeStampedModel):
    """A business (not a person): one owner may run several, and each is its own record."""

    name = models.CharField(_("nama usaha"), max_length=200)
    brand = models.CharField(_("merek dagang"), max_length=120, blank=True)

    owner_name = models.CharField(_("nama pemilik"), max_length=150)
    owner_sex = models.CharField(_("jenis kelamin pemilik"), max_length=1, choices=Sex.choices)
    owner_nik_encrypted = models.TextField(_("NIK (terenkripsi)"), blank=True)
    owner_nik_hash = models.CharField(max_length=64, blank=True, db_index=True)
    owner_nik_masked = models.CharField(_("NIK"), max_length=16, blank=True)
    phone = models.CharField(_("telepon"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)

    address = models.CharField(_("alamat"), max_length=250, blank=True)
    province = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("provinsi")
    )
    kabkota = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kab/kota")
    )
    kecamatan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan")
    )
    desa = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )

    sector = models.CharField(_("sektor"), max_length=10, choices=Sector.choices)
    kbli_code = models.CharField(_("kode KBLI"), max_length=5, blank=True)
    kbli_version = models.CharField(
        _("versi KBLI"), max_length=4, choices=KbliVersion.choices, default=KbliVersion.KBLI_2020
    )
    is_ikm = models.BooleanField(_("IKM"), default=False)
    is_ukm = models.BooleanField(_("UKM"), default=False)
    is_koperasi = models.BooleanField(_("koperasi"), default=False)
    is_kopwan_member = models.BooleanField(_("anggota Koperasi Wanita"), default=False)
    employees = models.PositiveIntegerField(_("jumlah tenaga kerja"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("tahun berdiri"), null=True, blank=True, validators=FOUNDED_YEAR
    )

    capital = models.BigIntegerField(_("modal usaha (Rp)"), null=True, blank=True, validators=RUPIAH)
    annual_sales = models.BigIntegerField(_("omzet tahunan (Rp)"), null=True, blank=True, validators=RUPIAH)
    size_class = models.CharField(_("skala usaha"), max_length=10, choices=SizeClass.choices, blank=True)
    size_criterion = models.CharField(
        _("kriteria skala"), max_length=6, choices=SizeCriterion.choices, blank=True
    )
    size_regulation = models.CharField(_("dasar hukum skala"), max_length=20, blank=True)

    online_mode = models.CharField(
        _("kehadiran online"), max_length=10, choices=OnlineMode.choices, default=OnlineMode.OFFLINE
    )
    shop_links = models.JSONField(_("tautan toko online"), default=list, blank=True)

    legality_status = models.CharField(
        _("status legalitas"), max_length=14, choices=LegalityStatus.choices, default=LegalityStatus.NONE
    )
    owner_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name=_("akun pemilik"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = BusinessQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("usaha")
        verbose_name_plural = _("usaha")
        indexes = [
            models.Index(fields=["kabkota", "name", "id"], name="biz_kabkota_name"),
            models.Index(fields=["kabkota", "updated_at", "id"], name="biz_kabkota_updated"),
            models.Index(fields=["kecamatan", "name"], name="biz_kecamatan_name"),
            models.Index(fields=["desa"], name="biz_desa"),
            models.Index(fields=["name", "id"], name="biz_name"),
            models.Index(fields=["sector", "kabkota"], name="biz_sector_kabkota"),
            models.Index(fields=["kabkota"], include=LIST_FILTER_COLUMNS, name="biz_kabkota_filters"),
            models.Index(fields=["province"], include=LIST_FILTER_COLUMNS, name="biz_province_filters"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def women_owned(self) -> bool:
        return self.owner_sex == Sex.FEMALE


class DocumentKind(models.TextChoices):
    NIB = "nib", "NIB"
    NPWP = "npwp", "NPWP"
    PIRT = "pirt", "P-IRT"
    BPOM = "bpom", _("BPOM MD/ML")
    HALAL = "halal", _("Sertifikat halal")
    SNI = "sni", "SNI"
    MEREK = "merek", _("Merek (HKI)")


class VerificationStatus(models.TextChoices):
    PENDING = "menunggu", _("Menunggu verifikasi")
    VERIFIED = "terverifikasi", _("Terverifikasi")
    REJECTED = "ditolak", _("Ditolak")


def document_upload_path(instance: "LegalityDocument", filename: str) -> str:
    """A random name: the uploaded file name may carry personal data and must not be guessable."""
    extension = Path(filename).suffix.lower()[:6]
    return f"legalitas/{instance.business_id}/{uuid.uuid4().hex}{extension}"


class LegalityDocument(TimeStampedModel):
    """One legality document of a business, with its scan and the staff verification of it."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=6, choices=DocumentKind.choices)
    number = models.CharField(_("nomor"), max_length=60)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    scan = models.FileField(_("pindaian dokumen"), upload_to=document_upload_path, blank=True)
    status = models.CharField(
        _("status verifikasi"),
        max_length=14,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )
    verification_note = models.CharField(_("catatan verifikasi"), max_length=250, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["business_id", "kind"]
        verbose_name = _("dokumen legalitas")
        verbose_name_plural = _("dokumen legalitas")
        indexes = [models.Index(fields=["kind", "number"], name="doc_kind_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def number_masked(self) -> str:
        """The number as shown to roles without personal-data access: a NIK-form NPWP is masked."""
        from lapak.registry.validators import mask_nik

        is_personal_npwp = self.kind == DocumentKind.NPWP and len(self.number) == 16 and self.number[0] != "0"
        return mask_nik(self.number) if is_personal_npwp else self.number

    def get_additional_data(self) -> dict[str, int]:
        """Lets the change log of a business include entries of its documents, even deleted ones."""
        return {"business_id": self.business_id}
