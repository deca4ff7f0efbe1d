"""Photo processing: content checks, EXIF (GPS) removal, upright orientation, resize and thumbnail."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from lapak.catalog.photos import (
    PHOTO_MAX_EDGE,
    THUMBNAIL_EDGE,
    photo_inspect,
    photo_process,
)
from lapak.catalog.tests.conftest import GPS_IFD, image_bytes


def process(data: bytes):
    return photo_process(io.BytesIO(data), size=len(data))


def test_it_removes_exif_and_the_gps_position() -> None:
    data = image_bytes(900, 900, gps=True)
    assert GPS_IFD in Image.open(io.BytesIO(data)).getexif()
    photo = process(data)
    for blob in (photo.image, photo.thumbnail):
        out = Image.open(io.BytesIO(blob))
        assert out.format == "JPEG"
        assert dict(out.getexif()) == {}
        assert "exif" not in out.info and b"Exif" not in blob


def test_it_resizes_to_the_maximum_edge_and_makes_a_square_thumbnail() -> None:
    photo = process(image_bytes(4000, 3000))
    assert (photo.width, photo.height) == (PHOTO_MAX_EDGE, 1200)
    assert (photo.original_width, photo.original_height) == (4000, 3000)
    assert Image.open(io.BytesIO(photo.thumbnail)).size == (THUMBNAIL_EDGE, THUMBNAIL_EDGE)
    assert Image.open(io.BytesIO(photo.image)).size == (PHOTO_MAX_EDGE, 1200)


def test_it_keeps_a_small_enough_photo_at_its_size_and_turns_it_upright() -> None:
    photo = process(image_bytes(800, 600, orientation=6))  # taken with the phone on its side
    assert (photo.width, photo.height) == (600, 800)


def test_it_puts_a_transparent_png_on_white() -> None:
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    photo = process(buffer.getvalue())
    assert Image.open(io.BytesIO(photo.image)).convert("RGB").getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "empty", "kosong"),
        (b"%PDF-1.4 not a photo", "content", "bukan foto"),
        (b"GIF89a" + b"\x00" * 100, "content", "bukan foto"),
        (image_bytes(400, 900), "too_small", "terlalu kecil (400 x 900 piksel)"),
        (image_bytes(600, 600, kind="GIF"), "content", "bukan foto"),
        (image_bytes(900, 900)[:300], "content", "bukan foto"),
    ],
    ids=["zero-bytes", "pdf", "gif-header", "too-small", "gif", "truncated"],
)
def test_it_refuses_bad_uploads_with_a_clear_message(data: bytes, code: str, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        process(data)
    assert error.value.code == code
    assert words in error.value.messages[0]


def test_it_refuses_a_photo_over_the_size_limit(settings) -> None:
    settings.LAPAK_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        process(image_bytes(900, 900))
    assert error.value.code == "too_large" and "terlalu besar" in error.value.messages[0]


def test_the_quick_inspection_reads_only_the_header() -> None:
    data = image_bytes(1200, 700)
    assert photo_inspect(io.BytesIO(data), size=len(data)) == (1200, 700)
    with pytest.raises(ValidationError):
        photo_inspect(io.BytesIO(image_bytes(499, 800)), size=100)
