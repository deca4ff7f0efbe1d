"""Backup and restore of the whole platform: the database and the uploaded files, in one tar archive.

An archive holds ``manifest.json`` (engine, time, row count of every table, file list with sizes, SHA-256 of
the database copy), the database (SQLite: a consistent copy made with SQLite's online backup API while the
platform runs; PostgreSQL: ``pg_dump`` in its custom format) and ``media/`` (every uploaded file: scans,
photos, staged imports, reports).

Restore goes into an empty database (or replaces one when asked), puts the files back, and then counts the
rows of every table against the manifest: a restore that lost a record fails loudly instead of looking done.
An archive holds personal data (NIK, phone numbers, scans), so it is sealed with ``LAPAK_BACKUP_KEY``:
AES-256-GCM over 1 MiB chunks, streamed (format in ``lapak.core.backup_crypto``). Without that key a
development or demo host writes a plain tar archive; production refuses to unless asked (``--no-encrypt``).
Restore and ``read_manifest`` tell a sealed archive by its magic header and open it with the same key; a wrong
key, an altered byte or a cut-off end fails before anything is written to the target (docs/backup.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections

from lapak.core.backup_crypto import OpeningReader, SealedArchiveError, SealingWriter, is_sealed

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
# HKDF does not slow down guessing: the key must be long and random (``secrets.token_urlsafe(32)``).
BACKUP_KEY_MIN_CHARS = 32


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the user's language."""


@dataclass(frozen=True)
class DatabaseTarget:
    """Where a database lives, taken from a Django DATABASES entry."""

    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, entry: dict[str, Any]) -> DatabaseTarget:
        engine = "sqlite" if "sqlite" in entry["ENGINE"] else "postgresql"
        return cls(
            engine=engine,
            name=str(entry["NAME"]),
            user=str(entry.get("USER") or ""),
            password=str(entry.get("PASSWORD") or ""),
            host=str(entry.get("HOST") or ""),
            port=str(entry.get("PORT") or ""),
        )

    def with_name(self, name: str) -> DatabaseTarget:
        return DatabaseTarget(self.engine, name, self.user, self.password, self.host, self.port)

    def conninfo(self) -> str:
        parts = {"dbname": self.name, "user": self.user, "host": self.host, "port": self.port}
        return " ".join(f"{key}={value}" for key, value in parts.items() if value)

    def tool_env(self) -> dict[str, str]:
        return {**os.environ, "PGPASSWORD": self.password} if self.password else dict(os.environ)


@dataclass
class Manifest:
    engine: str
    created_at: str
    tables: dict[str, int]
    files: dict[str, int] = field(default_factory=dict)
    database_sha256: str = ""
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        data = json.loads(raw)
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"Versi arsip cadangan {data.get('format_version')} tidak dikenal.")
        return cls(**data)


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


# --- Counting ---------------------------------------------------------------------------------------------


def _quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def _count_rows(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {_quoted(table)}")  # table names from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def sqlite_connect(name: str) -> sqlite3.Connection:
    """A plain connection of its own (``file:`` names are URIs, as Django's in-memory test databases use)."""
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _postgres_tables(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return [row[0] for row in rows]


def table_counts(target: DatabaseTarget) -> dict[str, int]:
    """Row count of every table of the target database, read over a connection of its own."""
    if target.engine == "sqlite":
        with closing(sqlite_connect(target.name)) as conn:
            return _count_rows(conn.cursor(), _sqlite_tables(conn))
    with psycopg.connect(target.conninfo(), password=target.password or None) as conn:
        return _count_rows(conn.cursor(), _postgres_tables(conn))


# --- Backup -----------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_sqlite(alias: str, destination: Path) -> dict[str, int]:
    """Copy the live SQLite database page by page (consistent even while the platform writes)."""
    connection = connections[alias]
    connection.ensure_connection()
    with closing(sqlite3.connect(destination)) as copy:
        connection.connection.backup(copy)
        return _count_rows(copy.cursor(), _sqlite_tables(copy))


def _dump_postgres(target: DatabaseTarget, destination: Path) -> dict[str, int]:
    """pg_dump and the row counts read from one exported snapshot: the manifest describes exactly the dump."""
    with psycopg.connect(target.conninfo(), password=target.password or None) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        _run([*command, f"--file={destination}", f"--dbname={target.conninfo()}"], target)
        counts = _count_rows(conn.cursor(), _postgres_tables(conn))
        conn.rollback()
    return counts


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def backup_key(*, no_encrypt: bool = False) -> str:
    """The key a new archive is sealed with, or "" for a plain one.

    Production refuses a plain archive unless ``no_encrypt`` asks for one; elsewhere an unset key gives a
    plain archive, so the demo and a laptop need no key.
    """
    if no_encrypt:
        return ""
    material = str(settings.LAPAK_BACKUP_KEY)
    if not material:
        if settings.PRODUCTION:
            raise BackupError(
                "LAPAK_BACKUP_KEY belum disetel: di produksi arsip cadangan harus terenkripsi "
                "(--no-encrypt untuk tetap menulis arsip tanpa enkripsi)."
            )
        return ""
    if material == settings.LAPAK_FIELD_KEY:
        raise BackupError("LAPAK_BACKUP_KEY harus berbeda dari LAPAK_FIELD_KEY.")
    if len(material) < BACKUP_KEY_MIN_CHARS:
        raise BackupError(f"LAPAK_BACKUP_KEY terlalu pendek: minimal {BACKUP_KEY_MIN_CHARS} karakter acak.")
    return material


def backup_create(
    destination: Path, *, alias: str = "default", media_root: Path | None = None, key: str | None = None
) -> Manifest:
    """Write one archive with the database and every uploaded file; return its manifest.

    ``key``: the key material to seal the archive with; ``None`` follows ``backup_key()``, "" writes plain.
    """
    key = backup_key() if key is None else key
    target = DatabaseTarget.from_settings(connections[alias].settings_dict)
    media = Path(media_root or settings.MEDIA_ROOT)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lapak-backup-") as work:
        member = SQLITE_MEMBER if target.engine == "sqlite" else POSTGRES_MEMBER
        dump = Path(work) / member
        tables = _dump_sqlite(alias, dump) if target.engine == "sqlite" else _dump_postgres(target, dump)
        files = {str(path.relative_to(media)): path.stat().st_size for path in _media_files(media)}
        manifest = Manifest(
            engine=target.engine,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            tables=tables,
            files=files,
            database_sha256=_sha256(dump),
        )
        partial = destination.with_name(destination.name + ".partial")
        with _archive_writer(partial, key) as archive:
            _add_bytes(archive, MANIFEST, manifest.to_json())  # first, so read_manifest stops after it
            archive.add(dump, arcname=member)
            for relative in files:
                archive.add(media / relative, arcname=MEDIA_PREFIX + relative)
        partial.replace(destination)  # a crash mid-way never leaves a file that looks like a whole backup
    return manifest


@contextmanager
def _archive_writer(path: Path, key: str) -> Iterator[tarfile.TarFile]:
    """A tar archive written to ``path``, sealed chunk by chunk as it is written when there is a key."""
    with path.open("wb") as raw:
        if not key:
            with tarfile.open(fileobj=raw, mode="w") as archive:
                yield archive
            return
        sealer = SealingWriter(raw, key)
        with tarfile.open(fileobj=sealer, mode="w|") as archive:  # type: ignore[call-overload]
            yield archive
        sealer.close()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(data)
        buffer.seek(0)
        archive.addfile(info, buffer)


# --- Restore ----------------------------------------------------------------------------------------------


@contextmanager
def _archive_reader(archive_path: Path, key: str | None, *, whole: bool = False) -> Iterator[tarfile.TarFile]:
    """The archive's tar, opened through its seal when it has one (``key`` None: LAPAK_BACKUP_KEY).

    ``whole``: after the caller is done, read and check the rest of a sealed archive, so a cut-off or altered
    end fails here too.
    """
    if not is_sealed(archive_path):
        with tarfile.open(archive_path, "r") as archive:
            yield archive
        return
    material = str(settings.LAPAK_BACKUP_KEY) if key is None else key
    try:
        with archive_path.open("rb") as raw:
            reader = OpeningReader(raw, material)
            with tarfile.open(fileobj=reader, mode="r|") as archive:  # type: ignore[call-overload]
                yield archive
            if whole:
                reader.read_to_end()
    except SealedArchiveError as error:
        raise BackupError(str(error)) from error


def read_manifest(archive_path: Path, *, key: str | None = None) -> Manifest:
    """The manifest of a plain or sealed archive (only its first chunk is decrypted)."""
    with _archive_reader(archive_path, key) as archive:
        for member in archive:
            content = archive.extractfile(member) if member.name == MANIFEST else None
            if content is not None:
                return Manifest.from_json(content.read())
    raise BackupError("Arsip cadangan tidak berisi manifest.json.")


def backup_restore(
    archive_path: Path,
    target: DatabaseTarget,
    *,
    media_root: Path,
    replace: bool = False,
    key: str | None = None,
) -> RestoreReport:
    """Put an archive back into ``target`` and ``media_root``, then prove every row and file came back.

    The whole archive is extracted and checked (seal, checksum) in a scratch folder before the target is
    touched.
    """
    manifest = read_manifest(archive_path, key=key)
    if manifest.engine != target.engine:
        raise BackupError(
            f"Arsip dibuat dari basis data {manifest.engine}, tidak dapat dipulihkan ke {target.engine}."
        )
    if not replace and any(table_counts_or_empty(target).values()):
        raise BackupError("Basis data tujuan tidak kosong; gunakan --replace untuk menimpanya.")
    with tempfile.TemporaryDirectory(prefix="lapak-restore-") as work:
        _extract(archive_path, Path(work), key)
        dump = Path(work) / (SQLITE_MEMBER if target.engine == "sqlite" else POSTGRES_MEMBER)
        if _sha256(dump) != manifest.database_sha256:
            raise BackupError("Salinan basis data dalam arsip rusak (checksum tidak cocok).")
        if target.engine == "sqlite":
            _restore_sqlite(dump, target)
        else:
            _restore_postgres(dump, target, replace=replace)
        files = _restore_media(Path(work) / "media", media_root, manifest, replace=replace)
    _verify_counts(manifest, table_counts(target))
    return RestoreReport(tables=len(manifest.tables), rows=sum(manifest.tables.values()), files=files)


def _extract(archive_path: Path, work: Path, key: str | None) -> None:
    try:
        with _archive_reader(archive_path, key, whole=True) as archive:
            archive.extractall(work, filter="data")  # refuses absolute paths, '..' and links leading outside
    except (tarfile.FilterError, tarfile.ReadError) as error:
        raise BackupError(f"Arsip cadangan tidak aman atau rusak: {error}") from error


def table_counts_or_empty(target: DatabaseTarget) -> dict[str, int]:
    """Row counts of the target, or nothing when the database (or SQLite file) does not exist yet."""
    if target.engine == "sqlite" and not Path(target.name).exists():
        return {}
    try:
        return table_counts(target)
    except psycopg.OperationalError as error:
        raise BackupError(f"Basis data tujuan tidak dapat dibuka: {error}") from error


def _restore_sqlite(dump: Path, target: DatabaseTarget) -> None:
    connections.close_all()
    with closing(sqlite3.connect(dump)) as source, closing(sqlite_connect(target.name)) as destination:
        source.backup(destination)


def _restore_postgres(dump: Path, target: DatabaseTarget, *, replace: bool) -> None:
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, f"--dbname={target.conninfo()}", str(dump)], target)


def _restore_media(extracted: Path, media_root: Path, manifest: Manifest, *, replace: bool) -> int:
    if replace and media_root.exists() and any(media_root.iterdir()):
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        media_root.rename(media_root.with_name(f"{media_root.name}.before-restore-{stamp}"))
    media_root.mkdir(parents=True, exist_ok=True)
    for relative, size in manifest.files.items():
        source = extracted / relative
        if not source.is_file() or source.stat().st_size != size:
            raise BackupError(f"Berkas unggahan {relative} hilang atau rusak di arsip.")
        (media_root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, media_root / relative)
    return len(manifest.files)


def _verify_counts(manifest: Manifest, restored: dict[str, int]) -> None:
    missing = {
        table: (expected, restored.get(table))
        for table, expected in manifest.tables.items()
        if restored.get(table) != expected
    }
    if missing:
        detail = ", ".join(f"{table}: {want} → {got}" for table, (want, got) in sorted(missing.items())[:10])
        raise BackupError(f"Pemulihan tidak lengkap, jumlah baris berbeda ({detail}).")


# --- PostgreSQL helpers ------------------------------------------------------------------------------------


def _run(command: list[str], target: DatabaseTarget) -> None:
    result = subprocess.run(command, env=target.tool_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {result.stderr.strip()[-500:]}")


@contextmanager
def _maintenance(target: DatabaseTarget) -> Iterator[psycopg.Connection]:
    with psycopg.connect(
        target.with_name("postgres").conninfo(), password=target.password or None, autocommit=True
    ) as conn:
        yield conn


def postgres_database_create(target: DatabaseTarget) -> None:
    """Create the (empty) database a restore goes into; refuses when it exists already."""
    with _maintenance(target) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name]).fetchone()
        if exists:
            raise BackupError(f"Basis data {target.name} sudah ada.")
        conn.execute(f"CREATE DATABASE {_quoted(target.name)}")
