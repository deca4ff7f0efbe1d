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
