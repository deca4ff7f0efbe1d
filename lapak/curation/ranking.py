"""The produk unggulan ranking of one kab/kota, per sector, computed in one SQL query.

Four components, each on 0-100, weighted by the admins' current ``UnggulanWeights``:

- kurasi: the product's latest panel score (``CurationStatus.score``);
- kinerja pasar: growth and reviews from sales, through a pluggable ``MarketSource``. There is no sales
  ledger yet, so the default source gives every product nothing (0) with the note "belum ada data
  penjualan"; the sales app registers its own source with ``market_source_set``;
- kandungan lokal: the catalogue's share of inputs from the province (``Product.local_share``);
- kapasitas produksi: the panel's mean score on the rubric's production-capacity aspect (units of
  capacity differ between products; the curators' judgement of it compares).

Only curated products (latest decision at least "layak pasar lokal") of active products take part.
The sector is the business's registry sector. Ties go to the higher kurasi score, then the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.db.models import DecimalField, ExpressionWrapper, F, FloatField, QuerySet, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lapak.catalog.models import Product
from lapak.curation.models import Decision, UnggulanWeights
from lapak.curation.selectors import curated_products
from lapak.registry.models import Sector

SCORE: DecimalField[Decimal, Decimal] = DecimalField(max_digits=7, decimal_places=2)
ZERO = Value(Decimal(0), output_field=SCORE)
DEFAULT_WEIGHTS = {"curation": 50, "market": 20, "local_content": 15, "capacity": 15}


class MarketSource(Protocol):
    """Adds ``market_score`` (0-100, or NULL when a product has no sales data) and ``market_note``."""

    def annotate(self, queryset: QuerySet[Product]) -> QuerySet[Product]: ...


class NoSalesData:
    """The market source until the sales ledger exists: no product has data."""

    def annotate(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        return queryset.annotate(market_score=Value(None, output_field=SCORE))


_market_source: MarketSource = NoSalesData()


def market_source_set(source: MarketSource) -> MarketSource:
    """Plug in the source of market performance (the sales app calls this); returns the previous one."""
    global _market_source
    previous, _market_source = _market_source, source
    return previous


def weights_current() -> UnggulanWeights:
    """The newest saved weights, or the defaults (unsaved, version 0) before an admin set any."""
    return UnggulanWeights.objects.order_by("-version").first() or UnggulanWeights(
        version=0, **DEFAULT_WEIGHTS
    )


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: int
    score: Decimal | None
    detail: str

    @property
    def contribution(self) -> Decimal:
        return _two((self.score or Decimal(0)) * self.weight / 100)


@dataclass(frozen=True)
class RankRow:
    rank: int
    sector: str
    product_id: int
    product_name: str
    business_name: str
    decision: int
    total: Decimal
    components: list[Component]

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label) if self.sector in Sector.values else self.sector

    @property
    def decision_label(self) -> str:
        return str(Decision(self.decision).label)

    def breakdown(self) -> dict[str, Any]:
        """The components as plain data, frozen into a confirmed list."""
        return {
            c.key: {"label": c.label, "weight": c.weight, "score": _str(c.score), "detail": c.detail,
                    "contribution": str(c.contribution)}
            for c in self.components
        }  # fmt: skip


def unggulan_ranking(
    *, kabkota_code: str, weights: UnggulanWeights, sector: str | None = None, per_sector: int | None = None
) -> list[RankRow]:
    """The ranking of a kab/kota's curated products per sector, best first, with every component."""
    queryset = _ranked(kabkota_code, weights, sector)
    if per_sector:
        queryset = queryset.filter(rank__lte=per_sector)
    return [_row(values, weights) for values in queryset]


def _ranked(kabkota_code: str, weights: UnggulanWeights, sector: str | None) -> QuerySet[Any]:
    products = curated_products().filter(business__kabkota_id=kabkota_code, is_active=True)
    if sector:
        products = products.filter(business__sector=sector)
    # Float factors: SQLite keeps whole-number decimals as integers and would divide them as integers.
    total = (
        F("c_curation") * _factor(weights.curation)
        + F("c_market") * _factor(weights.market)
        + F("c_local") * _factor(weights.local_content)
        + F("c_capacity") * _factor(weights.capacity)
    )
    return (
        _market_source.annotate(products)
        .annotate(
            c_curation=Coalesce(F("curation_status__score"), ZERO, output_field=SCORE),
            c_market=Coalesce(F("market_score"), ZERO, output_field=SCORE),
            c_local=Coalesce(F("local_share"), ZERO, output_field=SCORE),
            c_capacity=Coalesce(F("curation_status__capacity_score"), ZERO, output_field=SCORE),
        )
        .annotate(total=ExpressionWrapper(total, output_field=FloatField()))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("business__sector")],
                order_by=[F("total").desc(), F("c_curation").desc(), F("name").asc(), F("pk").asc()],
            )
        )
        .order_by("business__sector", "rank")
        .values(
            "pk", "name", "business__name", "business__sector", "rank", "total", "market_score",
            "local_share", "capacity_per_month", "capacity_unit", "curation_status__decision",
            "curation_status__score", "curation_status__capacity_score", "curation_status__round__number",
        )
    )  # fmt: skip


def _factor(weight: int) -> Value:
    return Value(weight / 100, output_field=FloatField())


def _row(values: dict[str, Any], weights: UnggulanWeights) -> RankRow:
    """One ranked product; its total is the exact sum of the contributions the breakdown shows."""
    components = _components(values, weights)
    return RankRow(
        rank=values["rank"],
        sector=values["business__sector"],
        product_id=values["pk"],
        product_name=values["name"],
        business_name=values["business__name"],
        decision=values["curation_status__decision"],
        total=sum((c.contribution for c in components), Decimal(0)),
        components=components,
    )


def _components(values: dict[str, Any], weights: UnggulanWeights) -> list[Component]:
    curation = _dec(values["curation_status__score"])
    market = _dec(values["market_score"])
    local = _dec(values["local_share"])
    capacity = _dec(values["curation_status__capacity_score"])
    decision = str(Decision(values["curation_status__decision"]).label)
    kurasi_detail = _("%(decision)s, putaran %(round)s") % {
        "decision": decision, "round": values["curation_status__round__number"]
    }  # fmt: skip
    market_detail = _("belum ada data penjualan") if market is None else _("pertumbuhan penjualan dan ulasan")
    local_detail = (
        _("belum ada data bahan baku")
        if local is None
        else _("%(share)s%% bahan dari provinsi") % {"share": number_format(local, 2)}
    )
    return [
        Component("curation", _("Nilai kurasi"), weights.curation, curation, kurasi_detail),
        Component("market", _("Kinerja pasar"), weights.market, market, market_detail),
        Component("local_content", _("Kandungan lokal"), weights.local_content, local, local_detail),
        Component(
            "capacity",
            _("Kapasitas produksi"),
            weights.capacity,
            capacity,
            _capacity_detail(values, capacity),
        ),
    ]


def _capacity_detail(values: dict[str, Any], score: Decimal | None) -> str:
    parts = []
    if score is None:
        parts.append(_("rubrik tanpa aspek kapasitas"))
    else:
        parts.append(_("nilai aspek kapasitas dari kurator"))
    if values["capacity_per_month"]:
        parts.append(
            _("%(amount)s %(unit)s per bulan")
            % {
                "amount": number_format(values["capacity_per_month"], 0, force_grouping=True),
                "unit": values["capacity_unit"],
            }
        )
    return "; ".join(parts)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else _two(Decimal(str(value)))


def _two(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
