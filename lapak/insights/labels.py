"""Display names for codes the rollups keep: countries (ISO 3166 alpha-2, in Indonesian) and the
"no channel" key."""

from __future__ import annotations

from django.utils.translation import gettext as _

COUNTRY_NAMES = {
    "ID": "Indonesia", "MY": "Malaysia", "SG": "Singapura", "BN": "Brunei Darussalam", "TH": "Thailand",
    "VN": "Vietnam", "PH": "Filipina", "TL": "Timor Leste", "SA": "Arab Saudi", "AE": "Uni Emirat Arab",
    "QA": "Qatar", "HK": "Hong Kong", "TW": "Taiwan", "CN": "Tiongkok", "JP": "Jepang", "KR": "Korea Selatan",
    "AU": "Australia", "NZ": "Selandia Baru", "NL": "Belanda", "DE": "Jerman", "GB": "Inggris",
    "FR": "Prancis", "US": "Amerika Serikat", "CA": "Kanada", "IN": "India", "TR": "Turki",
}  # fmt: skip


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code) if code else _("Tidak diketahui")


def province_name(name: str) -> str:
    return name or _("Tidak diketahui")


def channel_label(key: int, names: dict[int, str]) -> str:
    if key == 0:
        return _("Tanpa kanal (luring: Galeri, pameran, laporan)")
    return names.get(key, f"#{key}")
