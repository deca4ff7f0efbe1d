"""Funnel stages derived from facts, for all businesses or a given set, in one SQL statement per chunk.

The facts, each read from the app that owns it:

- **registered**: the business's record exists (``Business.created_at``).
- **legality complete**: every requirement of ``LEGALITY_REQUIREMENTS`` that applies to the business's
  sector today is met by a document staff verified that has not expired. Since: the latest, over the
  requirements, of the earliest verification among the valid documents meeting it.
- **curated**: a product whose latest kurasi decision passes (``curation.selectors.curated_products``).
  Since: the earliest decision among those products.
- **listed**: a LIVE listing on an active channel that is not the storefront. Listings keep no "live
  since" time, so the first sighting is estimated (the earliest of the listings' last change and the
  first online order on a channel where the business is live now) and then kept.
- **first online sale**: the earliest online order (``SalesOrder.is_online``) up to now.
- **selling regularly**: online orders in at least 3 of the last 4 calendar months (this month and the
  three before, Asia/Jakarta). Since: the first order of the month that began the current unbroken run.

A stage counts only when every earlier stage holds too, so a business moves back when a fact stops
holding: a document expires or is rejected, a product fails re-curation, a listing is delisted, the
online sales thin out. For the three facts whose sources keep no history (legality, curated, listed)
the previously stored time is kept while the fact keeps holding, so a re-curation or a listing update
does not restart the clock; the other two are recomputed from the full order history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from lapak.catalog.models import Product
from lapak.catalog.readiness import HALAL_MANDATORY_FROM
from lapak.channels.models import ChannelKind, ChannelStatus, Listing, ListingState, SalesOrder
from lapak.curation.selectors import curated_products
from lapak.funnel.models import STAGE_STEMS, BusinessFunnel, Stage
from lapak.registry.models import Business, DocumentKind, LegalityDocument, Sector, VerificationStatus

REGULAR_MONTHS_WINDOW = 4  # this month and the three before
REGULAR_MONTHS_NEEDED = 3


@dataclass(frozen=True)
class LegalityRequirement:
    """One document requirement: any of ``kinds``; only for ``sectors`` (empty: every business); only
    from ``from_date`` on (a rule that enters into force later)."""

    kinds: tuple[str, ...]
    sectors: tuple[str, ...] = ()
    from_date: date | None = None

    def applies_on(self, day: date) -> bool:
        return self.from_date is None or day >= self.from_date


# NIB for everyone (OSS: the business's identity and, for low-risk micro businesses, its permit);
# processed food an izin edar (P-IRT or BPOM MD/ML) and, from 17 October 2026 (PP 42/2024), halal;
# jamu and cosmetics a BPOM number. The same rules ``catalog.readiness`` checks products against.
LEGALITY_REQUIREMENTS: tuple[LegalityRequirement, ...] = (
    LegalityRequirement((DocumentKind.NIB,)),
    LegalityRequirement((DocumentKind.PIRT, DocumentKind.BPOM), sectors=(Sector.FOOD,)),
    LegalityRequirement((DocumentKind.BPOM,), sectors=(Sector.HERBAL,)),
    LegalityRequirement((DocumentKind.HALAL,), sectors=(Sector.FOOD,), from_date=HALAL_MANDATORY_FROM),
)

_SAFE_LITERAL = re.compile(r"^[a-z_]+$")
_STEMS = [STAGE_STEMS[stage] for stage in Stage]
_COLUMNS = [
    "business_id",
    *[f"reached_{stem}_at" for stem in _STEMS],
    *[f"entered_{stem}_at" for stem in _STEMS[1:]],
    "current_stage",
    "stage_since",
    "refreshed_at",
]


class _Sql:
    """SQL text and its parameters, appended in the same order so placeholders and values line up."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, text: str, params: Sequence[Any] = ()) -> None:
        self.parts.append(text)
        self.params.extend(params)

    def add_query(self, alias: str, queryset: QuerySet[Any]) -> None:
        """``LEFT JOIN (<queryset>) alias ON alias.bid = b.id``; the queryset yields ``bid`` and ``at``."""
        sql, params = queryset.query.sql_with_params()
        self.add(f"LEFT JOIN ({sql}) {alias} ON {alias}.bid = b.id", params)

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def greatest(*columns: str) -> str:
    """The latest of non-null values: ``GREATEST`` on PostgreSQL, scalar ``MAX`` on SQLite."""
    if len(columns) == 1:
        return columns[0]
    return f"{'GREATEST' if connection.vendor == 'postgresql' else 'MAX'}({', '.join(columns)})"


def least(*columns: str) -> str:
    if len(columns) == 1:
        return columns[0]
    return f"{'LEAST' if connection.vendor == 'postgresql' else 'MIN'}({', '.join(columns)})"


def _literal_list(values: Sequence[str]) -> str:
    """Our own enum values, checked, as an SQL list (they are never user input)."""
    if not all(_SAFE_LITERAL.match(value) for value in values):
        raise ValueError(f"unsafe literal in {values!r}")
    return ", ".join(f"'{value}'" for value in values)


def _by_business(queryset: QuerySet[Any], field: str, ids: Sequence[int] | None) -> QuerySet[Any]:
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


# --- The fact queries: each yields (bid, at) --------------------------------------------------------


def legality_queries(ids: Sequence[int] | None, today: date) -> list[tuple[LegalityRequirement, QuerySet]]:
    """Per requirement in force today: each business's earliest verification among valid documents."""
    valid = LegalityDocument.objects.filter(status=VerificationStatus.VERIFIED).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )
    queries = []
    for requirement in LEGALITY_REQUIREMENTS:
        if requirement.applies_on(today):
            documents = _by_business(valid.filter(kind__in=requirement.kinds), "business_id", ids)
            at = Min(Coalesce("verified_at", "updated_at"))
            queries.append((requirement, documents.values(bid=F("business_id")).annotate(at=at).order_by()))
    return queries


def curated_query(ids: Sequence[int] | None) -> QuerySet:
    products = curated_products(_by_business(Product.objects.all(), "business_id", ids))
    return products.values(bid=F("business_id")).annotate(at=Min("curation_status__decided_at")).order_by()


def _live_marketplace_listings() -> QuerySet[Listing]:
    return Listing.objects.filter(state=ListingState.LIVE, channel__status=ChannelStatus.ACTIVE).exclude(
        channel__kind=ChannelKind.STOREFRONT
    )


def listed_query(ids: Sequence[int] | None) -> QuerySet:
    listings = _by_business(_live_marketplace_listings(), "product__business_id", ids)
    return listings.values(bid=F("product__business_id")).annotate(at=Min("updated_at")).order_by()


def listed_by_sales_query(ids: Sequence[int] | None, now: datetime) -> QuerySet:
    """The first online order on a channel where the business is live now: it was listed there then."""
    live_there = _live_marketplace_listings().filter(
        product__business_id=OuterRef("business_id"), channel_id=OuterRef("channel_id")
    )
    orders = _online_orders(ids, now).filter(Exists(live_there))
    return orders.values(bid=F("business_id")).annotate(at=Min("ordered_at")).order_by()


def _online_orders(ids: Sequence[int] | None, now: datetime) -> QuerySet[SalesOrder]:
    return _by_business(SalesOrder.objects.filter(is_online=True, ordered_at__lte=now), "business_id", ids)


def first_sale_query(ids: Sequence[int] | None, now: datetime) -> QuerySet:
    orders = _online_orders(ids, now)
    return orders.values(bid=F("business_id")).annotate(at=Min("ordered_at")).order_by()


def month_index(moment: datetime) -> int:
    local = timezone.localtime(moment)
    return local.year * 12 + local.month


def regular_sql(ids: Sequence[int] | None, now: datetime) -> tuple[str, list[Any]]:
    """Businesses selling regularly now, with the start of their current run (``bid``, ``at``).

    Over the months with online sales: ``c3`` counts sale months in [m-3, m], ``c2`` in [m-2, m]. A sale
    month is regular when ``c3 >= 3``. A run continues from one sale month to the next when the earlier
    one was regular and the months between were too: none between, or one between and the three months
    up to the earlier one all had sales (two empty months always break it). A business is regular now
    when this month's ``c3 >= 3`` or, with no sale yet this month, last month closed three in a row.
    """
    months = (
        _online_orders(ids, now)
        .values(bid=F("business_id"), mi=ExtractYear("ordered_at") * 12 + ExtractMonth("ordered_at"))
        .annotate(first_at=Min("ordered_at"))
        .order_by()
    )
    months_sql, params = months.query.sql_with_params()
    this_month = month_index(now)
    need = REGULAR_MONTHS_NEEDED
    back = REGULAR_MONTHS_WINDOW - 1
    sql = f"""
        SELECT s.bid AS bid, MAX(CASE WHEN s.c3 >= {need} AND NOT (COALESCE(s.prev_c3, 0) >= {need}
              AND (s.mi - s.prev_mi = 1 OR (s.mi - s.prev_mi = 2 AND s.prev_c2 = {need})))
            THEN s.first_at END) AS at
        FROM (
          SELECT w.bid, w.mi, w.first_at, w.c3, w.c2, LAG(w.mi) OVER p AS prev_mi,
                 LAG(w.c3) OVER p AS prev_c3, LAG(w.c2) OVER p AS prev_c2
          FROM (
            SELECT m.bid, m.mi, m.first_at,
              COUNT(*) OVER (PARTITION BY m.bid ORDER BY m.mi
                             RANGE BETWEEN {back} PRECEDING AND CURRENT ROW) AS c3,
              COUNT(*) OVER (PARTITION BY m.bid ORDER BY m.mi
                             RANGE BETWEEN {back - 1} PRECEDING AND CURRENT ROW) AS c2
            FROM (SELECT m0.bid, CAST(m0.mi AS INTEGER) AS mi, m0.first_at FROM ({months_sql}) m0) m
          ) w
          WINDOW p AS (PARTITION BY w.bid ORDER BY w.mi)
        ) s
        GROUP BY s.bid
        HAVING MAX(CASE WHEN (s.mi = {this_month} AND s.c3 >= {need})
                          OR (s.mi = {this_month - 1} AND s.c2 = {need}) THEN 1 ELSE 0 END) = 1
    """
    return sql, list(params)


# --- The statement ------------------------------------------------------------------------------------


def _legality_expression(requirements: list[LegalityRequirement]) -> str:
    """Legality complete since, or NULL: every applicable requirement met, at the latest of them."""
    anchor = next(f"g{i}.at" for i, r in enumerate(requirements) if not r.sectors)
    conditions, terms = [], []
    for index, requirement in enumerate(requirements):
        at = f"g{index}.at"
        if requirement.sectors:
            sectors = _literal_list(requirement.sectors)
            conditions.append(f"(b.sector NOT IN ({sectors}) OR {at} IS NOT NULL)")
            terms.append(f"CASE WHEN b.sector IN ({sectors}) THEN {at} ELSE {anchor} END")
        else:
            conditions.append(f"{at} IS NOT NULL")
            terms.append(at)
    return f"CASE WHEN {' AND '.join(conditions)} THEN {greatest(*terms)} END"


def _facts(sql: _Sql, ids: Sequence[int] | None, now: datetime) -> None:
    """Layer 1: one row per business with each fact's time (n*: new, o*: stored before)."""
    today = timezone.localdate(now)
    legality = legality_queries(ids, today)
    listed = "CASE WHEN li.at IS NOT NULL THEN " + least("li.at", "COALESCE(ls.at, li.at)") + " END"
    sql.add(
        "SELECT b.id AS bid, b.created_at AS r1, "
        f"{_legality_expression([r for r, _ in legality])} AS n2, cu.at AS n3, {listed} AS n4, "
        "fs.at AS r5, rg.at AS r6, "
        "f.reached_legal_at AS o2, f.reached_curated_at AS o3, f.reached_listed_at AS o4"
    )
    sql.add(f"FROM {_table(Business)} b LEFT JOIN {_table(BusinessFunnel)} f ON f.business_id = b.id")
    for index, (_requirement, queryset) in enumerate(legality):
        sql.add_query(f"g{index}", queryset)
    sql.add_query("cu", curated_query(ids))
    sql.add_query("li", listed_query(ids))
    sql.add_query("ls", listed_by_sales_query(ids, now))
    sql.add_query("fs", first_sale_query(ids, now))
    regular, params = regular_sql(ids, now)
    sql.add(f"LEFT JOIN ({regular}) rg ON rg.bid = b.id", params)
    if ids is None:
        sql.add("WHERE 1 = 1")
    else:
        sql.add(f"WHERE b.id IN ({', '.join(['%s'] * len(ids))})", ids)


def _table(model: type[Any]) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def refresh_statement(ids: Sequence[int] | None, now: datetime) -> tuple[str, list[Any]]:
    """The upsert of ``BusinessFunnel`` rows for ``ids`` (every business when ``None``)."""
    kept = ", ".join(
        f"CASE WHEN n{k} IS NULL THEN NULL ELSE COALESCE(o{k}, n{k}) END AS r{k}" for k in (2, 3, 4)
    )
    stage = " ".join(f"WHEN r{k} IS NULL THEN {k - 1}" for k in range(2, 7))
    entered = ", ".join(
        f"CASE WHEN stage >= {k} THEN {greatest(*[f'r{i}' for i in range(1, k + 1)])} END AS e{k}"
        for k in range(2, 7)
    )
    since = " ".join(f"WHEN {k} THEN e{k}" for k in range(2, 7))
    reached = ", ".join(f"r{k}" for k in range(1, 7))
    sql = _Sql()
    sql.add(f"INSERT INTO {_table(BusinessFunnel)} ({', '.join(_COLUMNS)})")
    sql.add(
        f"SELECT bid, {reached}, e2, e3, e4, e5, e6, stage, CASE stage WHEN 1 THEN r1 {since} END, %s",
        [now],
    )
    sql.add(f"FROM (SELECT bid, {reached}, {entered}, stage FROM (")
    sql.add(f"SELECT l2.*, CASE {stage} ELSE 6 END AS stage FROM (")
    sql.add(f"SELECT bid, r1, {kept}, r5, r6 FROM (")
    _facts(sql, ids, now)
    sql.add(") l1) l2) l3) l4 WHERE 1 = 1")
    updates = ", ".join(f"{column} = excluded.{column}" for column in _COLUMNS[1:])
    sql.add(f"ON CONFLICT (business_id) DO UPDATE SET {updates}")
    return sql.text, [
        connection.ops.adapt_datetimefield_value(p) if isinstance(p, datetime) else p for p in sql.params
    ]
