"""Open data (no token needed): counts of businesses and sales by kab/kota, sector or month, with small
cells suppressed (``lapak.api.opendata``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router

from ..auth import PUBLIC, Access
from ..opendata import business_counts, min_cell, sales_totals
from ..schemas import BusinessCountsOut, SalesTotalsOut
from .common import answers

router = Router(tags=["Data terbuka"])
SUPPRESSION = (
    "Sel yang dibentuk kurang dari `min_cell` usaha (bawaan 5) ditampilkan tanpa angka (`suppressed`), "
    "dan bila hanya satu sel yang disembunyikan, sel terkecil berikutnya ikut disembunyikan agar tidak "
    "dapat dihitung dari total tabel lain. Tidak ada baris total. Tanpa data pribadi."
)


@router.get(
    "/data-terbuka/usaha/",
    auth=Access(PUBLIC),
    response=answers(BusinessCountsOut),
    url_name="open_business_counts",
    summary="Jumlah usaha per kab/kota atau sektor",
    description=f"Jumlah usaha terdaftar di provinsi. {SUPPRESSION}",
)
def open_business_counts(
    request: HttpRequest, group: Literal["kabkota", "sektor"] = Query("kabkota", alias="kelompok")
) -> dict[str, Any]:
    cells = [
        {key: value for key, value in asdict(cell).items() if key not in ("orders", "gmv")}
        for cell in business_counts(group=group)
    ]
    return {"group": group, "min_cell": min_cell(), "cells": cells}


@router.get(
    "/data-terbuka/penjualan/",
    auth=Access(PUBLIC),
    response=answers(SalesTotalsOut),
    url_name="open_sales_totals",
    summary="Nilai penjualan (GMV) per kab/kota, sektor atau bulan",
    description=(
        "Jumlah pesanan dan nilai penjualan (Rupiah, daring dan luring) usaha provinsi di buku penjualan "
        f"Lapak; bulan menurut waktu Jakarta. {SUPPRESSION}"
    ),
)
def open_sales_totals(
    request: HttpRequest,
    group: Literal["kabkota", "sektor", "bulan"] = Query("kabkota", alias="kelompok"),
    year: int | None = Query(None, alias="tahun", ge=2000, le=2100),
) -> dict[str, Any]:
    cells = [asdict(cell) for cell in sales_totals(group=group, year=year)]
    return {"group": group, "year": year, "min_cell": min_cell(), "cells": cells}
