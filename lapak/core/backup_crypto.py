"""Streaming authenticated encryption of backup archives (format ``LAPAKENC``, version 1).

A sealed archive is the tar archive of ``lapak.core.backup`` passed through AES-256-GCM in fixed-size chunks,
so an archive of many gigabytes is written and read with two chunks in memory at most.

Layout (all integers big-endian)::

    header  magic b"LAPAKENC" (8) | version 0x01 (1) | plaintext chunk size, uint32 (4)
            | salt (16, random per archive) | nonce prefix (8, random per archive) | key check (16)
    chunks  for each plaintext chunk: its AES-256-GCM ciphertext followed by the 16-byte tag. Every chunk
            holds exactly ``chunk size`` plaintext bytes except the last, which holds 0 to ``chunk size``
            (an archive always ends with one chunk sealed as final, even an empty one).

Keys: HKDF-SHA256 over the UTF-8 key material (``LAPAK_BACKUP_KEY``) with the archive's salt and the info
``lapak-backup-v1`` gives 48 bytes: the AES-256 key (32) and the key check (16) kept in the header, so a wrong
key is told apart from a damaged archive. A fresh salt means a fresh AES key for every archive.

Chunk ``i`` (from 0) is sealed with nonce = nonce prefix || ``i`` as uint32 and associated data = the whole
header || final flag (0x01 on the last chunk, else 0x00). A chunk that is altered, moved, dropped or repeated
fails its tag; an edited header fails every tag; an archive cut at a chunk boundary ends on a chunk sealed as
"not final", and data appended after the last chunk makes that chunk "not final" too. The reader therefore
decrypts one chunk ahead and only trusts the end of the stream once a chunk sealed as final is the last one.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"LAPAKENC"
VERSION = 1
CHUNK_SIZE = 1 << 20
SALT_BYTES = 16
PREFIX_BYTES = 8
CHECK_BYTES = 16
TAG_BYTES = 16
HEADER_BYTES = len(MAGIC) + 1 + 4 + SALT_BYTES + PREFIX_BYTES + CHECK_BYTES
MAX_CHUNKS = 1 << 32  # the counter's room: 4 PiB at 1 MiB chunks
_CHUNK_SIZE_LIMITS = (1 << 10, 1 << 26)  # a header asking for more memory than 64 MiB a chunk is refused
_INFO = b"lapak-backup-v1"


class SealedArchiveError(Exception):
    """A sealed archive that cannot be opened; the message says why (shown to the operator as is)."""


class MissingKey(SealedArchiveError):
    def __init__(self) -> None:
        super().__init__(
            "Arsip cadangan ini terenkripsi; setel LAPAK_BACKUP_KEY dengan kunci yang dipakai saat "
            "arsip dibuat."
        )


class WrongKey(SealedArchiveError):
    def __init__(self) -> None:
        super().__init__("LAPAK_BACKUP_KEY tidak cocok dengan kunci arsip cadangan ini.")


class Damaged(SealedArchiveError):
    def __init__(self, chunk: int) -> None:
        super().__init__(
            f"Arsip cadangan terenkripsi rusak, terpotong atau telah diubah "
            f"(blok {chunk} gagal diautentikasi)."
        )


class Truncated(SealedArchiveError):
    def __init__(self) -> None:
        super().__init__("Arsip cadangan terenkripsi terpotong: bagian akhirnya hilang.")


class UnknownVersion(SealedArchiveError):
    def __init__(self, version: int) -> None:
        super().__init__(f"Versi enkripsi arsip cadangan {version} tidak dikenal.")


def is_sealed(path: Path) -> bool:
    """Whether the file starts with the sealed-archive magic (a plain tar archive never does)."""
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _derive(key_material: str, salt: bytes) -> tuple[AESGCM, bytes]:
    """The archive's cipher and key check, both derived from the key material and the archive's salt."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32 + CHECK_BYTES, salt=salt, info=_INFO)
    derived = hkdf.derive(key_material.encode())
    return AESGCM(derived[:32]), derived[32:]


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + index.to_bytes(4, "big")


def _flag(final: bool) -> bytes:
    return b"\x01" if final else b"\x00"


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    """``size`` bytes, fewer only at the end of the stream (a pipe may answer in pieces)."""
    parts = []
    remaining = size
    while remaining:
        part = source.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


class SealingWriter:
    """A write-only stream that seals what it is given into ``sink``; ``close`` writes the final chunk."""

    def __init__(self, sink: BinaryIO, key_material: str, *, chunk_size: int = CHUNK_SIZE) -> None:
        salt, self._prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
        self._cipher, check = _derive(key_material, salt)
        self._header = MAGIC + bytes([VERSION]) + chunk_size.to_bytes(4, "big") + salt + self._prefix + check
        self._sink = sink
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._index = 0
        self.closed = False
        sink.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        # Keep a full chunk back: only close() knows which chunk is the last.
        while len(self._buffer) > self._chunk_size:
            self._seal(bytes(self._buffer[: self._chunk_size]), final=False)
            del self._buffer[: self._chunk_size]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
            self.closed = True

    def _seal(self, plain: bytes, *, final: bool) -> None:
        if self._index >= MAX_CHUNKS:
            raise SealedArchiveError("Arsip cadangan terlalu besar untuk satu kunci enkripsi.")
        nonce = _nonce(self._prefix, self._index)
        self._sink.write(self._cipher.encrypt(nonce, plain, self._header + _flag(final)))
        self._index += 1


class OpeningReader:
    """A read-only stream of the plaintext of a sealed archive, checked chunk by chunk as it is read.

    Raises ``MissingKey`` or ``WrongKey`` on creation, ``Damaged`` or ``Truncated`` while reading.
    ``read_to_end`` reads and checks whatever the consumer left unread, proving the archive is whole.
    """

    def __init__(self, source: BinaryIO, key_material: str) -> None:
        header = _read_exactly(source, HEADER_BYTES)
        if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
            raise Truncated() if header.startswith(MAGIC) else SealedArchiveError("Bukan arsip terenkripsi.")
        if header[len(MAGIC)] != VERSION:
            raise UnknownVersion(header[len(MAGIC)])
        fields = header[len(MAGIC) + 1 :]
        chunk_size = int.from_bytes(fields[:4], "big")
        salt = fields[4 : 4 + SALT_BYTES]
        self._prefix = fields[4 + SALT_BYTES : 4 + SALT_BYTES + PREFIX_BYTES]
        stored_check = fields[4 + SALT_BYTES + PREFIX_BYTES :]
        if not _CHUNK_SIZE_LIMITS[0] <= chunk_size <= _CHUNK_SIZE_LIMITS[1]:
            raise Damaged(0)
        if not key_material:
            raise MissingKey()
        self._cipher, check = _derive(key_material, salt)
        if not hmac.compare_digest(check, stored_check):
            raise WrongKey()
        self._header = header
        self._source = source
        self._sealed_size = chunk_size + TAG_BYTES
        self._ahead = _read_exactly(source, self._sealed_size)
        self._index = 0
        self._plain = b""
        self._offset = 0
        self.finished = False

    def read(self, size: int = -1) -> bytes:
        wanted = size if size >= 0 else float("inf")
        out = bytearray()
        while len(out) < wanted:
            if self._offset >= len(self._plain):
                if not self._open_next():
                    break
                continue
            take = int(min(wanted - len(out), len(self._plain) - self._offset))
            out += self._plain[self._offset : self._offset + take]
            self._offset += take
        return bytes(out)

    def read_to_end(self) -> None:
        """Check every chunk not read yet, up to the one sealed as final."""
        self._plain, self._offset = b"", 0
        while self._open_next():
            pass

    def _open_next(self) -> bool:
        if self.finished:
            return False
        sealed = self._ahead
        self._ahead = _read_exactly(self._source, self._sealed_size)
        final = not self._ahead
        nonce = _nonce(self._prefix, self._index)
        try:
            self._plain = self._cipher.decrypt(nonce, sealed, self._header + _flag(final))
        except InvalidTag:
            raise self._failure(sealed, nonce, final=final) from None
        self._offset = 0
        self._index += 1
        self.finished = final
        return True

    def _failure(self, sealed: bytes, nonce: bytes, *, final: bool) -> SealedArchiveError:
        """Truncated when the last chunk there is a whole chunk sealed as "not final", else damaged."""
        if not sealed:
            return Truncated()
        if final:
            try:
                self._cipher.decrypt(nonce, sealed, self._header + _flag(False))
            except InvalidTag:
                return Damaged(self._index)
            return Truncated()
        return Damaged(self._index)
