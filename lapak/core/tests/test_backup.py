"""Backup and restore: a backup restored into an empty database holds every record and every uploaded file."""

from __future__ import annotations

import io
import json
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lapak.core.backup import (
    MANIFEST,
    BackupError,
    DatabaseTarget,
    backup_create,
    backup_key,
    backup_restore,
    postgres_database_create,
    read_manifest,
    sqlite_connect,
    table_counts,
    table_counts_or_empty,
)
from lapak.core.backup_crypto import CHUNK_SIZE, HEADER_BYTES, TAG_BYTES, is_sealed
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    scan = settings.MEDIA_ROOT / "dokumen" / "2026" / "nib-scan.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(b"%PDF-1.4 scan of a NIB\n")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[DatabaseTarget]:
    """A database that does not exist yet, of the engine the suite runs on."""
    source = DatabaseTarget.from_settings(connection.settings_dict)
    if source.engine == "sqlite":
        yield source.with_name(str(tmp_path / "restored.sqlite3"))
        return
    target = source.with_name(f"lapak_restore_{uuid.uuid4().hex[:10]}")
    postgres_database_create(target)
    yield target
    with psycopg.connect(target.with_name("postgres").conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')


def _rows(target: DatabaseTarget, table: str) -> list[tuple]:
    query = f'SELECT * FROM "{table}" ORDER BY 1'
    if target.engine == "sqlite":
        with closing(sqlite_connect(target.name)) as conn:
            return [tuple(row) for row in conn.execute(query)]
    with psycopg.connect(target.conninfo()) as conn:
        return [tuple(row) for row in conn.execute(query)]


def _source_rows(table: str) -> list[tuple]:
    """Rows read over a plain connection of its own, as the restored ones are (no Django type conversion)."""
    return _rows(DatabaseTarget.from_settings(connection.settings_dict), table)


def test_a_restored_backup_holds_every_record_and_file(
    make_business: Any, users: dict, media: Path, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    make_business(name="Batik Tulis Sekar Arum")
    make_business(name="Keripik Tempe Bu Sri", owner_sex="P")
    archive = tmp_path / "backup.tar"

    manifest = backup_create(archive, media_root=media)
    restored_media = tmp_path / "restored-media"
    report = backup_restore(archive, empty_target, media_root=restored_media)

    assert manifest.tables["registry_business"] == 2
    assert sum(manifest.tables.values()) > 8000  # the regions of Jawa Timur come back too
    for table in ("registry_business", "accounts_user", "regions_region", "auditlog_logentry"):
        assert _rows(empty_target, table) == _source_rows(table), table
    assert table_counts(empty_target) == manifest.tables
    assert (restored_media / "dokumen" / "2026" / "nib-scan.pdf").read_bytes() == b"%PDF-1.4 scan of a NIB\n"
    assert report.files == 1


def test_restore_refuses_a_database_that_holds_data(
    make_business: Any, media: Path, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    make_business(name="Tenun Ikat Lamongan")
    archive = tmp_path / "backup.tar"
    backup_create(archive, media_root=media)
    backup_restore(archive, empty_target, media_root=tmp_path / "m1")

    with pytest.raises(BackupError, match="tidak kosong"):
        backup_restore(archive, empty_target, media_root=tmp_path / "m2")
    backup_restore(archive, empty_target, media_root=tmp_path / "m1", replace=True)

    assert table_counts(empty_target) == read_manifest(archive).tables
    assert _rows(empty_target, "registry_business") == _source_rows("registry_business")


def _rewrite(archive: Path, change: Any) -> Path:
    """A copy of the archive with its members passed through ``change(name, data) -> data``."""
    copy = archive.with_name("changed.tar")
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())  # type: ignore[union-attr]
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def test_restore_refuses_a_damaged_database_copy(
    make_business: Any, media: Path, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    make_business()
    archive = tmp_path / "backup.tar"
    backup_create(archive, media_root=media)
    damaged = _rewrite(
        archive, lambda name, data: data[:-10] + b"0" * 10 if name.startswith("database") else data
    )

    with pytest.raises(BackupError, match="checksum"):
        backup_restore(damaged, empty_target, media_root=tmp_path / "m")


def test_restore_fails_when_a_table_comes_back_short(
    make_business: Any, media: Path, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    make_business()
    archive = tmp_path / "backup.tar"
    backup_create(archive, media_root=media)

    def claim_one_more_business(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["tables"]["registry_business"] += 1
        return json.dumps(manifest).encode()

    with pytest.raises(BackupError, match="registry_business: 2 → 1"):
        backup_restore(_rewrite(archive, claim_one_more_business), empty_target, media_root=tmp_path / "m")


def test_restore_refuses_paths_that_leave_the_media_folder(
    make_business: Any, media: Path, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    make_business()
    archive = tmp_path / "backup.tar"
    backup_create(archive, media_root=media)
    with tarfile.open(archive, "a") as appended:
        info = tarfile.TarInfo("../../escape.txt")
        info.size = 3
        appended.addfile(info, io.BytesIO(b"bad"))

    with pytest.raises(BackupError, match="tidak aman"):
        backup_restore(archive, empty_target, media_root=tmp_path / "m")
    assert not (tmp_path / "escape.txt").exists()


def test_the_backup_command_writes_an_archive(make_business: Any, media: Path, tmp_path: Path) -> None:
    make_business()
    out = io.StringIO()

    call_command("backup", "--output", str(tmp_path / "b.tar"), stdout=out)

    assert read_manifest(tmp_path / "b.tar").tables["registry_business"] == 1
    assert "1 berkas unggahan" in out.getvalue()
    assert Business.objects.count() == 1


# --- Encrypted archives -----------------------------------------------------------------------------------

BACKUP_KEY = "uji-kunci-cadangan-3f9a1c7e5b2d4068a9e1"
KNOWN_NIK = "3527014507850001"  # make_business's owner NIK, written in the KTP scan below
KNOWN_OWNER = "Siti Aminah"


@pytest.fixture
def sealing_key(settings: Any) -> str:
    settings.LAPAK_BACKUP_KEY = BACKUP_KEY
    return BACKUP_KEY


@pytest.fixture
def sealed_archive(make_business: Any, media: Path, sealing_key: str, tmp_path: Path) -> Path:
    make_business(name="Batik Tulis Sekar Arum", owner_name=KNOWN_OWNER)
    (media / "legalitas" / "ktp-scan.txt").parent.mkdir(parents=True)
    (media / "legalitas" / "ktp-scan.txt").write_text(f"KTP NIK {KNOWN_NIK} {KNOWN_OWNER}")
    archive = tmp_path / "backup.tar.enc"
    backup_create(archive, media_root=media)
    return archive


def _untouched(target: DatabaseTarget, media_root: Path) -> bool:
    return not any(table_counts_or_empty(target).values()) and not media_root.exists()


def test_an_encrypted_backup_restores_every_record_and_file(
    sealed_archive: Path, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    restored_media = tmp_path / "restored-media"

    report = backup_restore(sealed_archive, empty_target, media_root=restored_media)

    assert is_sealed(sealed_archive)
    manifest = read_manifest(sealed_archive)
    assert manifest.tables["registry_business"] == 1
    assert sum(manifest.tables.values()) > 8000
    assert table_counts(empty_target) == manifest.tables
    for table in ("registry_business", "accounts_user", "regions_region", "auditlog_logentry"):
        assert _rows(empty_target, table) == _source_rows(table), table
    assert (restored_media / "legalitas" / "ktp-scan.txt").read_text() == f"KTP NIK {KNOWN_NIK} {KNOWN_OWNER}"
    assert report.files == 2


def test_an_encrypted_archive_shows_no_nik_or_name(sealed_archive: Path, media: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.tar"
    backup_create(plain, media_root=media, key="")

    assert KNOWN_NIK.encode() in plain.read_bytes()  # the control: a plain archive shows both
    assert KNOWN_OWNER.encode() in plain.read_bytes()
    raw = sealed_archive.read_bytes()
    for secret in (KNOWN_NIK, KNOWN_OWNER, "Batik Tulis", "registry_business", MANIFEST):
        assert secret.encode() not in raw, secret


def test_an_encrypted_archive_with_a_wrong_or_missing_key_is_refused_and_the_target_untouched(
    sealed_archive: Path, settings: Any, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    settings.LAPAK_BACKUP_KEY = BACKUP_KEY + "-salah"
    with pytest.raises(BackupError, match="tidak cocok"):
        backup_restore(sealed_archive, empty_target, media_root=tmp_path / "m")
    settings.LAPAK_BACKUP_KEY = ""
    with pytest.raises(BackupError, match="terenkripsi; setel LAPAK_BACKUP_KEY"):
        backup_restore(sealed_archive, empty_target, media_root=tmp_path / "m")
    with pytest.raises(BackupError, match="tidak cocok"):
        read_manifest(sealed_archive, key="kunci-lain-" + "x" * 32)

    assert _untouched(empty_target, tmp_path / "m")


def test_an_encrypted_archive_with_a_flipped_byte_is_refused_and_the_old_data_kept(
    sealed_archive: Path, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    backup_restore(sealed_archive, empty_target, media_root=tmp_path / "m")
    before = _rows(empty_target, "registry_business")
    damaged = bytearray(sealed_archive.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01  # inside the database copy, after the manifest's chunk
    changed = tmp_path / "damaged.tar.enc"
    changed.write_bytes(bytes(damaged))

    with pytest.raises(BackupError, match="rusak"):
        backup_restore(changed, empty_target, media_root=tmp_path / "m", replace=True)

    assert _rows(empty_target, "registry_business") == before
    assert not list(tmp_path.glob("m.before-restore-*"))  # the upload folder was not touched either


def test_a_truncated_encrypted_archive_is_refused(
    sealed_archive: Path, empty_target: DatabaseTarget, tmp_path: Path
) -> None:
    whole = sealed_archive.read_bytes()
    full_chunks = (len(whole) - HEADER_BYTES - 1) // (CHUNK_SIZE + TAG_BYTES)  # all but the final one
    at_boundary = tmp_path / "cut-boundary.tar.enc"
    at_boundary.write_bytes(whole[: HEADER_BYTES + full_chunks * (CHUNK_SIZE + TAG_BYTES)])
    inside = tmp_path / "cut-inside.tar.enc"
    inside.write_bytes(whole[:-100])

    with pytest.raises(BackupError, match="terpotong"):
        backup_restore(at_boundary, empty_target, media_root=tmp_path / "m")
    with pytest.raises(BackupError, match="rusak"):
        backup_restore(inside, empty_target, media_root=tmp_path / "m")
    assert _untouched(empty_target, tmp_path / "m")


def test_the_backup_command_encrypts_when_the_key_is_set(
    make_business: Any, media: Path, sealing_key: str, settings: Any, tmp_path: Path
) -> None:
    make_business()
    settings.VAR_DIR = tmp_path
    out = io.StringIO()

    call_command("backup", stdout=out)

    (archive,) = (tmp_path / "backups").glob("lapak-*.tar.enc")
    assert is_sealed(archive)
    assert read_manifest(archive).tables["registry_business"] == 1
    assert "terenkripsi" in out.getvalue() and "tidak terenkripsi" not in out.getvalue()


def test_production_refuses_a_plain_backup_unless_asked(
    make_business: Any, media: Path, settings: Any, tmp_path: Path
) -> None:
    make_business()
    settings.PRODUCTION = True
    settings.LAPAK_BACKUP_KEY = ""
    archive = tmp_path / "b.tar"

    with pytest.raises(CommandError, match="LAPAK_BACKUP_KEY belum disetel"):
        call_command("backup", "--output", str(archive))
    assert not archive.exists()
    err = io.StringIO()
    call_command("backup", "--output", str(archive), "--no-encrypt", stdout=io.StringIO(), stderr=err)

    assert not is_sealed(archive)
    assert read_manifest(archive).tables["registry_business"] == 1
    assert "TIDAK terenkripsi" in err.getvalue()


@pytest.mark.parametrize(
    ("key", "message"),
    [("pendek", "terlalu pendek"), ("lapak-insecure-field-key-change-me", "berbeda dari LAPAK_FIELD_KEY")],
)
def test_a_weak_backup_key_is_refused(settings: Any, key: str, message: str) -> None:
    settings.LAPAK_FIELD_KEY = "lapak-insecure-field-key-change-me"
    settings.LAPAK_BACKUP_KEY = key

    with pytest.raises(BackupError, match=message):
        backup_key()
