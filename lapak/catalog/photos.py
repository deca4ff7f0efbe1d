"""Product photo processing with Pillow: judge the upload by its content, then re-encode it.

Re-encoding to a fresh JPEG (no EXIF, no other metadata) removes what a phone camera writes into a
photo, including the GPS position of the owner's house. The image is first turned upright from its EXIF
orientation, scaled down to ``PHOTO_MAX_EDGE`` and given a square thumbnail for lists.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_MIN_EDGE = 500
PHOTO_MAX_EDGE = 1600
THUMBNAIL_EDGE = 400
# Refuse images with more pixels than this before decoding them (a small file can unpack to gigabytes).
MAX_PIXELS = 50_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int
    original_width: int
    original_height: int


def photo_check_size(size: int | None) -> None:
    """An empty file or one over the upload limit is refused before it is opened."""
    if not size:
        raise ValidationError(_("Berkas foto kosong (0 byte)."), code="empty")
    limit = settings.LAPAK_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("Foto terlalu besar (%(size)s). Batas ukuran %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def photo_inspect(file: IO[bytes], *, size: int | None) -> tuple[int, int]:
    """The quick checks a form runs on an upload, from its header only: not empty, under the size limit,
    a JPEG, PNG or WEBP, big enough. Returns (width, height); ``photo_process`` decodes it fully."""
    photo_check_size(size)
    file.seek(0)
    try:
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _not_a_photo() from exc
    finally:
        file.seek(0)
    if kind not in FORMATS:
        raise _not_a_photo()
    _check_dimensions(width, height)
    return width, height


def _not_a_photo() -> ValidationError:
    return ValidationError(
        _("Berkas ini bukan foto JPG, PNG atau WEBP yang utuh. Pilih foto lain."), code="content"
    )


def _check_dimensions(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("Resolusi foto terlalu besar. Kecilkan foto lalu unggah lagi."), code="too_many_pixels"
        )
    if min(width, height) < PHOTO_MIN_EDGE:
        raise ValidationError(
            _("Foto terlalu kecil (%(w)s x %(h)s piksel). Minimal %(min)s x %(min)s piksel.")
            % {"w": width, "h": height, "min": PHOTO_MIN_EDGE},
            code="too_small",
        )


def photo_process(file: IO[bytes], *, size: int | None) -> ProcessedPhoto:
    """Check an uploaded photo and return it re-encoded and resized, with its thumbnail."""
    photo_check_size(size)
    image = _open(file)
    original_width, original_height = image.size
    image = _flatten(image)
    large = image.copy()
    large.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE), Image.Resampling.LANCZOS)
    thumbnail = ImageOps.fit(image, (THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        image=_jpeg(large),
        thumbnail=_jpeg(thumbnail),
        width=large.width,
        height=large.height,
        original_width=original_width,
        original_height=original_height,
    )


def _open(file: IO[bytes]) -> Image.Image:
    """Decode the image fully, upright; anything that is not a whole JPEG, PNG or WEBP is refused."""
    file.seek(0)
    try:
        image = Image.open(file)
        if image.format not in FORMATS:
            raise _not_a_photo()
        _check_dimensions(image.width, image.height)
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _not_a_photo() from exc
    finally:
        file.seek(0)
    return upright


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG; a transparent background becomes white rather than black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    """A new JPEG from the pixels only: no EXIF, GPS, XMP or ICC block is written."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
