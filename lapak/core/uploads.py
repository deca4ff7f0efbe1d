"""Checks for uploaded files: only PDFs and images, under the size limit, judged by content not name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".webp"}
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


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
