"""Everything Lapak holds about one person, gathered once for the "Data saya" page, the staff view of a
request and the export file (UU PDP Pasal 5-7 access, Pasal 13 portability).

The person is a user account; their data is the account itself and every business whose
``owner_account`` it is, with what hangs off those businesses. The caller decides which businesses (the
owner's own, or those of them inside a staff member's area), so scoping stays in the views and
``lapak.accounts.scoping``. One list of sections feeds the page, the JSON and the XLSX: what the page
shows is what the file holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Model, Q, Sum
from django.db.models.fields.files import FieldFile
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lapak.catalog.models import Product, Sku
from lapak.channels.models import Listing, SalesOrder, ShopConnection
from lapak.core.crypto import decrypt_text
from lapak.core.models import AccessLog
from lapak.curation.models import AspectScore, CurationRound, RoundStatus
from lapak.ingest.models import SourceRecord
from lapak.mentoring.models import TrainingParticipant, Visit
from lapak.registry.models import Business, LegalityDocument

from .models import Consent, DataSubjectRequest, ErasureRecord, ProcessingRestriction

Columns = list[tuple[str, str]]


@dataclass
class Section:
    """One kind of data: stable keys for the JSON, labels for people, one dict per record."""

    key: str
    title: str
    columns: Columns
    rows: list[dict[str, Any]] = field(default_factory=list)
    vertical: bool = False  # few records with many fields: shown as a list of fields, not a table

    @property
    def table(self) -> list[list[Any]]:
        return [[display(row.get(key)) for key, _label in self.columns] for row in self.rows]

    @property
    def records(self) -> list[list[tuple[str, Any]]]:
        return [[(label, display(row.get(key))) for key, label in self.columns] for row in self.rows]


def display(value: Any) -> Any:
    """A value as a person reads it in a cell: lists joined, yes/no for booleans, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list | tuple):
        return ", ".join(str(display(item)) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={display(v)}" for k, v in value.items())
    return value


def plain(value: Any) -> Any:
    """A JSON-ready value: local ISO times, decimals as text, a file as whether there is one."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return bool(value)
    if isinstance(value, Model):
        return str(value)
    return value


def field_value(obj: Model, name: str) -> Any:
    """A model field as stored, choices by their label and relations by their name."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return plain(getattr(obj, name))
    if getattr(model_field, "choices", None):
        return str(getattr(obj, f"get_{name}_display")())
    return plain(getattr(obj, name))


def field_columns(model: type[Model], names: Sequence[str]) -> Columns:
    return [
        (name, capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))) for name in names
    ]


def rows_of(objects: Iterable[Model], names: Sequence[str], **extra: Any) -> list[dict[str, Any]]:
    """One dict per object with ``names``; ``extra`` maps a key to a function of the object."""
    return [
        {**{name: field_value(obj, name) for name in names}, **{k: f(obj) for k, f in extra.items()}}
        for obj in objects
    ]


# --- The sections ---------------------------------------------------------------------------------------

ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email", "phone", "role", "region"]
ACCOUNT_TIMES = ["date_joined", "last_login"]


def account_section(owner: Any) -> Section:
    names = [*ACCOUNT_FIELDS, *ACCOUNT_TIMES]
    columns = [*field_columns(owner._meta.model, names), ("two_factor", _("Verifikasi dua langkah"))]
    two_factor = getattr(getattr(owner, "totp_device", None), "confirmed_at", None) is not None
    row = {**rows_of([owner], names)[0], "two_factor": two_factor}
    return Section("akun", _("Akun"), columns, [row], vertical=True)


# Stored protection of the NIK (ciphertext, keyed hash) is not data about the person in a readable sense;
# the NIK itself is shown masked, or in full only in the owner's own export.
BUSINESS_SKIPPED = {"id", "owner_nik_encrypted", "owner_nik_hash", "owner_nik_masked", "created_by"}


def business_section(businesses: Sequence[Business], *, reveal_nik: bool) -> Section:
    names = [f.name for f in Business._meta.concrete_fields if f.name not in BUSINESS_SKIPPED]
    columns = [("id", _("Nomor usaha")), ("owner_nik", _("NIK pemilik")), *field_columns(Business, names)]
    columns += [("restricted_since", _("Pemrosesan dibatasi sejak"))]
    restrictions = {
        r.business_id: r.since
        for r in ProcessingRestriction.objects.filter(business__in=businesses, lifted_at__isnull=True)
    }
    rows = rows_of(
        businesses, names, id=lambda b: b.pk,
        owner_nik=lambda b: owner_nik(b, reveal=reveal_nik),
        restricted_since=lambda b: plain(restrictions.get(b.pk)),
    )  # fmt: skip
    return Section("usaha", _("Usaha"), columns, rows, vertical=True)


def owner_nik(owner: Business | SourceRecord, *, reveal: bool) -> str:
    """The owner's NIK of a business or an imported row: in full when revealed, else masked."""
    if reveal and owner.owner_nik_encrypted:
        return decrypt_text(owner.owner_nik_encrypted)
    return owner.owner_nik_masked


DOCUMENT_FIELDS = ["kind", "issued_on", "expires_on", "scan", "status", "verification_note"]


def document_section(businesses: Sequence[Business], *, reveal_nik: bool) -> Section:
    """A personal NPWP is the owner's NIK: masked like the NIK unless it is the owner's own file."""
    documents = LegalityDocument.objects.filter(business__in=businesses).order_by("business_id", "kind")
    columns = [("business_id", _("Nomor usaha")), ("number", _("Nomor"))]
    columns += [*field_columns(LegalityDocument, DOCUMENT_FIELDS), ("verified_at", _("Diverifikasi"))]
    rows = rows_of(
        documents,
        DOCUMENT_FIELDS,
        business_id=lambda d: d.business_id,
        number=lambda d: d.number if reveal_nik else d.number_masked,
        verified_at=lambda d: plain(d.verified_at),
    )
    return Section("dokumen_legalitas", _("Dokumen legalitas"), columns, rows)


PRODUCT_FIELDS = [
    "name", "description", "category", "brand", "kbli_code", "shelf_life_days", "storage",
    "capacity_per_month", "capacity_unit", "is_exported", "hs_code", "is_active", "local_share",
    "domestic_share", "created_at",
]  # fmt: skip
SKU_FIELDS = ["code", "variant", "price", "stock", "weight_grams", "length_cm", "width_cm", "height_cm"]


def product_sections(businesses: Sequence[Business]) -> list[Section]:
    products = Product.objects.filter(business__in=businesses).annotate(photo_count=Count("photos"))
    columns = [("id", _("Nomor produk")), ("business_id", _("Nomor usaha"))]
    columns += [*field_columns(Product, PRODUCT_FIELDS), ("photos", _("Jumlah foto"))]
    rows = rows_of(
        products.order_by("business_id", "name", "id"), PRODUCT_FIELDS, id=lambda p: p.pk,
        business_id=lambda p: p.business_id, photos=lambda p: p.photo_count,
    )  # fmt: skip
    skus = Sku.objects.filter(product__business__in=businesses).order_by("product_id", "position", "id")
    sku_columns = [("product_id", _("Nomor produk")), *field_columns(Sku, [*SKU_FIELDS, "is_active"])]
    sku_rows = rows_of(skus, [*SKU_FIELDS, "is_active"], product_id=lambda s: s.product_id)
    return [
        Section("produk", _("Produk"), columns, rows),
        Section("sku", _("SKU (varian produk)"), sku_columns, sku_rows),
    ]


def channel_sections(businesses: Sequence[Business]) -> list[Section]:
    """Shops connected and listings on each channel; tokens are credentials, never exported."""
    shops = ShopConnection.objects.filter(business__in=businesses).select_related("channel")
    shop_names = ["channel", "shop_id", "shop_name", "status", "created_at"]
    shop_rows = rows_of(
        shops.order_by("business_id", "channel_id"), shop_names, business_id=lambda s: s.business_id
    )
    listings = Listing.objects.filter(product__business__in=businesses).select_related("channel", "product")
    listing_names = ["product", "channel", "state", "external_url", "last_synced_at"]
    listing_rows = rows_of(listings.order_by("product_id", "channel_id"), listing_names)
    return [
        Section(
            "toko_terhubung", _("Toko yang tersambung"),
            [("business_id", _("Nomor usaha")), *field_columns(ShopConnection, shop_names)], shop_rows,
        ),
        Section("tayangan", _("Tayangan di kanal"), field_columns(Listing, listing_names), listing_rows),
    ]  # fmt: skip


def sales_section(businesses: Sequence[Business]) -> Section:
    """Totals per business, year and source: the ledger itself can hold millions of orders, and its
    buyers' details are the buyers' data, not the owner's."""
    totals = (
        SalesOrder.objects.filter(business__in=businesses)
        .annotate(year=ExtractYear("ordered_at"))
        .values("business_id", "year", "source", "channel__name", "is_online")
        .annotate(orders=Count("id"), amount=Sum("total_amount"), fees=Sum("fees"))
        .order_by("business_id", "year", "source", "channel__name")
    )
    sources = dict(SalesOrder._meta.get_field("source").choices or [])
    rows = [
        {
            "business_id": t["business_id"], "year": t["year"], "source": str(sources.get(t["source"], "")),
            "channel": t["channel__name"] or "", "online": t["is_online"], "orders": t["orders"],
            "amount": t["amount"], "fees": t["fees"],
        }
        for t in totals
    ]  # fmt: skip
    columns = [
        ("business_id", _("Nomor usaha")), ("year", _("Tahun")), ("source", _("Sumber")),
        ("channel", _("Kanal")), ("online", _("Daring")), ("orders", _("Jumlah pesanan")),
        ("amount", _("Nilai (Rp)")), ("fees", _("Biaya kanal (Rp)")),
    ]  # fmt: skip
    return Section("ringkasan_penjualan", _("Ringkasan penjualan"), columns, rows)


CONSENT_FIELDS = [
    "purpose", "granted", "wording_version", "wording_sha256", "given_at", "source", "withdrawn_at",
    "withdrawal_reason",
]  # fmt: skip


def consent_section(businesses: Sequence[Business]) -> Section:
    consents = Consent.objects.filter(business__in=businesses).order_by("business_id", "purpose", "given_at")
    columns = [("business_id", _("Nomor usaha")), *field_columns(Consent, CONSENT_FIELDS)]
    rows = rows_of(consents, CONSENT_FIELDS, business_id=lambda c: c.business_id)
    return Section("persetujuan", _("Persetujuan"), columns, rows)


SOURCE_FIELDS = [
    "row_number", "sheet", "name", "brand", "owner_name", "owner_sex", "nib", "phone", "email", "address",
    "desa", "kecamatan", "kabkota", "sector", "products", "annual_sales", "employees", "founded_year",
    "shop_url", "link_state", "created_at",
]  # fmt: skip


def source_record_section(businesses: Sequence[Business], *, reveal_nik: bool) -> Section:
    """Rows of agency lists linked to the businesses: what each agency sent about the owner."""
    records = SourceRecord.objects.filter(business__in=businesses).select_related(
        "source", "batch", "desa", "kecamatan", "kabkota"
    )
    columns = [("business_id", _("Nomor usaha")), ("source", _("Sumber data")), ("file", _("Berkas"))]
    columns += [("owner_nik", _("NIK pemilik")), *field_columns(SourceRecord, SOURCE_FIELDS)]

    rows = rows_of(
        records.order_by("business_id", "batch_id", "row_number"), SOURCE_FIELDS,
        business_id=lambda r: r.business_id, source=lambda r: r.source.name,
        file=lambda r: r.batch.original_name, owner_nik=lambda r: owner_nik(r, reveal=reveal_nik),
    )  # fmt: skip
    return Section("rekaman_sumber", _("Data dari daftar instansi (impor)"), columns, rows)


VISIT_FIELDS = [
    "visit_date",
    "status",
    "team",
    "place",
    "outcome",
    "next_step",
    "photo",
    "latitude",
    "longitude",
]


def mentoring_sections(businesses: Sequence[Business]) -> list[Section]:
    """Visits and trainings the businesses appear in; mentors are named by team, not as persons."""
    visits = Visit.objects.filter(businesses__in=businesses).distinct().select_related("team", "place")
    visit_rows = rows_of(visits.order_by("-visit_date", "-id"), VISIT_FIELDS, topics=lambda v: v.topic_labels)
    visit_columns = [*field_columns(Visit, VISIT_FIELDS), ("topics", _("Topik"))]
    participations = (
        TrainingParticipant.objects.filter(business__in=businesses)
        .select_related("training__team", "training__place")
        .order_by("-training__starts_at")
    )
    training_rows = [
        {
            "business_id": p.business_id, "title": p.training.title,
            "kind": p.training.get_kind_display(), "team": p.training.team.name,
            "starts_at": plain(p.training.starts_at), "venue": p.training.venue,
            "place": p.training.place.name, "attended": p.attended,
        }
        for p in participations
    ]  # fmt: skip
    training_columns = [
        ("business_id", _("Nomor usaha")), ("title", _("Judul")), ("kind", _("Jenis kegiatan")),
        ("team", _("Tim penyelenggara")), ("starts_at", _("Mulai")), ("venue", _("Tempat")),
        ("place", _("Wilayah")), ("attended", _("Hadir")),
    ]  # fmt: skip
    return [
        Section("kunjungan", _("Kunjungan pendampingan"), visit_columns, visit_rows),
        Section("pelatihan", _("Pelatihan dan kegiatan"), training_columns, training_rows),
    ]


def curation_sections(businesses: Sequence[Business]) -> list[Section]:
    """Completed kurasi results as the owner sees them: the panel result and each aspect's score and
    note, curators numbered within a round, never named."""
    rounds = (
        CurationRound.objects.filter(product__business__in=businesses, status=RoundStatus.COMPLETED)
        .select_related("product", "rubric_version__rubric")
        .order_by("product_id", "number")
    )
    round_rows = [
        {
            "product": r.product.name, "round": r.number, "rubric": str(r.rubric_version),
            "decision": r.get_decision_display() if r.decision is not None else "",
            "score": plain(r.total_score), "completed_at": plain(r.completed_at),
        }
        for r in rounds
    ]  # fmt: skip
    scores = (
        AspectScore.objects.filter(assessment__assignment__round__in=rounds)
        .select_related("aspect", "assessment__assignment__round__product")
        .order_by("assessment__assignment__round_id", "assessment__assignment_id", "aspect__position")
    )
    curator_numbers: dict[tuple[int, int], int] = {}
    score_rows = []
    for item in scores:
        assignment = item.assessment.assignment
        key = (assignment.round_id, assignment.pk)
        if key not in curator_numbers:  # curators are numbered per round in the order they assessed
            curator_numbers[key] = 1 + sum(1 for k in curator_numbers if k[0] == key[0])
        number = curator_numbers[key]
        score_rows.append(
            {
                "product": assignment.round.product.name, "round": assignment.round.number,
                "curator": _("Kurator %(n)s") % {"n": number}, "aspect": item.aspect.name,
                "score": item.score, "note": item.note,
            }
        )  # fmt: skip
    round_columns = [
        ("product", _("Produk")), ("round", _("Putaran")), ("rubric", _("Rubrik")),
        ("decision", _("Keputusan panel")), ("score", _("Nilai panel")), ("completed_at", _("Selesai")),
    ]  # fmt: skip
    score_columns = [
        ("product", _("Produk")), ("round", _("Putaran")), ("curator", _("Kurator")),
        ("aspect", _("Aspek")), ("score", _("Nilai")), ("note", _("Catatan")),
    ]  # fmt: skip
    return [
        Section("hasil_kurasi", _("Hasil kurasi"), round_columns, round_rows),
        Section("nilai_kurasi", _("Nilai kurasi per aspek"), score_columns, score_rows),
    ]


def access_log_section(owner: Any, businesses: Sequence[Business]) -> Section:
    """Who opened or exported this person's data (by role: the staff member's name is their own data)."""
    reprs = [f"business:{b.pk}" for b in businesses] + [f"person:{owner.pk}"]
    document_ids = LegalityDocument.objects.filter(business__in=businesses).values_list("pk", flat=True)
    reprs += [f"document:{pk}" for pk in document_ids]
    entries = AccessLog.objects.filter(object_repr__in=reprs).select_related("user").order_by("-created_at")
    rows = [
        {
            "at": plain(e.created_at), "action": e.get_action_display(),
            "role": e.user.get_role_display() if e.user else _("(sistem)"), "object": e.object_repr,
            "detail": e.detail,
        }
        for e in entries
    ]  # fmt: skip
    columns = [
        ("at", _("Waktu")), ("action", _("Jenis akses")), ("role", _("Peran petugas")),
        ("object", _("Objek")), ("detail", _("Rincian")),
    ]  # fmt: skip
    return Section("log_akses", _("Log akses data pribadi"), columns, rows)


REQUEST_FIELDS = [
    "kind",
    "business",
    "description",
    "status",
    "received_at",
    "due_at",
    "handled_at",
    "resolution",
]


def request_section(owner: Any, businesses: Sequence[Business]) -> Section:
    requests = DataSubjectRequest.objects.filter(requester=owner).select_related("business")
    erasures = ErasureRecord.objects.filter(business__in=businesses)
    rows = rows_of(requests.order_by("-received_at"), REQUEST_FIELDS, id=lambda r: r.pk)
    rows += [
        {"id": "", "kind": _("Penghapusan data pribadi"), "business": e.business.name,
         "description": e.reason, "status": _("Selesai"), "handled_at": plain(e.created_at),
         "resolution": e.summary}
        for e in erasures.select_related("business")
    ]  # fmt: skip
    columns = [("id", _("Nomor")), *field_columns(DataSubjectRequest, REQUEST_FIELDS)]
    return Section("permintaan", _("Permintaan dan penghapusan data"), columns, rows)


def person_sections(*, owner: Any, businesses: Iterable[Business], reveal_nik: bool = False) -> list[Section]:
    """Every section of what Lapak holds about ``owner`` through ``businesses`` (already scoped by the
    caller). ``reveal_nik`` decrypts the NIK: only for the owner's own export."""
    chosen = list(businesses)
    return [
        account_section(owner),
        business_section(chosen, reveal_nik=reveal_nik),
        document_section(chosen, reveal_nik=reveal_nik),
        *product_sections(chosen),
        *channel_sections(chosen),
        sales_section(chosen),
        consent_section(chosen),
        source_record_section(chosen, reveal_nik=reveal_nik),
        *mentoring_sections(chosen),
        *curation_sections(chosen),
        access_log_section(owner, chosen),
        request_section(owner, chosen),
    ]


def owned_businesses(owner: Any, *, within: Any = None) -> Any:
    """The businesses whose owner account is ``owner``, optionally inside a scoped queryset ``within``."""
    queryset = within if within is not None else Business.objects.all()
    return queryset.filter(Q(owner_account=owner)).select_related("province", "kabkota", "kecamatan", "desa")
