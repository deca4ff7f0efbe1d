"""The public catalogue's own records: what an owner chose to publish, the catalogue version that keys
the page cache, and the search index (documents, vocabulary for typo correction, synonyms).

The search index is derived data, rebuilt from the catalogue by ``search.py``; a document exists only for
a product that is public (``selectors.public_products``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionPrecision(models.TextChoices):
    KABKOTA = "kabkota", _("Kab/kota saja")
    KECAMATAN = "kecamatan", _("Kecamatan dan kab/kota")
    DESA = "desa", _("Desa/kelurahan, kecamatan dan kab/kota")
    ADDRESS = "alamat", _("Alamat lengkap")


class PublicProfile(models.Model):
    """What the owner chose to show in the public catalogue, beyond the products themselves."""

    business = models.OneToOneField(
        "registry.Business", on_delete=models.CASCADE, primary_key=True, related_name="public_profile"
    )
    story = models.TextField(
        _("cerita usaha"), blank=True, max_length=2000,
        help_text=_("Siapa pembuatnya, sejak kapan, apa yang khas. Jangan tulis NIK atau data pribadi."),
    )  # fmt: skip
    show_phone = models.BooleanField(_("tampilkan nomor telepon usaha"), default=False)
    region_precision = models.CharField(
        _("wilayah yang ditampilkan"), max_length=10, choices=RegionPrecision.choices,
        default=RegionPrecision.KABKOTA,
    )  # fmt: skip
    show_women_owned = models.BooleanField(_("tampilkan sebagai usaha milik perempuan"), default=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("profil publik")
        verbose_name_plural = _("profil publik")

    def __str__(self) -> str:
        return str(self.business_id)


class CatalogueState(models.Model):
    """One row: the catalogue version, bumped by every change to public data. Rendered pages are cached
    under it, and it is the ETag and Last-Modified of every public page."""

    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"v{self.version}"


class SearchDocument(models.Model):
    """One public product as the search and the catalogue lists read it: the stemmed text and the filter
    columns in one narrow row, so a filtered search is one indexed scan."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="+")
    kabkota = models.CharField(max_length=13)
    sector = models.CharField(max_length=10)
    category = models.CharField(max_length=20)
    category_group = models.CharField(max_length=10)
    price_min = models.BigIntegerField(null=True)
    halal = models.BooleanField(default=False)
    bpom = models.BooleanField(default=False)
    pirt = models.BooleanField(default=False)
    sni = models.BooleanField(default=False)
    women_owned = models.BooleanField(default=False)
    kopwan = models.BooleanField(default=False)
    # Higher first in lists: produk unggulan, then the kurasi score (see search.document_rank).
    rank = models.IntegerField(default=0)
    unggulan = models.BooleanField(default=False)
    name = models.CharField(max_length=255)
    # Space-separated index terms: synonyms applied, then stemmed (search.index_terms).
    text = models.TextField()
    # The filter values as index terms too (search.facet_terms: "xk3527 xgpangan xhalal …"), so a
    # search with filters is one intersection inside the full-text index, with no row visited to filter.
    facets = models.CharField(max_length=200, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["-rank", "product"], name="sf_doc_rank"),
            models.Index(fields=["kabkota", "-rank", "product"], name="sf_doc_kabkota_rank"),
            models.Index(fields=["category", "-rank", "product"], name="sf_doc_category_rank"),
            models.Index(fields=["category_group", "-rank", "product"], name="sf_doc_group_rank"),
            models.Index(fields=["sector", "-rank", "product"], name="sf_doc_sector_rank"),
            models.Index(fields=["business"], name="sf_doc_business"),
        ]

    def __str__(self) -> str:
        return self.name


class SearchTerm(models.Model):
    """A term of the index with the number of documents holding it: the vocabulary a misspelt query
    word is corrected against."""

    term = models.CharField(max_length=60, unique=True)
    documents = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.term


class SearchTermVariant(models.Model):
    """A term with up to two letters deleted (SymSpell): a query word within edit distance 2 of a term
    shares a variant with it, found by one indexed lookup instead of comparing against every term."""

    variant = models.CharField(max_length=60)
    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "term"], name="sf_variant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.variant} → {self.term_id}"


class Synonym(models.Model):
    """A word or phrase written another way (``kripik``) and the form the index uses (``keripik``);
    applied to product text and to queries alike."""

    phrase = models.CharField(_("kata atau frasa"), max_length=80, unique=True)
    canonical = models.CharField(_("bentuk baku"), max_length=80)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("sinonim")
        verbose_name_plural = _("sinonim")

    def __str__(self) -> str:
        return f"{self.phrase} → {self.canonical}"
