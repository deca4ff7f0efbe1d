"""Figures of a few businesses (an owner's, a mentor's list) read straight from the register and the
sales ledger: a handful of rows, so no rollup is needed, and the same ``Parts`` as the rollups give."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from lapak.catalog.models import Product
from lapak.channels.models import SalesLine, SalesOrder
from lapak.curation.models import Decision
from lapak.funnel.models import BusinessFunnel
from lapak.insights.area import InsightArea
from lapak.insights.filters import InsightFilters, add_months
from lapak.insights.queries import BusinessCounts, MonthSales
from lapak.insights.selectors import Parts, SalesBy
from lapak.mentoring.models import Visit, VisitStatus
from lapak.registry.models import Business, OnlineMode, Sex


def ledger_parts(area: InsightArea, filters: InsightFilters) -> Parts:
    businesses = _businesses(area, filters)
    orders = _orders(businesses, filters)
    by_sector: dict[str, BusinessCounts] = defaultdict(BusinessCounts)
    total = BusinessCounts()
    for sector, counts in _counts_by_sector(businesses).items():
        by_sector[sector] = counts
        total.add(counts.__dict__)
    return Parts(
        counts=total,
        counts_by_sector=dict(by_sector),
        months=_months(orders),
        sales_by_sector=_sales_by(orders, "business__sector"),
        sales_by_channel=_sales_by(orders, "channel_key"),
        dest_provinces=_destinations(orders.filter(buyer_country="ID"), "buyer_province"),
        dest_countries=_destinations(orders, "buyer_country"),
    )


def _businesses(area: InsightArea, filters: InsightFilters) -> QuerySet[Business]:
    businesses = Business.objects.filter(pk__in=area.business_ids)
    if filters.sector:
        businesses = businesses.filter(sector=filters.sector)
    if filters.size_class:
        businesses = businesses.filter(size_class=filters.size_class)
    return businesses


def _orders(businesses: QuerySet[Business], filters: InsightFilters) -> QuerySet[SalesOrder]:
    start = timezone.make_aware(datetime.combine(filters.start, time.min))
    after = timezone.make_aware(datetime.combine(add_months(filters.last_month, 1), time.min))
    orders = SalesOrder.objects.filter(
        business__in=businesses.values("pk"), ordered_at__gte=start, ordered_at__lt=after
    )
    if filters.channel_id is not None:
        orders = orders.filter(channel_id=filters.channel_id)
    if filters.online is not None:
        orders = orders.filter(is_online=filters.online)
    return orders.annotate(channel_key=Coalesce("channel_id", 0))


def _counts_by_sector(businesses: QuerySet[Business]) -> dict[str, BusinessCounts]:
    mentored = Visit.businesses.through.objects.filter(visit__status=VisitStatus.DONE).values("business_id")
    listed = BusinessFunnel.objects.filter(reached_listed_at__isnull=False).values("business_id")
    rows = (
        businesses.values("sector")
        .annotate(
            registered=Count("pk"),
            online=Count("pk", filter=~Q(online_mode=OnlineMode.OFFLINE) | Q(pk__in=listed)),
            women=Count("pk", filter=Q(owner_sex=Sex.FEMALE)),
            kopwan=Count("pk", filter=Q(is_kopwan_member=True)),
            koperasi=Count("pk", filter=Q(is_koperasi=True)),
            mentored=Count("pk", filter=Q(pk__in=mentored)),
        )
        .order_by()
    )
    result: dict[str, BusinessCounts] = {}
    for row in rows:
        counts = BusinessCounts()
        counts.add({**row, "women_owned": row["women"]})
        result[row["sector"]] = counts
    for sector, stage, n in _stages(businesses):
        current = getattr(result[sector], f"stage_{stage}")
        setattr(result[sector], f"stage_{stage}", current + n)
    for sector, values in _products(businesses).items():
        result[sector].add(values)
    return result


def _stages(businesses: QuerySet[Business]) -> list[tuple[str, int, int]]:
    rows = businesses.values("sector", "funnel__current_stage").annotate(n=Count("pk")).order_by()
    return [(row["sector"], row["funnel__current_stage"] or 1, row["n"]) for row in rows]


def _products(businesses: QuerySet[Business]) -> dict[str, dict[str, Any]]:
    products = Product.objects.filter(business__in=businesses.values("pk"), is_active=True)
    rows = (
        products.values("business__sector")
        .annotate(
            products=Count("pk"),
            products_local=Count("local_share"),
            local_share_sum=Sum("local_share"),
            exported=Count("pk", filter=Q(is_exported=True)),
            export_ready=Count("pk", filter=Q(curation_status__decision=Decision.LAYAK_EKSPOR)),
        )
        .order_by()
    )
    return {row.pop("business__sector"): row for row in rows}


def _months(orders: QuerySet[SalesOrder]) -> list[MonthSales]:
    month = TruncMonth("ordered_at", tzinfo=timezone.get_default_timezone())
    grouped = (
        orders.annotate(month=month)
        .values("month", "is_online")
        .annotate(orders=Count("pk"), gmv=Sum("total_amount"))
        .order_by("month", "is_online")
    )
    lines = (
        SalesLine.objects.filter(order__in=orders.values("pk"))
        .annotate(month=TruncMonth("order__ordered_at", tzinfo=timezone.get_default_timezone()))
        .values("month", "order__is_online")
        .annotate(lines=Count("pk"), quantity=Sum("quantity"))
        .order_by()
    )
    detail = {(_day(r["month"]), r["order__is_online"]): (r["lines"], r["quantity"]) for r in lines}
    return [
        MonthSales(
            month=_day(row["month"]), is_online=row["is_online"], orders=row["orders"], gmv=row["gmv"],
            lines=detail.get((_day(row["month"]), row["is_online"]), (0, 0))[0],
            quantity=detail.get((_day(row["month"]), row["is_online"]), (0, 0))[1],
        )
        for row in grouped
    ]  # fmt: skip


def _day(value: Any) -> Any:
    return value.date() if isinstance(value, datetime) else value


def _sales_by(orders: QuerySet[SalesOrder], column: str) -> SalesBy:
    grouped = orders.values(column, "is_online").annotate(o=Count("pk"), g=Sum("total_amount")).order_by()
    result: SalesBy = defaultdict(dict)
    for row in grouped:
        result[row[column]][row["is_online"]] = (row["o"], row["g"])
    return dict(result)


def _destinations(orders: QuerySet[SalesOrder], column: str) -> list[tuple[str, int, int]]:
    grouped = orders.values(column).annotate(o=Count("pk"), g=Sum("total_amount")).order_by("-g", column)
    return [(row[column], row["o"], row["g"]) for row in grouped]
