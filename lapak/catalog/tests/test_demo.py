"""Demo products: made through the services, with photos, SKUs and a mix of local and imported inputs."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from lapak.catalog.demo import demo_photo, demo_products_create
from lapak.catalog.models import Product, ProductPhoto, RawMaterial
from lapak.registry.demo import businesses_insert

pytestmark = pytest.mark.django_db


def test_it_creates_products_with_photos_and_materials(users: dict, settings: Any) -> None:
    businesses_insert(size=60, seed=5, kabkota_codes=["35.27", "35.78"])
    created = demo_products_create(seed=5, per_kabkota=6)
    assert created == Product.objects.count() > 5
    assert (
        ProductPhoto.objects.exists()
        and Product.objects.filter(skus__isnull=False).distinct().count() == created
    )
    origins = set(RawMaterial.objects.values_list("origin", flat=True))
    assert {"kabkota", "impor"} <= origins
    assert not RawMaterial.objects.filter(origin="impor", origin_country="").exists()
    assert Product.objects.exclude(local_share=None).count() == created
    assert demo_products_create(seed=5) == 0  # idempotent


def test_a_demo_photo_is_big_enough_for_the_channels() -> None:
    image = Image.open(io.BytesIO(demo_photo("Keripik Singkong Balado Pedas", (244, 180, 97), 1)))
    assert image.size == (900, 900)
