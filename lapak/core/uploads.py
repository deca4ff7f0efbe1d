"""Checks for uploaded files: only PDFs and images, under the size limit, judged by content not name."""

import io
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".webp"}
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SCAN_PIXELS = 60_000_000  # a 600 dpi A3 scan is ~70 M: above this a "scan" is more likely a bomb


def validate_document_scan(upload: UploadedFile) -> None:
    """Refuse a scan that is too large, has the wrong extension, or whose bytes are not a PDF or image."""
    limit = settings.LAPAK_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batas ukuran %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Hanya berkas PDF atau gambar (JPG, PNG, WEBP) yang diterima."), code="type")
    if not _content_is_allowed(upload, is_pdf=extension == ".pdf"):
        raise ValidationError(
            _("Isi berkas bukan PDF atau gambar yang sah. Pindai ulang dokumen lalu unggah lagi."),
            code="content",
        )


def _content_is_allowed(upload: UploadedFile, *, is_pdf: bool) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if is_pdf:
        return head.lstrip().startswith(b"%PDF-")
    try:
        with Image.open(upload) as image:
            image.verify()
            return image.format in IMAGE_FORMATS
    except (UnidentifiedImageError, OSError, SyntaxError):
        return False
    finally:
        upload.seek(0)


def document_scan_clean(upload: UploadedFile) -> Any:
    """The checked upload, ready to store: a PDF as sent, an image decoded and encoded again, which drops
    EXIF (GPS, camera owner) and anything smuggled after or inside the image data."""
    validate_document_scan(upload)
    name = (upload.name or "").lower()
    if name.endswith(".pdf"):
        return upload
    return ContentFile(_image_reencoded(upload), name=name.rsplit("/", 1)[-1])


def _image_reencoded(upload: UploadedFile) -> bytes:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_SCAN_PIXELS:
                raise ValidationError(
                    _(
                        "Gambar terlalu besar (%(w)s x %(h)s piksel). Perkecil resolusi pindaian "
                        "lalu unggah lagi."
                    )
                    % {"w": image.width, "h": image.height},
                    code="pixels",
                )
            kind = image.format or "PNG"
            upright = ImageOps.exif_transpose(image)
            if kind == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            buffer = io.BytesIO()
            upright.save(buffer, format=kind, **({"quality": 90} if kind in ("JPEG", "WEBP") else {}))
            return buffer.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("Isi berkas bukan PDF atau gambar yang sah. Pindai ulang dokumen lalu unggah lagi."),
            code="content",
        ) from error
    finally:
        upload.seek(0)


def files_delete_on_commit(files: Iterable[Any]) -> None:
    """Delete the stored files (empty ones skipped) once the transaction that stopped using them commits."""
    targets = [(file.storage, file.name) for file in files if file and file.name]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in targets])
