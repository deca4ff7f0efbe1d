"""The produk unggulan ranking's market component, read from the sales ledger."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.catalog.models import Product
from lapak.catalog.services import product_create
from lapak.channels.models import SalesLine, SalesOrder
from lapak.curation.models import UnggulanWeights
from lapak.curation.ranking import unggulan_ranking

from .conftest import curate

pytestmark = pytest.mark.django_db


def sell(product: Product, *, days_ago: int, amount: int) -> None:
    sku = product.skus.first()
    assert sku is not None
    order = SalesOrder.objects.create(
        business=product.business,
        source="galeri",
        is_online=False,
        ordered_at=timezone.now() - timedelta(days=days_ago),
        total_amount=amount,
    )
    SalesLine.objects.create(
        order=order, sku=sku, seller_sku=sku.code, quantity=1, unit_price=amount, amount=amount
    )


def test_a_growing_seller_scores_higher_and_a_product_without_sales_has_no_score(curated: Product) -> None:
    other = product_create(
        actor=None,
        business=curated.business,
        data={"name": "Keripik Pisang Bu Sri", "category": "pangan.keripik", "shelf_life_days": 90},
        skus=[{"code": "KPS-1", "price": 12000, "stock": 5, "weight_grams": 200}],
    )
    third = product_create(
        actor=None,
        business=curated.business,
        data={"name": "Keripik Talas Bu Sri", "category": "pangan.keripik", "shelf_life_days": 90},
        skus=[{"code": "KTL-1", "price": 12000, "stock": 5, "weight_grams": 200}],
    )
    curate(other)
    curate(third)
    sell(curated, days_ago=300, amount=5_000_000)  # sold before, then grew
    sell(curated, days_ago=30, amount=15_000_000)
    sell(other, days_ago=300, amount=15_000_000)  # sold before, then stopped
    weights = UnggulanWeights(version=0, curation=0, market=100, local_content=0, capacity=0)
    ranking = unggulan_ranking(kabkota_code=curated.business.kabkota_id, weights=weights)
    rows = {row.product_name: row for row in ranking}
    market = {name: row.components[1].score for name, row in rows.items()}
    # curated: S = 20 juta → 60 x 20/30 = 40; growth +200 % → 40: 80. other: S = 15 juta → 36; -100 % → 0.
    assert float(market[curated.name]) == pytest.approx(80, abs=0.1)
    assert float(market[other.name]) == pytest.approx(36, abs=0.1)
    assert market[third.name] is None
    assert rows[curated.name].rank < rows[other.name].rank
