"""Market performance for the produk unggulan ranking, from the sales ledger (online and offline).

For each product: its sales over the last 12 months and their growth (the last 6 months against the 6
before). Score 0-100 = volume points + growth points. Volume: 60 x S / (S + Rp10.000.000) for 12-month
sales S (half the points at Rp10 juta a year, 45 at Rp30 juta: a micro business can score, a big one
cannot run away with it). Growth: -100 % or worse → 0, flat → 20, doubling or better → 40. A product
without any sale in the 12 months has no score ("belum ada data penjualan"). Reviews are not in the
ledger yet.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from lapak.catalog.models import Product

from .models import SalesLine

SCORE = DecimalField(max_digits=7, decimal_places=2)
YEAR = timedelta(days=365)
HALF = timedelta(days=182)
HALF_VOLUME = 10_000_000  # Rupiah a year that earns half the volume points


def _sales_since(start: object, end: object | None = None) -> Subquery:
    lines = SalesLine.objects.filter(sku__product=OuterRef("pk"), order__ordered_at__gte=start)
    if end is not None:
        lines = lines.filter(order__ordered_at__lt=end)
    total = lines.values("sku__product").annotate(total=Sum("amount")).values("total")
    return Subquery(total)


class LedgerMarketSource:
    """The ranking's market component read from ``channels.SalesOrder``/``SalesLine`` (set-based)."""

    def annotate(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        now = timezone.now()
        year_ago, half_ago = now - YEAR, now - HALF
        floats = FloatField()
        annotated = queryset.annotate(
            sales_12m=Coalesce(_sales_since(year_ago), 0),
            sales_recent=Coalesce(_sales_since(half_ago), 0),
            sales_before=Coalesce(_sales_since(year_ago, half_ago), 0),
        )
        volume = ExpressionWrapper(
            F("sales_12m") * 60.0 / (F("sales_12m") + HALF_VOLUME), output_field=floats
        )
        growth = ExpressionWrapper(
            (F("sales_recent") - F("sales_before")) * 1.0 / Greatest(F("sales_before"), 1),
            output_field=floats,
        )
        # -100 % → 0, 0 % → 20, +100 % or more → 40.
        growth_points = Least(Greatest((growth + 1.0) * 20.0, 0.0), 40.0)
        score = ExpressionWrapper(volume + growth_points, output_field=floats)
        return annotated.annotate(
            market_score=Case(When(sales_12m__gt=0, then=score), default=Value(None), output_field=SCORE)
        )


__all__ = ["LedgerMarketSource"]
