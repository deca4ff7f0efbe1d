"""Writing bulk-upload XLSX files: one row per SKU, streamed into the file as it is made (``sheetstream``).

Only the current rows are held in memory, so a file of 400,000 listings takes as little memory as one
of 40. Cells are written by type and never converted: a product name that starts with "=" stays text
instead of becoming a formula, and URLs stay plain text.
A listing that breaks the channel's rules is still written, with the reasons in the "Catatan Lapak"
column, so the seller sees everything in one file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lapak.channels.models import Channel

from .feed import FeedItem, item_problems
from .sheetstream import HEADER, NOTE, StreamingSheet
from .templates import EXCEL_MAX_ROWS, VARIANT_FIELDS, BulkTemplate, template_for

LISTINGS_PER_FILE = 100_000


@dataclass
class BulkExport:
    """What a bulk export wrote: the files, and how many listings, rows and flagged listings."""

    paths: list[Path] = field(default_factory=list)
    listings: int = 0
    rows: int = 0
    flagged: int = 0


class _SheetWriter:
    """One open workbook of a template; ``add`` writes a listing's rows, ``close`` finishes the file."""

    def __init__(self, path: Path, template: BulkTemplate, channel: Channel) -> None:
        self.template = template
        self.channel = channel
        self.sheet = StreamingSheet(
            path,
            sheet_name=template.sheet,
            widths=[column.width for column in template.columns],
            frozen_rows=template.data_row - 1,
        )
        self.row = template.data_row - 1  # 0-based index of the next data row
        self.listings = 0
        self.flagged = 0
        images = sum(column.field.startswith("image_") for column in template.columns)
        self.max_images = min(images, (channel.rules or {}).get("images_max") or images)
        named = [(index, column.field) for index, column in enumerate(template.columns) if column.field]
        self.product_cells = [(index, name) for index, name in named if name not in VARIANT_FIELDS]
        self.variant_cells = [(index, name) for index, name in named if name in VARIANT_FIELDS]
        self._write_preamble()

    @property
    def rows(self) -> int:
        return self.row - (self.template.data_row - 1)

    def _write_preamble(self) -> None:
        for row, kind in enumerate(self.template.layout):
            if kind == "title":
                self.sheet.row(row, [(0, f"{self.template.name} · {self.channel.name}")], HEADER)
            elif kind == "hint":
                self.sheet.row(row, [(0, str(self.template.hint))], NOTE)
            elif kind != "blank":
                cells = [
                    (index, _preamble_cell(kind, column))
                    for index, column in enumerate(self.template.columns)
                ]
                self.sheet.row(row, cells, HEADER if kind == "headers" else NOTE)

    def add(self, item: FeedItem) -> None:
        problems = item_problems(item, channel=self.channel, max_images=self.max_images)
        self.flagged += bool(problems)
        self.listings += 1
        product = _product_cells(item, self.max_images, problems)
        shared = [(column, product[name]) for column, name in self.product_cells if product.get(name)]
        for variant in _variant_cells(item, self.template):
            own = [(column, variant[name]) for column, name in self.variant_cells if variant.get(name)]
            self.sheet.row(self.row, [*shared, *own])
            self.row += 1

    def close(self) -> None:
        self.sheet.close()


def _preamble_cell(kind: str, column: Any) -> str:
    if kind == "headers":
        return column.title
    if kind == "required":
        return str(_("Wajib")) if column.required else str(_("Opsional"))
    return str(column.note)


def _product_cells(item: FeedItem, max_images: int, problems: list[str]) -> dict[str, Any]:
    payload = item.payload
    cells: dict[str, Any] = {
        "category_id": payload.category_id,
        "lapak_category": item.lapak_category,
        "title": payload.title,
        "description": payload.description,
        "brand": payload.brand,
        "parent_sku": item.parent_sku,
        "variation_group": item.product_id if len(payload.skus) > 1 else None,
        "listing_id": item.listing_id,
        "product_id": item.product_id,
        "problems": "\n".join(problems),
    }
    for number, url in enumerate(payload.images[:max_images], start=1):
        cells[f"image_{number}"] = url
    return cells


def _variant_cells(item: FeedItem, template: BulkTemplate) -> Iterator[dict[str, Any]]:
    """One dict per SKU (one empty dict for a product without SKUs: its row is still written)."""
    skus = item.payload.skus
    if not skus:
        yield {}
        return
    several = len(skus) > 1
    kg = template.weight_unit == "kg"
    label = str(_("Varian")) if several else None
    for sku, variant in zip(skus, item.variants, strict=True):
        weight = sku.weight_g / 1000 if kg else sku.weight_g
        yield {
            "variation_name": label,
            "variation_option": variant if several else None,
            "sku": sku.seller_sku,
            "price": sku.price,
            "stock": sku.stock,
            "weight": weight or None,
            "length": sku.length_cm or None,
            "width": sku.width_cm or None,
            "height": sku.height_cm or None,
        }


def bulk_file_write(
    *, channel: Channel, listings_rows: Iterable[FeedItem], path: Path, template: BulkTemplate | None = None
) -> int:
    """Write one bulk-upload XLSX for ``channel`` from feed items; returns how many data rows it has.

    Raises ``ValueError`` when the rows would not fit one sheet (use :func:`bulk_files_write`).
    """
    writer = _SheetWriter(path, template or template_for(channel.code), channel)
    try:
        for item in listings_rows:
            if writer.row + max(len(item.payload.skus), 1) > EXCEL_MAX_ROWS:
                raise ValueError(
                    _("Terlalu banyak baris untuk satu lembar Excel; bagi menjadi beberapa berkas.")
                )
            writer.add(item)
    finally:
        writer.close()
    return writer.rows


def bulk_files_write(
    *,
    channel: Channel,
    listings_rows: Iterable[FeedItem],
    directory: Path,
    listings_per_file: int = LISTINGS_PER_FILE,
    template: BulkTemplate | None = None,
    stem: str = "",
) -> BulkExport:
    """Write the feed as numbered XLSX files of at most ``listings_per_file`` listings each.

    Files are named ``<stem>-01.xlsx``, ``<stem>-02.xlsx``... (the stem defaults to
    ``<channel>-unggah-massal``). A listing's SKU rows always stay in one file. An empty feed still
    gives one file (the headers), so a seller can fill it by hand.
    """
    template = template or template_for(channel.code)
    stem = stem or f"{channel.code}-unggah-massal"
    export = BulkExport()
    writer: _SheetWriter | None = None

    def rotate() -> _SheetWriter:
        path = directory / f"{stem}-{len(export.paths) + 1:02d}.xlsx"
        export.paths.append(path)
        return _SheetWriter(path, template, channel)

    try:
        writer = rotate()
        for item in listings_rows:
            full = writer.listings >= listings_per_file
            if full or writer.row + max(len(item.payload.skus), 1) > EXCEL_MAX_ROWS:
                _finish(writer, export)
                writer = None
                writer = rotate()
            writer.add(item)
    finally:
        if writer is not None:
            _finish(writer, export)
    return export


def _finish(writer: _SheetWriter, export: BulkExport) -> None:
    writer.close()
    export.listings += writer.listings
    export.rows += writer.rows
    export.flagged += writer.flagged


def bulk_files_zip(paths: Iterable[Path], path: Path) -> Path:
    """Put the files of an export in one zip (stored, not compressed again: XLSX already is)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for part in paths:
            archive.write(part, arcname=part.name)
    return path
