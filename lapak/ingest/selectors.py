"""Reads of the ingest app: scoped sources, batches, staged rows (from Parquet), the review queue."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet

from lapak.accounts.scoping import NOTHING, Action, home_province_code, kabkota_codes_for, user_can
from lapak.ingest.models import (
    FieldProvenance,
    ImportBatch,
    MatchCandidate,
    Merge,
    ReviewStatus,
    Source,
    SourceRecord,
)
from lapak.ingest.staging import connect

PREVIEW_PAGE_ROWS = 50
STATUSES = ("error", "warning", "valid")


def _region_scope(user: Any, field: str, action: Action) -> Q:
    """Rows whose region ``field`` lies in the user's kab/kota, or anywhere in the province.

    ``field__pk__startswith`` compiles to a LIKE on the foreign-key column itself (no join).
    """
    if not user_can(user, action):
        return NOTHING
    codes = kabkota_codes_for(user)
    if codes is None:
        return Q(**{f"{field}__pk__startswith": home_province_code(user)})
    return Q(**{f"{field}__pk__in": sorted(codes)})


def source_list(*, user: Any) -> QuerySet[Source]:
    """Sources the user may import into: the province's for provincial staff, the own kab/kota's else.

    An operator also sees the province-wide sources, since a kab/kota office loads its part of them.
    """
    scope = _region_scope(user, "region", Action.IMPORT)
    if scope is NOTHING:
        return Source.objects.none()
    return Source.objects.filter(scope | Q(region_id=home_province_code(user)))


def batch_list(*, user: Any) -> QuerySet[ImportBatch]:
    """Batches uploaded in the user's region, newest first."""
    return ImportBatch.objects.filter(_region_scope(user, "region", Action.IMPORT)).select_related(
        "source", "uploaded_by", "job"
    )


def candidate_queue(*, user: Any, status: str = ReviewStatus.PENDING) -> QuerySet[MatchCandidate]:
    """Review candidates in the user's kab/kota, most likely matches first."""
    return (
        MatchCandidate.objects.filter(_region_scope(user, "kabkota", Action.MERGE), status=status)
        .select_related("record", "record__source", "business")
        .order_by("-probability", "id")
    )


def record_sources(*, business_id: int) -> QuerySet[SourceRecord]:
    """Every source record a golden record came from (the business's scope is checked by the caller)."""
    return SourceRecord.objects.filter(business_id=business_id).select_related("source", "batch")


def field_origins(*, business_id: int) -> list[FieldProvenance]:
    """Which source record each golden-record field came from, and by which rule."""
    return list(
        FieldProvenance.objects.filter(business_id=business_id)
        .select_related("record__source")
        .order_by("field")
    )


def active_merges(*, business_id: int) -> dict[int, Merge]:
    """The business's merges that are not undone, by source record."""
    merges = Merge.objects.filter(business_id=business_id, undone_at__isnull=True)
    return {merge.record_id: merge for merge in merges}


def merge_visible(*, user: Any, pk: int) -> Merge | None:
    """A merge whose golden record lies in the user's scope, for the undo action."""
    from lapak.registry.models import Business

    visible = Business.objects.visible_to(user).values("pk")
    return Merge.objects.filter(pk=pk, business__in=visible).select_related("record").first()


@dataclass(frozen=True)
class StagedPage:
    rows: list[dict[str, Any]]
    number: int
    has_next: bool
    total: int


def staged_page(*, path: Path, status: str | None, number: int, columns: list[str]) -> StagedPage:
    """One page of staged rows (row number, original cells, status, problems), optionally one status."""
    if not path.exists():
        return StagedPage([], 1, False, 0)
    status_filter = "WHERE status = $status" if status in STATUSES else ""
    params: dict[str, Any] = {"path": str(path)}
    if status_filter:
        params["status"] = status
    con = connect()
    try:
        total_row = con.execute(
            f"SELECT count(*) FROM read_parquet($path) {status_filter}", params
        ).fetchone()
        offset = (max(number, 1) - 1) * PREVIEW_PAGE_ROWS
        raw = ", ".join(f"c{index}" for index in range(len(columns)))
        result = con.execute(
            f"SELECT row_number, status, problems, {raw} FROM read_parquet($path) {status_filter} "
            f"ORDER BY row_number LIMIT {PREVIEW_PAGE_ROWS + 1} OFFSET {offset}",
            params,
        ).fetchall()
    finally:
        con.close()
    rows = [
        {"row_number": row[0], "status": row[1], "problems": row[2], "cells": list(row[3:])}
        for row in result[:PREVIEW_PAGE_ROWS]
    ]
    return StagedPage(rows, max(number, 1), len(result) > PREVIEW_PAGE_ROWS, total_row[0] if total_row else 0)


def problem_summary(*, path: Path) -> list[dict[str, Any]]:
    """How many rows have each kind of problem, per field and level, largest first."""
    if not path.exists():
        return []
    con = connect()
    try:
        rows = con.execute(
            """
            SELECT p.field, p.level, count(*) AS rows, min(row_number) AS first_row
            FROM (SELECT row_number, unnest(problems) AS p FROM read_parquet($path))
            GROUP BY ALL ORDER BY p.level, rows DESC
            """,
            {"path": str(path)},
        ).fetchall()
    finally:
        con.close()
    return [
        {"field": field, "level": level, "rows": count, "first_row": first}
        for field, level, count, first in rows
    ]
