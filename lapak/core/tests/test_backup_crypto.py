"""The sealed-archive stream: what goes in comes out, and any change to the sealed bytes is refused."""

from __future__ import annotations

import io
import os

import pytest

from lapak.core.backup_crypto import (
    HEADER_BYTES,
    MAGIC,
    TAG_BYTES,
    Damaged,
    MissingKey,
    OpeningReader,
    SealingWriter,
    Truncated,
    UnknownVersion,
    WrongKey,
)

KEY = "k7Vq2-test-backup-key-0123456789abcdef"
CHUNK = 1024
SEALED_CHUNK = CHUNK + TAG_BYTES


def _seal(plain: bytes, *, pieces: int = 7) -> bytes:
    sink = io.BytesIO()
    writer = SealingWriter(sink, KEY, chunk_size=CHUNK)
    step = max(1, len(plain) // pieces)
    for start in range(0, len(plain), step):
        writer.write(plain[start : start + step])
    writer.close()
    return sink.getvalue()


def _open(sealed: bytes, key: str = KEY, *, read_size: int = 500) -> bytes:
    reader = OpeningReader(io.BytesIO(sealed), key)
    parts = []
    while part := reader.read(read_size):
        parts.append(part)
    assert reader.finished
    return b"".join(parts)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 333])
def test_it_opens_what_it_sealed(size: int) -> None:
    plain = os.urandom(size)

    sealed = _seal(plain)

    assert sealed.startswith(MAGIC)
    assert _open(sealed) == plain
    assert len(sealed) == HEADER_BYTES + size + TAG_BYTES * max(1, -(-size // CHUNK))


def test_it_hides_the_plaintext_and_differs_every_time() -> None:
    plain = b"NIK 3527014507850001 Siti Aminah " * 200

    first, second = _seal(plain), _seal(plain)

    assert b"3527014507850001" not in first
    assert b"Siti Aminah" not in first
    assert first[HEADER_BYTES:] != second[HEADER_BYTES:]  # fresh salt, fresh key


def test_a_wrong_or_missing_key_is_refused_before_reading() -> None:
    sealed = _seal(b"data" * 1000)

    with pytest.raises(WrongKey):
        OpeningReader(io.BytesIO(sealed), KEY + "x")
    with pytest.raises(MissingKey):
        OpeningReader(io.BytesIO(sealed), "")


@pytest.mark.parametrize("position", [HEADER_BYTES, HEADER_BYTES + SEALED_CHUNK + 10, -1])
def test_a_flipped_byte_in_any_chunk_is_refused(position: int) -> None:
    sealed = bytearray(_seal(os.urandom(3 * CHUNK + 50)))
    sealed[position] ^= 0x01

    with pytest.raises(Damaged):
        _open(bytes(sealed))


def test_a_changed_header_is_refused() -> None:
    sealed = bytearray(_seal(os.urandom(2 * CHUNK)))
    sealed[HEADER_BYTES - 20] ^= 0x01  # the nonce prefix: not covered by the key check, only by the tags

    with pytest.raises(Damaged):
        _open(bytes(sealed))


def test_an_unknown_version_is_refused() -> None:
    sealed = bytearray(_seal(b"x"))
    sealed[len(MAGIC)] = 9

    with pytest.raises(UnknownVersion):
        OpeningReader(io.BytesIO(bytes(sealed)), KEY)


def test_an_archive_cut_at_a_chunk_boundary_is_refused_as_truncated() -> None:
    sealed = _seal(os.urandom(3 * CHUNK + 50))

    with pytest.raises(Truncated):
        _open(sealed[: HEADER_BYTES + 2 * SEALED_CHUNK])
    with pytest.raises(Truncated):
        _open(sealed[:HEADER_BYTES])


def test_an_archive_cut_inside_a_chunk_is_refused() -> None:
    sealed = _seal(os.urandom(3 * CHUNK + 50))

    with pytest.raises(Damaged):
        _open(sealed[:-5])


def test_reordered_dropped_or_appended_chunks_are_refused() -> None:
    sealed = _seal(os.urandom(4 * CHUNK + 50))
    header = sealed[:HEADER_BYTES]
    chunks = [sealed[i : i + SEALED_CHUNK] for i in range(HEADER_BYTES, len(sealed), SEALED_CHUNK)]

    swapped = header + chunks[1] + chunks[0] + b"".join(chunks[2:])
    dropped = header + chunks[0] + b"".join(chunks[2:])
    appended = sealed + chunks[-1]

    for changed in (swapped, dropped, appended):
        with pytest.raises(Damaged):
            _open(changed)


def test_read_to_end_checks_what_the_consumer_left_unread() -> None:
    sealed = bytearray(_seal(os.urandom(3 * CHUNK)))
    sealed[-1] ^= 0x01
    reader = OpeningReader(io.BytesIO(bytes(sealed)), KEY)

    assert len(reader.read(100)) == 100  # the first chunk is sound
    with pytest.raises(Damaged):
        reader.read_to_end()
