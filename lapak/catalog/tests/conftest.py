"""Catalogue test helpers: generated photos (with a GPS position in their EXIF) and a product factory."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapak.catalog.models import Product
from lapak.catalog.services import product_create

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(
    width: int = 800,
    height: int = 600,
    *,
    kind: str = "JPEG",
    gps: bool = False,
    orientation: int | None = None,
) -> bytes:
    """A solid-colour image; with ``gps`` its EXIF carries a position in Sampang, as a phone writes it."""
    mode = "RGBA" if kind == "PNG" else "RGB"
    image = Image.new(mode, (width, height), (200, 80, 40, 255) if mode == "RGBA" else (200, 80, 40))
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "Samsung"
        exif[GPS_IFD] = {1: "S", 2: (7.0, 11.0, 30.0), 3: "E", 4: (113.0, 15.0, 0.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    extra = {"exif": exif.tobytes()} if (gps or orientation) else {}
    image.save(buffer, format=kind, **extra)
    return buffer.getvalue()


def upload(name: str = "foto.jpg", content: bytes | None = None, **kwargs: Any) -> SimpleUploadedFile:
    data = image_bytes(**kwargs) if content is None else content
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


PRODUCT_DATA: dict[str, Any] = {
    "name": "Kerupuk Ikan Tenggiri Bu Halimah",
    "description": "Kerupuk ikan tenggiri asli Sampang, renyah, tanpa pengawet. " * 3,
    "category": "pangan.keripik",
    "brand": "Bu Halimah",
    "attributes": {"netto": "250 g", "komposisi": "Ikan tenggiri, tepung tapioka, garam"},
    "shelf_life_days": 180,
    "storage": "sejuk_kering",
    "capacity_per_month": 2000,
    "capacity_unit": "pak",
}
SKU_DATA: dict[str, Any] = {
    "code": "KRP-250",
    "variant": "250 g",
    "price": 25_000,
    "stock": 40,
    "weight_grams": 300,
    "length_cm": 20,
    "width_cm": 12,
    "height_cm": 6,
}


@pytest.fixture
def make_product(sampang_business: Any) -> Callable[..., Product]:
    def factory(business: Any = None, skus: list[dict] | None = None, **fields: Any) -> Product:
        materials = fields.pop("raw_materials", [])
        photos = fields.pop("photos", [])
        return product_create(
            actor=None,
            business=business or sampang_business,
            data={**PRODUCT_DATA, **fields},
            skus=[SKU_DATA] if skus is None else skus,
            raw_materials=materials,
            photos=photos,
        )

    return factory
