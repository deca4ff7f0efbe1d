"""Writes of the insights app: keeping the rollups current.

``rollups_refresh()`` is the one entry point (the ``insights.refresh`` job every 5 minutes, the demo,
the benchmark). It never recomputes from scratch what it can add to:

**Sales** (``SalesMonthly``, ``SalesKecamatanMonthly``, ``DestinationMonthly``). The ledger is
append-only (an order already recorded is skipped, never updated), so each refresh adds only the orders
above a watermark, the highest ``SalesOrder.id`` already applied, with one ``INSERT … SELECT … ON
CONFLICT DO UPDATE`` per rollup over a temporary table of the new orders (in chunks of
``SALES_CHUNK`` ids, each chunk its own transaction with the watermark). The danger of an id watermark
is a transaction that took a lower id and commits after a higher one was applied: its orders would be
skipped forever. The guard:

- SQLite has a single writer: a transaction that inserts orders holds the write lock until it commits,
  and the refresh takes the lock too (``BEGIN IMMEDIATE``), so every id below the highest visible one is
  committed. No guard needed.
- PostgreSQL: the refresh computes a cutoff, ``commit_lag`` before now and no later than the start of
  the oldest transaction still open in the database (``pg_stat_activity``). Every order that is not yet
  committed was created (``created_at``: the ORM's clock at insert, or ``now()``, the transaction's start,
  in the bulk ledger load) at or after its transaction began, so at or after the cutoff. The refresh
  applies orders only up to (excluding) the first one created at or after the cutoff; an order with a
  higher id got its id later, so it too was created after the cutoff, unless clocks differ by more than
  ``commit_lag`` (one minute by default; it also absorbs the gap between the ORM stamping ``created_at``
  and inserting). Orders are thus visible on the dashboard at most ``commit_lag`` plus the job interval
  after they are recorded. Sessions of other database roles without ``pg_read_all_stats`` hide their
  ``xact_start``: run every writer under the application's role.

Sales are attributed to the business's kab/kota, kecamatan, sector and size class when they are applied;
``rollups_rebuild()`` recomputes everything (after re-drawing regions, say).

**Businesses** (``BusinessRollup``: registered, online, women-owned, Kopwan, mentored, funnel stage,
products, local content, export readiness per kecamatan, sector and size class). Counts are recomputed,
not added to, but only for the kecamatan where something changed since the last watermark
(``Business.updated_at``, product and kurasi changes, done visits, funnel moves; see
``rollup_sql.dirty_kecamatans_sql``): delete those groups, insert them again. The watermark follows the
same cutoff (a change still uncommitted has a later timestamp and is picked up next time). Deletions,
businesses moved out of a kecamatan and funnel moves backwards leave no trace to follow, so a full
recompute runs every ``FULL_EVERY`` (and on demand); it also refreshes the target progress snapshots.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lapak.funnel.models import Target
from lapak.funnel.progress import target_progress
from lapak.insights import rollup_sql
from lapak.insights.models import (
    BusinessRollup,
    DestinationMonthly,
    RollupState,
    SalesKecamatanMonthly,
    SalesMonthly,
    TargetSnapshot,
)
from lapak.regions.models import Region, RegionLevel

REFRESH_JOB = "insights.refresh"
COMMIT_LAG = timedelta(minutes=1)
FULL_EVERY = timedelta(hours=1)
SALES_CHUNK = 1_000_000  # order ids per transaction
STATE = "default"


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh applied: new orders and their lines, kecamatan groups recomputed (``full``: all
    of them), target snapshots written, and how long it took."""

    orders: int
    lines: int
    kecamatans: int
    full: bool
    targets: int
    seconds: float


def rollups_refresh(
    *, now: datetime | None = None, commit_lag: timedelta = COMMIT_LAG, full: bool | None = None
) -> RefreshResult:
    """Bring the rollups up to date (see the module docstring). ``full``: recompute the business counts
    of every kecamatan and the target snapshots (``None``: when the last full pass is older than
    ``FULL_EVERY``). Returns what was applied."""
    started = time.perf_counter()
    now = now or timezone.now()
    orders, lines = _sales_apply(commit_lag)
    with transaction.atomic():
        state = _state_locked()
        full = full if full is not None else state.full_at is None or state.full_at <= now - FULL_EVERY
        cutoff = _cutoff(commit_lag)
        kecamatans = _businesses_apply(state, cutoff, full=full)
        if full:
            state.full_at = now
        state.businesses_until = cutoff
        state.refreshed_at = now
        state.save()
    targets = target_snapshots_refresh(only_missing=not full)
    return RefreshResult(orders, lines, kecamatans, full, targets, time.perf_counter() - started)


def rollups_rebuild(*, now: datetime | None = None, commit_lag: timedelta = COMMIT_LAG) -> RefreshResult:
    """Empty every rollup and apply the whole ledger and register again."""
    with transaction.atomic():
        state = _state_locked()
        for model in (SalesMonthly, SalesKecamatanMonthly, DestinationMonthly, BusinessRollup):
            model.objects.all().delete()
        state.sales_order_id = 0
        state.businesses_until = None
        state.full_at = None
        state.save()
    return rollups_refresh(now=now, commit_lag=commit_lag, full=True)


def _state_locked() -> RollupState:
    """The state row, locked until the transaction ends: two refreshes never apply the same orders."""
    RollupState.objects.get_or_create(name=STATE)
    return RollupState.objects.select_for_update().get(name=STATE)


def _cutoff(commit_lag: timedelta) -> datetime:
    """Changes stamped before this moment are committed (see the module docstring)."""
    if connection.vendor != "postgresql":
        return timezone.now() - commit_lag
    with connection.cursor() as cursor:
        cursor.execute(rollup_sql.sales_cutoff_sql(), [commit_lag.total_seconds()])
        cutoff: datetime = cursor.fetchone()[0]
    return cutoff


# --- Sales -------------------------------------------------------------------------------------------


def _sales_horizon(watermark: int, commit_lag: timedelta) -> int:
    """The highest order id that is safe to apply now (the watermark itself when none is)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cutoff = _cutoff(commit_lag)
            cursor.execute(rollup_sql.sales_horizon_sql(with_cutoff=True), [watermark, watermark, cutoff])
        else:
            cursor.execute(rollup_sql.sales_horizon_sql(with_cutoff=False), [watermark])
        row = cursor.fetchone()
    return max(watermark, row[0] or 0) if row else watermark


def _sales_apply(commit_lag: timedelta) -> tuple[int, int]:
    """Apply every safe order above the watermark, a chunk of ids per transaction; (orders, lines)."""
    orders = lines = 0
    horizon: int | None = None
    while True:
        with transaction.atomic():
            state = _state_locked()
            if horizon is None:
                horizon = _sales_horizon(state.sales_order_id, commit_lag)
            low = state.sales_order_id
            if low >= horizon:
                return orders, lines
            high = min(horizon, low + SALES_CHUNK)
            applied = _sales_chunk(low, high)
            orders, lines = orders + applied[0], lines + applied[1]
            state.sales_order_id = high
            state.save(update_fields=["sales_order_id"])


def _sales_chunk(low: int, high: int) -> tuple[int, int]:
    with connection.cursor() as cursor:
        for sql, params in rollup_sql.batch_create_sql(low, high):
            cursor.execute(sql, params)
        cursor.execute(f"SELECT count(*), coalesce(sum(lines), 0) FROM {rollup_sql.BATCH}")
        counted = cursor.fetchone()
        for sql in rollup_sql.sales_upserts_sql():
            cursor.execute(sql)
        cursor.execute(rollup_sql.batch_drop_sql())
    return int(counted[0]), int(counted[1])


# --- Businesses -------------------------------------------------------------------------------------


# Share of kecamatan changed above which one full recount is cheaper than recounting them one by one: with
# 63 % (1M businesses) and 77 % (10M) of them changed, group by group took 1.3x and 1.4x a full recount.
FULL_RECOUNT_SHARE = 0.5


def _businesses_apply(state: RollupState, cutoff: datetime, *, full: bool) -> int:
    """Recompute the business rollup of every kecamatan (``full``) or of those changed since the last
    watermark; returns how many kecamatan groups were recomputed."""
    if full or state.businesses_until is None:
        BusinessRollup.objects.all().delete()
        _execute(*rollup_sql.business_rollup_sql(None))
        return Region.objects.filter(level=RegionLevel.KECAMATAN).count()
    kabkotas = list(Region.objects.filter(level=RegionLevel.KABKOTA).values_list("code", flat=True))
    with connection.cursor() as cursor:
        sql, params = rollup_sql.dirty_kecamatans_sql(kabkotas, state.businesses_until)
        cursor.execute(sql, params)
        dirty = sorted({row[0] for row in cursor.fetchall()})
    every = Region.objects.filter(level=RegionLevel.KECAMATAN).count()
    if len(dirty) > every * FULL_RECOUNT_SHARE:  # one pass over the table beats that many group passes
        return _businesses_apply(state, cutoff, full=True)
    for start in range(0, len(dirty), 500):
        chunk = dirty[start : start + 500]
        BusinessRollup.objects.filter(kecamatan__in=chunk).delete()
        _execute(*rollup_sql.business_rollup_sql(chunk))
    return len(dirty)


def _execute(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Targets ----------------------------------------------------------------------------------------


def target_snapshots_refresh(*, only_missing: bool = False) -> int:
    """Store every target's progress as ``funnel.progress.target_progress`` computes it today (or only
    the targets without a snapshot of today). Returns how many were written."""
    today = timezone.localdate()
    targets = Target.objects.select_related("region")
    if only_missing:
        fresh = TargetSnapshot.objects.filter(as_of=today).values("target_id")
        targets = targets.exclude(pk__in=fresh)
    written = 0
    for target in targets:
        progress = target_progress(target, today=today)
        TargetSnapshot.objects.update_or_create(
            target=target,
            defaults={
                "as_of": today, "actual": progress.actual, "status": progress.status,
                "projected": progress.projected, "reach_date": progress.reach_date,
                "reached_on": progress.reached_on, "shortfall": progress.shortfall,
                "computed_at": timezone.now(),
            },
        )  # fmt: skip
        written += 1
    return written
