from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapak.core.uploads import validate_document_scan


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_it_accepts_a_pdf_and_a_real_image() -> None:
    validate_document_scan(SimpleUploadedFile("nib.pdf", b"%PDF-1.7\n..."))
    validate_document_scan(SimpleUploadedFile("nib.png", png_bytes()))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("nib.docx", b"PK\x03\x04", "type"),
        ("nib.pdf", b"<html>not a pdf</html>", "content"),
        ("nib.png", b"%PDF-1.4 renamed", "content"),
        ("tanpa-ekstensi", b"%PDF-1.4", "type"),
    ],
)
def test_it_refuses_wrong_types_by_content(name: str, content: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_document_scan(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_it_refuses_files_over_the_limit(settings) -> None:
    settings.LAPAK_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        validate_document_scan(SimpleUploadedFile("nib.pdf", b"%PDF-1.4" + b"0" * 20))
    assert error.value.code == "too_large"
    assert "terlalu besar" in error.value.messages[0]


def test_an_image_scan_is_stored_re_encoded_without_its_exif() -> None:
    from lapak.core.uploads import document_scan_clean

    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Kamera Pemilik"  # Make
    Image.new("RGB", (40, 30), "white").save(buffer, format="JPEG", exif=exif)
    original = buffer.getvalue() + b"<script>alert(1)</script>"  # bytes after the image end
    cleaned = document_scan_clean(SimpleUploadedFile("ktp.jpg", original))
    stored = cleaned.read()
    assert b"Kamera Pemilik" not in stored and b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (40, 30) and not image.getexif()


def test_a_pdf_scan_is_kept_as_sent() -> None:
    from lapak.core.uploads import document_scan_clean

    upload = SimpleUploadedFile("nib.pdf", b"%PDF-1.7\n...")
    assert document_scan_clean(upload) is upload


def test_an_image_with_too_many_pixels_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from lapak.core import uploads

    monkeypatch.setattr(uploads, "MAX_SCAN_PIXELS", 100)
    with pytest.raises(ValidationError) as error:
        uploads.document_scan_clean(SimpleUploadedFile("nib.png", _png(20, 20)))
    assert error.value.code == "pixels"


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()
