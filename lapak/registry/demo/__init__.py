"""Deterministic demo businesses of Jawa Timur, for the demo database, later features and benchmarks.

``generate_businesses`` streams batches of plain ``DemoBusiness`` records (no database writes, same seed →
same records); ``businesses_insert`` loads them set-based: ``COPY`` on PostgreSQL, ``executemany`` on
SQLite. Shares follow the brief for the demo (about 60% women-owned, 95% mikro, partial and sometimes
wrong legality), not any official statistic. Kab/kota weights are rounded SP2020 populations (thousands).

Modules: ``words`` (word lists and weight tables), ``documents`` (legality documents), ``generator``
(businesses), ``loader`` (the database insert).
"""

from .documents import AS_OF, DemoDocument
from .generator import DemoBusiness, generate_businesses
from .loader import businesses_insert
from .words import KABKOTA_WEIGHTS, SECTOR_SHARES, WOMEN_SHARE

__all__ = [
    "AS_OF",
    "KABKOTA_WEIGHTS",
    "SECTOR_SHARES",
    "WOMEN_SHARE",
    "DemoBusiness",
    "DemoDocument",
    "businesses_insert",
    "generate_businesses",
]
