"""An optional boundary GeoJSON of the kab/kota, supplied by the deployer (``LAPAK_BOUNDARY_GEOJSON``,
see docs/insights-map.md), for a true map beside the tile grid.

Features are matched by their ``kode`` property: the Kemendagri code of the kab/kota, written ``35.27``
or ``3527`` (``KODE``, ``kode_kemendagri`` and ``ADM2_PCODE`` such as ``ID3527`` are read too). The file
is read once per change of its modification time, and served with ``kode`` rewritten to the dotted form
the dashboard uses; features without a usable code are left out.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

CODE_PROPERTIES = ("kode", "KODE", "kode_kemendagri", "ADM2_PCODE")


class BoundaryError(Exception):
    """The configured file cannot be used (the message says why, in Indonesian)."""


def boundary_path() -> Path | None:
    value = getattr(settings, "LAPAK_BOUNDARY_GEOJSON", "") or ""
    return Path(value) if value else None


def normalise_code(value: object) -> str | None:
    """``3527``, ``35.27`` or ``ID3527`` → ``35.27``; a kecamatan ``352701`` → ``35.27.01``."""
    digits = re.sub(r"\D", "", str(value or ""))
    if len(digits) == 4:
        return f"{digits[:2]}.{digits[2:]}"
    if len(digits) == 6:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:]}"
    return None


def boundary_geojson() -> bytes | None:
    """The normalised GeoJSON, or ``None`` when no file is configured; ``BoundaryError`` when unusable."""
    path = boundary_path()
    if path is None:
        return None
    try:
        mtime = path.stat().st_mtime
    except OSError as error:
        raise BoundaryError(_("Berkas batas wilayah %(path)s tidak bisa dibuka.") % {"path": path}) from error
    return _load(str(path), mtime)


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> bytes:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BoundaryError(_("Berkas batas wilayah bukan GeoJSON yang sah: %(e)s") % {"e": error}) from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError(_("Berkas batas wilayah harus sebuah FeatureCollection GeoJSON."))
    features = []
    for feature in data.get("features") or []:
        properties = feature.get("properties") or {}
        code = next((normalise_code(properties[k]) for k in CODE_PROPERTIES if properties.get(k)), None)
        if code is not None:
            feature["properties"] = {**properties, "kode": code}
            features.append(feature)
    if not features:
        raise BoundaryError(_("Tidak ada fitur dengan properti 'kode' (kode Kemendagri kab/kota)."))
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()
