"""The fields an import fills and the header variants agencies use for them.

A mapping is ``{field key: column title}``, stored per source as its profile. ``suggest_mapping`` proposes
one from a file's header; the user adjusts it on the mapping page.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TargetField:
    key: str
    label: str | Promise
    aliases: tuple[str, ...]
    required: bool = False


TARGET_FIELDS: tuple[TargetField, ...] = (
    TargetField("source_id", _("ID di daftar sumber"), ("id", "id umkm", "kode umkm", "no registrasi",
                "nomor registrasi", "no reg", "id pelaku usaha", "kode")),
    TargetField("name", _("Nama usaha"), ("nama usaha", "nama umkm", "nama ikm", "nama ukm", "nama toko",
                "nama perusahaan", "usaha", "nama unit usaha", "nama pelaku usaha umkm", "nama badan usaha",
                "nama usaha/merek", "nama koperasi", "nama penjual", "nama gerai"), required=True),
    TargetField("brand", _("Merek dagang"), ("merek", "merk", "merek dagang", "brand", "nama merek")),
    TargetField("owner_name", _("Nama pemilik"), ("nama pemilik", "pemilik", "nama pelaku usaha",
                "nama pelaku", "nama", "nama pengusaha", "penanggung jawab", "nama perajin", "nama pengrajin",
                "nama lengkap", "pemilik usaha")),
    TargetField("owner_sex", _("Jenis kelamin"), ("jenis kelamin", "jk", "l/p", "gender", "kelamin",
                "jenis kelamin pemilik")),
    TargetField("nik", _("NIK pemilik"), ("nik", "nik pemilik", "no ktp", "nomor ktp", "no. ktp", "ktp",
                "nomor induk kependudukan")),
    TargetField("nib", _("NIB"), ("nib", "nomor induk berusaha", "no nib", "nomor nib")),
    TargetField("phone", _("Telepon/WA"), ("no hp", "no hp/wa", "no. hp", "hp", "telepon", "telp",
                "no telp", "no. telp", "nomor hp", "no wa", "whatsapp", "wa", "kontak", "no hp / wa",
                "hp/wa", "telepon/hp", "nomor telepon", "no telepon")),
    TargetField("email", _("Email"), ("email", "e-mail", "surel", "alamat email")),
    TargetField("address", _("Alamat"), ("alamat", "alamat usaha", "alamat lengkap", "jalan", "alamat rumah",
                "alamat tempat usaha", "dusun/jalan")),
    TargetField("desa", _("Desa/kelurahan"), ("desa", "desa/kel", "desa/kelurahan", "kelurahan", "kel/desa",
                "desa / kelurahan", "kel", "ds/kel", "alamat desa/kel", "alamat desa")),
    TargetField("kecamatan", _("Kecamatan"), ("kecamatan", "kec", "kec.", "alamat kecamatan")),
    TargetField("kabkota", _("Kabupaten/kota"), ("kabupaten/kota", "kab/kota", "kabupaten", "kota",
                "kab", "kab.", "kabupaten / kota", "kota/kabupaten", "daerah", "alamat kab/kota"),
                required=True),
    TargetField("sector", _("Sektor/jenis usaha"), ("sektor", "jenis usaha", "bidang usaha", "sektor usaha",
                "kategori", "kategori usaha", "bidang", "jenis", "komoditas", "kelompok usaha")),
    TargetField("products", _("Produk"), ("produk", "jenis produk", "nama produk", "produk unggulan",
                "komoditi", "hasil produksi", "produk yang dihasilkan")),
    TargetField("kbli_code", _("KBLI"), ("kbli", "kode kbli")),
    TargetField("annual_sales", _("Omzet per tahun (Rp)"), ("omzet", "omset", "omzet per tahun",
                "omset per tahun", "omzet/tahun", "omset/tahun", "omzet tahunan", "penjualan per tahun")),
    TargetField("employees", _("Tenaga kerja"), ("tenaga kerja", "jumlah tenaga kerja", "jml tenaga kerja",
                "tk", "jumlah karyawan", "karyawan", "jumlah tk")),
    TargetField("founded_year", _("Tahun berdiri"), ("tahun berdiri", "tahun mulai usaha", "berdiri sejak",
                "tahun mulai", "th berdiri", "tahun")),
    TargetField("shop_url", _("Toko online"), ("toko online", "link toko", "marketplace", "url toko",
                "link marketplace", "alamat toko online")),
)  # fmt: skip

FIELDS_BY_KEY: dict[str, TargetField] = {field.key: field for field in TARGET_FIELDS}
REQUIRED_KEYS: tuple[str, ...] = tuple(field.key for field in TARGET_FIELDS if field.required)

_NOT_WORD = re.compile(r"[^a-z0-9/]+")


def header_key(title: str) -> str:
    """A column title reduced to compare with aliases: lower case, punctuation to spaces, spaced slashes."""
    text = _NOT_WORD.sub(" ", title.lower().replace("\n", " "))
    text = re.sub(r"\s*/\s*", "/", text)
    return " ".join(text.split())


_ALIASES: dict[str, str] = {
    header_key(alias): field.key for field in TARGET_FIELDS for alias in (*field.aliases, str(field.label))
}


def suggest_mapping(columns: list[str], *, profile: dict[str, str] | None = None) -> dict[str, str]:
    """``{field key: column title}`` for a file's header.

    A saved profile wins where its titles are present in this file; the remaining fields take the first
    column whose title is a known variant, first by exact alias and then by an alias the title starts
    with ("Nama Pemilik (sesuai KTP)"). A column is used for one field only.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for key, column in (profile or {}).items():
        if key in FIELDS_BY_KEY and column in columns and column not in taken:
            mapping[key] = column
            taken.add(column)
    for exact in (True, False):
        for column in columns:
            if column in taken:
                continue
            found = _field_for(header_key(column), exact=exact)
            if found and found not in mapping:
                mapping[found] = column
                taken.add(column)
    return {field.key: mapping[field.key] for field in TARGET_FIELDS if field.key in mapping}


def _field_for(title: str, *, exact: bool) -> str | None:
    """The field a normalised title names, exactly or as a prefix followed by more words."""
    if exact:
        return _ALIASES.get(title)
    parts = title.split(" ")
    for length in range(len(parts) - 1, 0, -1):
        key = _ALIASES.get(" ".join(parts[:length]))
        if key:
            return key
    return None


def missing_required(mapping: dict[str, str]) -> list[TargetField]:
    """Required fields the mapping leaves unmapped."""
    return [FIELDS_BY_KEY[key] for key in REQUIRED_KEYS if not mapping.get(key)]
