"""Importing sales files into the ledger: a channel's seller report, or the offline sales sheet.

The file is read with the project's tolerant reader (CSV in any of the usual encodings and delimiters,
XLSX, XLS; title rows above the header; "Jumlah" rows skipped). Every row is checked and becomes a
:class:`~lapak.channels.files.ledger_bulk.LedgerLine`; the lines stream into the bulk ledger path while
the rest of the file is still being checked. One bad row anywhere rolls everything back: the seller
gets the full list of problems (row, column, what is wrong) and the ledger is untouched.

Orders are recorded once: a channel's order number once per channel, an offline order number (or the
row itself, when the sheet has no receipt number) once per business and source. Importing the same
file again adds nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lapak.accounts.scoping import Action
from lapak.catalog.models import Sku
from lapak.channels.models import Channel, SaleSource
from lapak.channels.services import country_code
from lapak.ingest.mapping import header_key
from lapak.ingest.readers import Cell, ReadError, Row, clean_identifier, read_table
from lapak.ingest.readers.cells import cell_text
from lapak.registry.models import Business

from .layouts import OFFLINE, OFFLINE_SOURCE_VALUES, OFFLINE_SOURCES, SalesFileLayout, layout_for
from .ledger_bulk import LedgerLine, ledger_bulk_ingest
from .parsing import ImportReport, match_columns, parse_count, parse_moment, parse_period, parse_rupiah

ORDER_ID_MAX = 80
SKU_MAX = 60


class _Invalid(Exception):
    """Raised once the whole file is read and some row was bad: rolls the import back."""


def _check_can_change(actor: Any, business: Business) -> None:
    if (
        actor is not None
        and not Business.objects.restrict(actor, Action.CHANGE).filter(pk=business.pk).exists()
    ):
        raise PermissionDenied(_("Anda tidak berhak mencatat penjualan usaha ini."))


def sku_index(*, business: Business) -> dict[str, int]:
    """The business's SKU ids by code (case-insensitive); an active SKU wins over an inactive twin."""
    index: dict[str, int] = {}
    rows = Sku.objects.filter(product__business=business).order_by("-is_active", "pk")
    for pk, code in rows.values_list("pk", "code"):
        index.setdefault(code.strip().casefold(), pk)
    return index


@dataclass(frozen=True)
class _Target:
    """Where the rows go and what they are checked against."""

    business: Business
    channel: Channel | None
    layout: SalesFileLayout
    source: str
    today: date
    skus: dict[str, int]
    allow_unknown_skus: bool


class _RowChecker:
    """Turns rows into ledger lines, recording every problem in the report."""

    def __init__(self, target: _Target, report: ImportReport, columns: list[str], mapping: dict[str, int]):
        self.target = target
        self.report = report
        self.columns = columns
        self.mapping = mapping
        self.labels = {field.key: str(field.label) for field in target.layout.fields}
        self.seen: Counter[str] = Counter()
        self.zone = timezone.get_current_timezone()  # looked up once: it is a context-local per call

    def lines(self, rows: Iterable[Row]) -> Iterator[LedgerLine]:
        """The valid rows' lines; after the first bad row the rest is only checked, not staged."""
        for row in rows:
            self.report.rows += 1
            line = self.line(row)
            if line is not None and self.report.ok:
                yield line

    def cell(self, values: list[Cell], key: str) -> Cell:
        index = self.mapping.get(key)
        return values[index] if index is not None and index < len(values) else ""

    def title(self, key: str) -> str:
        index = self.mapping.get(key)
        return self.columns[index] if index is not None else self.labels.get(key, key)

    def fail(self, row: Row, key: str, message: str) -> None:
        self.report.error(row.number, self.title(key), message)

    def line(self, row: Row) -> LedgerLine | None:
        errors = self.report.error_count
        values = row.values
        moment = self.moment(row)
        sku_code, sku_id = self.sku(row)
        quantity = self.quantity(row)
        price, amount = self.money(row, quantity)
        fees = self.rupiah(row, "fees") or 0
        country = self.country(row)
        source = self.source(row)
        number = self.order_number(row)
        if self.report.error_count > errors or moment is None or quantity is None or number is None:
            return None
        city = cell_text(self.cell(values, "buyer_city"))
        province = cell_text(self.cell(values, "buyer_province"))
        external_id = number or self.row_key(source, moment, (sku_code, quantity, amount, city, province))
        target = self.target
        return LedgerLine(
            business_id=target.business.pk,
            channel_id=target.channel.pk if target.channel else None,
            source=source,
            is_online=target.layout.online,
            external_id=external_id,
            ordered_at=timezone.make_aware(moment, self.zone),
            seller_sku=sku_code,
            quantity=quantity,
            unit_price=price,
            amount=amount,
            sku_id=sku_id,
            status=cell_text(self.cell(values, "status")),
            buyer_city=city,
            buyer_province=province,
            buyer_country=country,
            fees=fees,
        )

    def moment(self, row: Row) -> datetime | None:
        key = "ordered_at" if self.target.layout.online else "sold_on"
        raw = self.cell(row.values, key)
        if cell_text(raw) == "":
            self.fail(row, key, _("Tanggal kosong."))
            return None
        moment = parse_moment(raw) if self.target.layout.online else parse_period(raw)
        if moment is None:
            self.fail(
                row,
                key,
                _("Tanggal “%(value)s” tidak terbaca. Tulis seperti 17/08/2025 atau 17/08/2025 13:45.")
                % {"value": cell_text(raw)},
            )
            return None
        if moment.date() > self.target.today:
            self.fail(row, key, _("Tanggal %(date)s ada di masa depan.") % {"date": _day(moment)})
            return None
        last = self.target.layout.last_order_date
        if last is not None and moment.date() > last:
            self.fail(
                row,
                key,
                _("Tanggal %(date)s: %(channel)s tidak menerima pesanan barang fisik setelah %(last)s.")
                % {
                    "date": _day(moment),
                    "channel": self.target.channel.name if self.target.channel else "",
                    "last": formats.date_format(last, "j F Y"),
                },
            )
            return None
        return moment

    def sku(self, row: Row) -> tuple[str, int | None]:
        code = clean_identifier(self.cell(row.values, "seller_sku"))
        if len(code) > SKU_MAX:
            self.fail(row, "seller_sku", _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": SKU_MAX})
            return code, None
        sku_id = self.target.skus.get(code.casefold())
        if sku_id is None and not self.target.allow_unknown_skus:
            if not code:
                self.fail(row, "seller_sku", _("SKU kosong."))
            else:
                self.fail(
                    row,
                    "seller_sku",
                    _("SKU “%(sku)s” tidak ada di katalog %(business)s.")
                    % {"sku": code, "business": self.target.business.name},
                )
        return code, sku_id

    def quantity(self, row: Row) -> int | None:
        raw = self.cell(row.values, "quantity")
        quantity = parse_count(raw)
        if quantity is None or quantity <= 0:
            self.fail(
                row,
                "quantity",
                _("“%(value)s” harus bilangan bulat lebih dari 0.") % {"value": cell_text(raw)},
            )
            return None
        return quantity

    def rupiah(self, row: Row, key: str) -> int | None:
        raw = self.cell(row.values, key)
        if cell_text(raw) == "":
            return None
        value = parse_rupiah(raw)
        if value is None:
            self.fail(row, key, _("“%(value)s” bukan nilai Rupiah.") % {"value": cell_text(raw)})
        elif value < 0:
            self.fail(row, key, _("Tidak boleh negatif (%(value)s).") % {"value": cell_text(raw)})
            return None
        return value

    def money(self, row: Row, quantity: int | None) -> tuple[int, int]:
        """Unit price and line amount; either may be missing, never both."""
        errors = self.report.error_count
        price = self.rupiah(row, "unit_price")
        amount = self.rupiah(row, "amount")
        if price is None and amount is None:
            if self.report.error_count == errors:
                self.fail(row, "unit_price", _("Harga satuan atau total harus diisi."))
            return 0, 0
        if not quantity:
            return price or 0, amount or 0
        if price is None:
            return round((amount or 0) / quantity), amount or 0
        return price, price * quantity if amount is None else amount

    def country(self, row: Row) -> str:
        raw = cell_text(self.cell(row.values, "buyer_country"))
        if not raw:
            return "ID"
        code = country_code(raw)
        if not code:
            self.fail(
                row,
                "buyer_country",
                _("Negara “%(value)s” tidak dikenal; tulis kode 2 huruf seperti ID, MY, SG.")
                % {"value": raw},
            )
        return code or "ID"

    def source(self, row: Row) -> str:
        if self.target.layout.online:
            return self.target.source
        raw = cell_text(self.cell(row.values, "source"))
        if not raw:
            return self.target.source
        source = OFFLINE_SOURCES.get(header_key(raw))
        if source is None:
            self.fail(
                row,
                "source",
                _("Sumber “%(value)s” tidak dikenal; isi Galeri, Pameran atau Laporan mandiri.")
                % {"value": raw},
            )
            return self.target.source
        return source

    def order_number(self, row: Row) -> str | None:
        """The order (or receipt) number; ``""`` for an offline row without one, ``None`` when invalid."""
        key = "order_id" if self.target.layout.online else "receipt"
        raw = self.cell(row.values, key)
        number = clean_identifier(raw)
        if cell_text(raw) and not number:
            self.fail(
                row,
                key,
                _("Nomor “%(value)s” terbaca sebagai angka ilmiah dan digitnya hilang; simpan kolom ini "
                  "sebagai teks lalu ekspor ulang.")
                % {"value": cell_text(raw)},
            )  # fmt: skip
            return None
        if len(number) > ORDER_ID_MAX:
            self.fail(row, key, _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": ORDER_ID_MAX})
            return None
        if not number and self.target.layout.online:
            self.fail(row, key, _("Nomor pesanan kosong."))
            return None
        return number

    def row_key(self, source: str, moment: datetime, content: tuple[object, ...]) -> str:
        """A number for an offline row without a receipt number, the same each time the file is imported.

        Rows with the same content in one file are told apart by how many came before them.
        """
        text = "|".join(str(part) for part in (source, moment.isoformat(), *content))
        self.seen[text] += 1
        digest = hashlib.sha1(f"{text}|{self.seen[text]}".encode(), usedforsecurity=False).hexdigest()
        return f"{source}-{moment:%Y%m%d}-{digest[:12]}"


def _day(moment: datetime) -> str:
    """A date as users read it ("1 Desember 2026")."""
    return formats.date_format(moment.date(), "j F Y")


def _import(target: _Target, *, actor: Any, path: Path) -> ImportReport:
    """Read, check and load one file; all or nothing."""
    _check_can_change(actor, target.business)
    report = ImportReport()
    try:
        reader = read_table(path)
    except ReadError as error:
        report.error(0, "", str(error))
        return report
    with reader:
        mapping = match_columns(reader.columns, target.layout.fields)
        if not _header_ok(target.layout, reader.columns, mapping, reader.header_row, report):
            return report
        checker = _RowChecker(target, report, reader.columns, mapping)

        def ready(staged: int) -> None:
            if not report.ok:
                raise _Invalid

        try:
            with transaction.atomic():
                # Offline orders are kept once by a NOT EXISTS check: one import per business at a time.
                list(Business.objects.select_for_update().filter(pk=target.business.pk).values_list("pk"))
                result = ledger_bulk_ingest(checker.lines(reader), ready=ready)
        except _Invalid:
            return report
        except ReadError as error:
            report.error(0, "", str(error))
            return report
    report.orders = result.orders
    report.orders_added = result.orders_added
    report.lines_added = result.lines_added
    return report


def _header_ok(
    layout: SalesFileLayout,
    columns: list[str],
    mapping: dict[str, int],
    header_row: int,
    report: ImportReport,
) -> bool:
    titles = ", ".join(f"“{column}”" for column in columns if column)
    for field in layout.fields:
        if field.required and field.key not in mapping:
            report.error(
                header_row,
                str(field.label),
                _("Kolom tidak ditemukan. Judul kolom di berkas: %(titles)s.") % {"titles": titles},
            )
    if "unit_price" not in mapping and "amount" not in mapping:
        report.error(
            header_row,
            _("Harga satuan"),
            _("Kolom harga satuan atau total harus ada. Judul kolom di berkas: %(titles)s.")
            % {"titles": titles},
        )
    return report.ok


def sales_file_import(
    *,
    actor: Any,
    business: Business,
    channel: Channel,
    path: Path,
    layout: SalesFileLayout | None = None,
    allow_unknown_skus: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Import a seller's order report from ``channel`` (Bukalapak, Blibli or any) into the ledger.

    Rows become orders of source "channel_file", matched to the business's SKUs by seller SKU. With
    ``allow_unknown_skus`` a line whose SKU is not in the catalogue is kept without a SKU link instead
    of being an error. Nothing is written unless every row is valid.
    """
    target = _Target(
        business=business,
        channel=channel,
        layout=layout or layout_for(channel.code),
        source=SaleSource.CHANNEL_FILE,
        today=today or timezone.localdate(),
        skus=sku_index(business=business),
        allow_unknown_skus=allow_unknown_skus,
    )
    return _import(target, actor=actor, path=path)


def offline_sales_import(
    *,
    actor: Any,
    business: Business,
    path: Path,
    source: str = SaleSource.GALERI,
    today: date | None = None,
) -> ImportReport:
    """Import offline sales (Galeri, expo, the owner's monthly report) into the ledger, marked offline.

    ``source`` applies to rows whose "Sumber" column is empty or missing. Every SKU must be in the
    business's catalogue; amounts may not be negative nor dates in the future.
    """
    if source not in OFFLINE_SOURCE_VALUES:
        raise ValueError(f"not an offline source: {source}")
    target = _Target(
        business=business,
        channel=None,
        layout=OFFLINE,
        source=source,
        today=today or timezone.localdate(),
        skus=sku_index(business=business),
        allow_unknown_skus=False,
    )
    return _import(target, actor=actor, path=path)
