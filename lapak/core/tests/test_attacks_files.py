"""The attack pass over every upload field: HTML dressed as an image, an XLSX that is a ZIP bomb, a file
over the size limit and a path-traversal name are refused, change nothing and write no file."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart

from lapak.core.tests.attack_kit import (
    FILE_PAGES,
    Form,
    changed,
    files_under,
    fingerprint,
    undone,
)
from lapak.core.tests.test_attacks_forms import (  # noqa: F401 (private_media is a fixture)
    _forms,
    private_media,
    visit_completion_form,
)
from lapak.core.tests.test_url_permissions import _records

HTML = b"<html><body><script>alert(1)</script></body></html>"
TRAVERSAL = "../../etc/passwd.png"


@functools.cache
def zip_bomb() -> bytes:
    """An .xlsx of a few hundred kilobytes whose one sheet inflates to 200 MB."""
    buffer = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = row * 1000
            for _ in range(200):
                sheet.write(chunk)
    return buffer.getvalue()


def _payloads() -> list[tuple[str, SimpleUploadedFile]]:
    oversized = b"%PDF-1.4\n" + b"0" * settings.LAPAK_UPLOAD_MAX_BYTES
    return [
        ("HTML as .png", SimpleUploadedFile("foto.png", HTML, content_type="image/png")),
        ("HTML as .jpg", SimpleUploadedFile("foto.jpg", HTML, content_type="image/jpeg")),
        ("ZIP bomb .xlsx", SimpleUploadedFile("daftar.xlsx", zip_bomb(), content_type="application/zip")),
        ("oversized", SimpleUploadedFile("besar.pdf", oversized, content_type="application/pdf")),
        ("traversal", SimpleUploadedFile(TRAVERSAL.rsplit("/", 1)[-1], HTML, content_type="image/png")),
    ]


def _post(client: Client, action: str, data: dict[str, Any], what: str) -> Any:
    """Post as multipart. Django's test files keep only the base name, so the traversal name is put into
    the raw body, as a hand-made request would send it."""
    if what != "traversal":
        return client.post(action, data)
    body = encode_multipart(BOUNDARY, data).replace(
        f'filename="{TRAVERSAL.rsplit("/", 1)[-1]}"'.encode(), f'filename="{TRAVERSAL}"'.encode()
    )
    assert TRAVERSAL.encode() in body
    # The test client encodes a dict only for its own MULTIPART_CONTENT object; this string sends the bytes.
    return client.post(action, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def _filled(form: Form) -> dict[str, Any]:
    """The form as shown with its empty choices and texts filled, so only the file can be wrong."""
    data = form.data()
    for item in form.fields:
        if item.kind == "select" and not data.get(item.name):
            data[item.name] = next((option for option in item.options if option), "")
        elif item.kind in ("text", "textarea") and not data.get(item.name):
            data[item.name] = "Uji unggahan"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILE_PAGES)
def test_every_upload_refuses_disguised_and_oversized_files(
    name: str, users: dict, sampang_business: Any, tmp_path: Path
) -> None:
    records = _records(sampang_business, job_owner=users["admin"])
    _role, client, forms = _forms(name, users, records)
    uploads = [form for form in forms if form.named("file")]
    assert uploads, f"{name} shows no upload field any more: take it off FILE_PAGES"
    for form in uploads:
        attack_uploads(client, form, tmp_path)


@pytest.mark.django_db
def test_the_visit_completion_photo_refuses_disguised_and_oversized_files(
    users: dict, sampang_business: Any, tmp_path: Path
) -> None:
    client, form, _records_with_visit = visit_completion_form(users, sampang_business)
    assert form.named("file") == ["photo"]
    attack_uploads(client, form, tmp_path)


def attack_uploads(client: Client, form: Form, media_root: Path) -> None:
    """Every disguised or oversized file in every upload field of ``form``: refused with 4xx, no row
    changed, no file written under MEDIA_ROOT (nor outside it)."""
    outside = media_root.parent.parent / "etc" / "passwd.png"
    for field in form.named("file"):
        for what, upload in _payloads():
            stored = files_under(media_root)
            with undone():
                before = fingerprint()
                response = _post(client, form.action, _filled(form) | {field: upload}, what)
                tables = changed(before, fingerprint())
            status = response.status_code
            assert status >= 400, f"{form.action} {field} {what}: {status}"
            assert not tables, f"{form.action} took {what} in {field} ({status}): {tables}"
            assert files_under(media_root) == stored, f"{form.action} wrote {what} under MEDIA_ROOT"
            assert not outside.exists()
