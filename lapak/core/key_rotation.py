"""Field-key rotation: every encrypted value and every keyed hash moved to the current ``LAPAK_FIELD_KEY``.

During a rotation ``LAPAK_FIELD_KEY`` is the new key and ``LAPAK_FIELD_KEY_PREVIOUS`` the old one;
``crypto.decrypt_text`` reads both, so the site keeps working while ``field_key_rotate`` rewrites the
stored values in batches. What is stored under a field key:

- ``registry.Business`` and ``ingest.SourceRecord``: ``owner_nik_encrypted`` and its hash ``owner_nik_hash``;
- ``ingest.Merge.previous_values``: the same two fields, as the golden record had them before a merge;
- ``accounts.TotpDevice.secret_encrypted``; ``channels.ShopConnection`` access and refresh tokens;
- hashes of secrets that are not stored (``api.ApiToken``, ``channels.PartnerKey``,
  ``accounts.RecoveryCode``): these cannot be recomputed; they match through the previous key
  (``crypto.keyed_hash_candidates``) until reissued; ``unrecomputable_hash_counts`` counts them.

The change log never holds these values (``registry.apps`` excludes them), so it needs no rewriting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet

from lapak.core.crypto import decrypt_with_key_age, keyed_hash, reencrypt

BATCH_ROWS = 5_000


@dataclass(frozen=True)
class SealedColumn:
    """An encrypted column and the column with the keyed hash of its plain text ("" if none)."""

    token: str
    hash: str = ""


@dataclass(frozen=True)
class SealedTable:
    model: type[Model]
    columns: tuple[SealedColumn, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass
class TableCount:
    """One table's rows with sealed values: read, due (under the previous key or with a stale hash), and
    unreadable (a value neither key opens, or a hash without the value it was made from)."""

    label: str
    scanned: int = 0
    due: int = 0
    unreadable: int = 0


@dataclass
class RotationReport:
    tables: list[TableCount] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(table.due for table in self.tables)

    @property
    def unreadable(self) -> int:
        return sum(table.unreadable for table in self.tables)

    @property
    def complete(self) -> bool:
        """Nothing left that needs the previous key (meaningful after a dry run or the check)."""
        return self.due == 0 and self.unreadable == 0


Progress = Callable[[TableCount], None]

NIK = SealedColumn("owner_nik_encrypted", "owner_nik_hash")


def sealed_tables() -> tuple[SealedTable, ...]:
    """Every table with a column encrypted under the field key (``Merge.previous_values`` apart)."""
    from lapak.accounts.models import TotpDevice
    from lapak.channels.models import ShopConnection
    from lapak.ingest.models import SourceRecord
    from lapak.registry.models import Business

    return (
        SealedTable(Business, (NIK,)),
        SealedTable(SourceRecord, (NIK,)),
        SealedTable(TotpDevice, (SealedColumn("secret_encrypted"),)),
        SealedTable(
            ShopConnection, (SealedColumn("access_token_encrypted"), SealedColumn("refresh_token_encrypted"))
        ),
    )


def field_key_rotate(
    *, dry_run: bool = False, batch_rows: int = BATCH_ROWS, progress: Progress | None = None
) -> RotationReport:
    """Re-encrypt every value and recompute every keyed hash under the current key, reading the previous one.

    Streams each table in primary-key order, ``batch_rows`` rows at a time, one transaction per batch, so
    an interrupted run keeps its finished batches and a second run only rewrites what is still due. Rows
    with nothing due are not written; ``dry_run`` only counts. Values neither key opens are left alone
    and counted as unreadable.
    """
    report = RotationReport()
    for table in sealed_tables():
        count = TableCount(table.label)
        report.tables.append(count)
        for rows in _batches(table, batch_rows):
            with transaction.atomic():
                updates = _table_updates(table, rows, count)
                if updates and not dry_run:
                    _write(table, updates)
            if progress:
                progress(count)
    report.tables.append(_merges_rotate(dry_run=dry_run, batch_rows=batch_rows, progress=progress))
    return report


def field_key_check(*, batch_rows: int = BATCH_ROWS) -> RotationReport:
    """What still needs the previous key or is unreadable; ``complete`` once a rotation has finished."""
    return field_key_rotate(dry_run=True, batch_rows=batch_rows)


def unrecomputable_hash_counts() -> dict[str, int]:
    """Live secrets kept only as a keyed hash: after the rotation they match through the previous key only."""
    from lapak.accounts.models import RecoveryCode
    from lapak.api.models import ApiToken
    from lapak.channels.models import PartnerKey

    return {
        ApiToken._meta.label: ApiToken.objects.filter(revoked_at__isnull=True).count(),
        PartnerKey._meta.label: PartnerKey.objects.filter(is_active=True).count(),
        RecoveryCode._meta.label: RecoveryCode.objects.filter(used_at__isnull=True).count(),
    }


def _resealed(token: str, digest: str | None) -> tuple[str, str | None, bool]:
    """``token`` under the current key, the keyed hash of its plain text (``None``: no hash is kept) and
    whether either changed. ``ValueError`` if neither key opens it, or a hash has no value to check it by."""
    if not token:
        if digest:
            raise ValueError("a keyed hash without the value it was made from")
        return token, digest, False
    plain, needed_previous = decrypt_with_key_age(token)
    new_token = reencrypt(token, plain) if needed_previous else token
    new_digest = None if digest is None else keyed_hash(plain)
    return new_token, new_digest, needed_previous or new_digest != digest


def _fields(table: SealedTable) -> list[str]:
    return [name for column in table.columns for name in (column.token, column.hash) if name]


def _batches(table: SealedTable, batch_rows: int) -> Iterator[list[tuple[Any, ...]]]:
    """The rows with any sealed value, ``(pk, *fields)``, in key order, read batch by batch."""
    names = _fields(table)
    sealed = Q()
    for name in names:
        sealed |= ~Q(**{name: ""})
    rows = table.model._base_manager.filter(sealed).order_by("pk").values_list("pk", *names)
    return _keyset(rows, batch_rows, pk_of=lambda row: row[0])


def _keyset(rows: QuerySet[Any], batch_rows: int, pk_of: Callable[[Any], int]) -> Iterator[list[Any]]:
    """``rows`` (ordered by primary key, which is positive) batch by batch, each after the last key."""
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:batch_rows]):
        yield batch
        last = pk_of(batch[-1])


def _table_updates(table: SealedTable, rows: list[tuple[Any, ...]], count: TableCount) -> list[list[Any]]:
    """``[pk, old tokens..., new values...]`` for the rows that are due; counts every row."""
    names = _fields(table)
    updates = []
    for row in rows:
        count.scanned += 1
        stored = dict(zip(names, row[1:], strict=True))
        new_values: list[Any] = []
        changed = False
        try:
            for column in table.columns:
                digest = stored[column.hash] if column.hash else None
                token, new_digest, column_changed = _resealed(stored[column.token], digest)
                new_values += [token] if new_digest is None else [token, new_digest]
                changed = changed or column_changed
        except ValueError:
            count.unreadable += 1
            continue
        if changed:
            count.due += 1
            updates.append([row[0], *(stored[column.token] for column in table.columns), *new_values])
    return updates


def _write(table: SealedTable, updates: Sequence[list[Any]]) -> None:
    """One ``UPDATE ... FROM (VALUES ...)`` per chunk, only where the tokens are still the ones read."""
    per_statement = (connection.features.max_query_params or 65_535) // len(updates[0])
    for start in range(0, len(updates), per_statement):
        chunk = updates[start : start + per_statement]
        with connection.cursor() as cursor:
            cursor.execute(_update_sql(table, len(chunk)), [value for row in chunk for value in row])


def _update_sql(table: SealedTable, rows: int) -> str:
    quote = connection.ops.quote_name
    meta = table.model._meta
    target = quote(meta.db_table)
    olds = [f"old_{index}" for index in range(len(table.columns))]
    news = [f"new_{index}" for index in range(len(_fields(table)))]
    row = "(" + ", ".join(["%s"] * (1 + len(olds) + len(news))) + ")"
    pairs = zip(_fields(table), news, strict=True)
    assignments = ", ".join(f"{quote(name)} = v.{new}" for name, new in pairs)
    # Only where the stored token is still the one read: a value saved meanwhile is already current.
    unchanged = " AND ".join(
        f"{target}.{quote(column.token)} = v.{old}" for column, old in zip(table.columns, olds, strict=True)
    )
    return (
        f"WITH v (id, {', '.join(olds + news)}) AS (VALUES {', '.join([row] * rows)}) "
        f"UPDATE {target} SET {assignments} FROM v "
        f"WHERE {target}.{quote(meta.pk.column)} = v.id AND {unchanged}"
    )


def _merges_rotate(*, dry_run: bool, batch_rows: int, progress: Progress | None) -> TableCount:
    """The NIK a golden record had before a merge, kept in ``Merge.previous_values`` for the undo."""
    from lapak.ingest.models import Merge

    count = TableCount(f"{Merge._meta.label}.previous_values")
    rows = (
        Merge.objects.filter(Q(previous_values__has_key=NIK.token) | Q(previous_values__has_key=NIK.hash))
        .order_by("pk")
        .only("pk", "previous_values")
    )
    for batch in _keyset(rows, batch_rows, pk_of=lambda merge: merge.pk):
        with transaction.atomic():
            due = [merge for merge in batch if _previous_values_resealed(merge, count)]
            if due and not dry_run:
                Merge.objects.bulk_update(due, ["previous_values"])
        if progress:
            progress(count)
    return count


def _previous_values_resealed(merge: Any, count: TableCount) -> bool:
    """Rewrite the merge's previous NIK in place; whether it was due (counted in ``count``)."""
    count.scanned += 1
    values = merge.previous_values
    token_entry, hash_entry = values.get(NIK.token), values.get(NIK.hash)
    try:
        token, digest, changed = _resealed(
            token_entry["value"] if token_entry else "", hash_entry["value"] if hash_entry else None
        )
    except ValueError:
        count.unreadable += 1
        return False
    if changed:
        count.due += 1
        if token_entry:
            token_entry["value"] = token
        if hash_entry:
            hash_entry["value"] = digest
    return changed
