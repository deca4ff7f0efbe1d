"""A tile-grid cartogram of Jawa Timur's 38 kab/kota: one equal square per kab/kota, laid out by hand to
follow the map roughly (west to east in columns, north to south in rows; Madura along the top right).
Needs no geometry. Keys are Kemendagri codes; the kind (kabupaten or kota) comes from the region table.

Rough layout (10 columns x 5 rows; Kt = kota, Prb = Probolinggo, Bwi = Banyuwangi)::

        0        1          2          3         4         5          6          7          8          9
    0                       Tuban      Lamongan  Gresik              Bangkalan  Sampang    Pamekasan  Sumenep
    1            Ngawi      Bojonegoro Jombang   Kt Mjkrt  Surabaya
    2   Magetan  Kt Madiun  Madiun     Nganjuk   Mojokerto Sidoarjo  Kt Psrn    Kt Prblg   Situbondo
    3            Ponorogo   Kt Kediri  Kediri    Batu      Kt Malang Pasuruan   Prb        Bondowoso Bwi
    4            Pacitan    Trenggalek Tulungagung Kt Blitar Blitar  Malang     Lumajang   Jember
"""

from __future__ import annotations

# code: (column, row, short label)
TILES: dict[str, tuple[int, int, str]] = {
    "35.23": (2, 0, "Tuban"), "35.24": (3, 0, "Lamongan"), "35.25": (4, 0, "Gresik"),
    "35.26": (6, 0, "Bangkalan"), "35.27": (7, 0, "Sampang"), "35.28": (8, 0, "Pamekasan"),
    "35.29": (9, 0, "Sumenep"),
    "35.21": (1, 1, "Ngawi"), "35.22": (2, 1, "Bojonegoro"), "35.17": (3, 1, "Jombang"),
    "35.76": (4, 1, "Kt Mojokerto"), "35.78": (5, 1, "Surabaya"),
    "35.20": (0, 2, "Magetan"), "35.77": (1, 2, "Kt Madiun"), "35.19": (2, 2, "Madiun"),
    "35.18": (3, 2, "Nganjuk"), "35.16": (4, 2, "Mojokerto"), "35.15": (5, 2, "Sidoarjo"),
    "35.75": (6, 2, "Kt Pasuruan"), "35.74": (7, 2, "Kt Probolinggo"), "35.12": (8, 2, "Situbondo"),
    "35.02": (1, 3, "Ponorogo"), "35.71": (2, 3, "Kt Kediri"), "35.06": (3, 3, "Kediri"),
    "35.79": (4, 3, "Batu"), "35.73": (5, 3, "Kt Malang"), "35.14": (6, 3, "Pasuruan"),
    "35.13": (7, 3, "Probolinggo"), "35.11": (8, 3, "Bondowoso"), "35.10": (9, 3, "Banyuwangi"),
    "35.01": (1, 4, "Pacitan"), "35.03": (2, 4, "Trenggalek"), "35.04": (3, 4, "Tulungagung"),
    "35.72": (4, 4, "Kt Blitar"), "35.05": (5, 4, "Blitar"), "35.07": (6, 4, "Malang"),
    "35.08": (7, 4, "Lumajang"), "35.09": (8, 4, "Jember"),
}  # fmt: skip
COLUMNS = 1 + max(col for col, _row, _label in TILES.values())
ROWS = 1 + max(row for _col, row, _label in TILES.values())


def tile(code: str) -> tuple[int, int, str] | None:
    return TILES.get(code)
