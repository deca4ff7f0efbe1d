"""Demo sources: the agency lists a province starts with, so the import page can be tried at once.

Two sample files ship as static files (``ingest/contoh-daftar-dinkop.csv``: a messy Dinas list with a
title, a "No." column, a JUMLAH row, a NIK in scientific notation and some bad rows;
``ingest/contoh-daftar-galeri.csv``: a Galeri list in Windows-1252 naming some of the same businesses).
"""

from lapak.ingest.models import Source, SourceKind

DEMO_SOURCES = (
    ("dinkop-2026", "Dinas Koperasi dan UKM — UMKM binaan 2026", SourceKind.DINKOP),
    ("disperindag-ikm-2026", "Disperindag — daftar IKM 2026", SourceKind.DISPERINDAG),
    ("dekranasda-perajin", "Dekranasda — perajin binaan", SourceKind.DEKRANASDA),
    ("galeri-umkm", "Galeri UMKM Jawa Timur — peserta pameran", SourceKind.GALERI),
)


def demo_sources_create(province_code: str = "35") -> int:
    """Create the demo sources that do not exist yet; returns how many were created."""
    created = 0
    for code, name, kind in DEMO_SOURCES:
        _, made = Source.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "region_id": province_code}
        )
        created += made
    return created
