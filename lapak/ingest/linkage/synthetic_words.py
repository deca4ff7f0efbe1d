"""Word lists of the synthetic linkage data.

People and place words come from ``lapak.core.wordlists``, shared with the demo data; the tables here use
plain sector strings because ``lapak.registry.demo.words`` imports the Django models, and the linkage
package and its benchmark must run without Django settings. Shares follow the demo brief, not an
official statistic.
"""

from __future__ import annotations

from lapak.core.wordlists import (  # noqa: F401  (re-exported for the generator)
    DUSUN,
    DUSUN_MADURA,
    MADURA_MEN,
    MADURA_MEN_2,
    MADURA_WOMEN,
    MADURA_WOMEN_2,
    MEN,
    MEN_2,
    ORNAMENTS,
    PHONE_PREFIXES,
    STREETS,
    WOMEN,
    WOMEN_2,
    words,
)

SECTOR_SHARES: dict[str, float] = {
    "pangan": 0.35, "fashion": 0.20, "kriya": 0.18, "agro": 0.10, "herbal": 0.05, "dagang": 0.06,
    "jasa": 0.04, "lainnya": 0.02,
}  # fmt: skip
WOMEN_SHARE: dict[str, float] = {
    "pangan": 0.70, "fashion": 0.66, "kriya": 0.50, "agro": 0.35, "herbal": 0.80, "dagang": 0.52,
    "jasa": 0.55, "lainnya": 0.35,
}  # fmt: skip
KABKOTA_WEIGHTS: dict[str, int] = {
    "35.01": 587, "35.02": 950, "35.03": 732, "35.04": 1090, "35.05": 1224, "35.06": 1636, "35.07": 2655,
    "35.08": 1120, "35.09": 2537, "35.10": 1709, "35.11": 777, "35.12": 686, "35.13": 1153, "35.14": 1606,
    "35.15": 2083, "35.16": 1120, "35.17": 1319, "35.18": 1104, "35.19": 745, "35.20": 671, "35.21": 871,
    "35.22": 1302, "35.23": 1199, "35.24": 1345, "35.25": 1312, "35.26": 1061, "35.27": 970, "35.28": 851,
    "35.29": 1125, "35.71": 287, "35.72": 150, "35.73": 844, "35.74": 240, "35.75": 209, "35.76": 133,
    "35.77": 196, "35.78": 2875, "35.79": 214,
}  # fmt: skip
MADURA = frozenset({"35.26", "35.27", "35.28", "35.29"})
MADURESE_SHARE: dict[str, float] = {
    **dict.fromkeys(MADURA, 0.85),
    **{"35.08": 0.25, "35.09": 0.45, "35.10": 0.15, "35.11": 0.6, "35.12": 0.6, "35.13": 0.5},
    **{"35.74": 0.4, "35.78": 0.2, "35.14": 0.2, "35.75": 0.2},
}

PRODUCTS: dict[str, tuple[str, ...]] = {
    "pangan": words(
        "Keripik Singkong, Keripik Tempe, Keripik Pisang, Kerupuk Ikan,"
        "Kerupuk Udang, Rengginang, Peyek Kacang, Kerupuk Samiler,"
        "Opak Gambir, Kue Kering, Roti Manis, Bolu Kukus, Kue Lapis,"
        "Jajanan Pasar, Jenang, Dodol, Sambal Bawang, Bumbu Pecel,"
        "Petis Udang, Abon Ikan, Bandeng Presto, Kopi Bubuk, Kopi Robusta,"
        "Teh Rosela, Tempe, Tahu, Gula Merah, Madumongso,"
        "Frozen Food, Sari Buah, Manisan Buah"
    ),
    "fashion": words(
        "Batik Tulis, Batik Cap, Batik Tulis Sekar Jagad, Batik Kombinasi,"
        "Konveksi, Busana Muslim, Hijab, Mukena, Kaos Sablon,"
        "Seragam Sekolah, Tenun Ikat, Bordir, Sandal, Sepatu Kulit"
    ),
    "kriya": words(
        "Anyaman Pandan, Anyaman Bambu, Anyaman Rotan, Anyaman Mendong,"
        "Kerajinan Eceng Gondok, Ukiran Kayu, Topeng Kayu, Mebel Jati,"
        "Furnitur Kayu, Gerabah, Keramik Hias, Kerajinan Kerang,"
        "Kerajinan Kuningan, Tas Kulit, Dompet Kulit, Miniatur Kapal,"
        "Kerajinan Perca, Suvenir"
    ),
    "agro": words(
        "Cabai Rawit, Tomat, Bawang Merah, Jamur Tiram, Buah Naga,"
        "Jeruk Siam, Melon, Tembakau, Ubi Jalar, Kacang Tanah,"
        "Jagung, Tebu, Anggrek"
    ),
    "herbal": words(
        "Jamu Tradisional, Jamu Gendong, Jamu Madura, Beras Kencur,"
        "Kunyit Asam, Temulawak Instan, Minyak Kayu Putih, Minyak Atsiri,"
        "Lulur Tradisional, Sabun Herbal, Bedak Dingin, Serbuk Jahe Merah"
    ),
    "dagang": words(
        "Toko Kelontong, Toko Sembako, Toko Oleh-Oleh, Grosir Kopi dan Gula,"
        "Toko Pakaian, Toko Jilbab, Toko Batik, Toko Online"
    ),
    "jasa": words("Warung Makan, Depot, Kedai Kopi, Katering, Sablon dan Percetakan"),
    "lainnya": words("Pupuk Organik, Pakan Ternak, Sabun Cuci, Tali Tambang, Alat Dapur"),
}


# Products made by whole villages (sentra): dozens of makers in one desa whose names differ only in the
# owner's or brand word. The kecamatan-wide ones (bags in Tanggulangin) spread over every desa around.
SENTRA_DESA: tuple[tuple[str, str], ...] = (
    ("pangan", "Keripik Tempe"), ("pangan", "Keripik Tempe"), ("pangan", "Kerupuk Ikan"),
    ("pangan", "Keripik Singkong"), ("pangan", "Kerupuk Udang"), ("pangan", "Tahu"), ("pangan", "Kue Kering"),
    ("pangan", "Keripik Pisang"), ("fashion", "Batik Tulis"), ("fashion", "Konveksi"),
    ("kriya", "Anyaman Bambu"), ("kriya", "Gerabah"), ("herbal", "Jamu Tradisional"),
)  # fmt: skip
SENTRA_KECAMATAN: tuple[tuple[str, str], ...] = (
    ("kriya", "Tas Kulit"), ("fashion", "Sepatu Kulit"), ("fashion", "Batik Tulis"), ("kriya", "Mebel Jati"),
)  # fmt: skip
# Products one letter or one word away from another product: "keripik" chips are not "kerupuk" crackers.
CONFUSERS: dict[str, str] = {
    "Keripik Tempe": "Kerupuk Tempe", "Kerupuk Ikan": "Keripik Ikan", "Keripik Singkong": "Kerupuk Singkong",
    "Kerupuk Udang": "Keripik Udang", "Keripik Pisang": "Kerupuk Pisang", "Tahu": "Tahu Takwa",
    "Kue Kering": "Kue Basah", "Batik Tulis": "Batik Cap", "Tas Kulit": "Dompet Kulit",
    "Sepatu Kulit": "Sandal Kulit", "Jamu Tradisional": "Jamu Gendong",
}  # fmt: skip
LEGAL_PREFIXES = ("UD", "UD.", "CV", "CV.", "Usaha", "Home Industri", "Toko", "U.D.")
WOMEN_CALLS = ("Bu", "Bu", "Bu", "Ibu", "Mbak", "Mak")
MEN_CALLS = ("Pak", "Pak", "Pak", "Bapak", "Cak", "Mas")
TITLES = (", S.Pd", ", S.E.", " S.Pd.", ", S.Ag", ", A.Md", ", S.Kom")
SHOP_SUFFIXES = ("Official", "Store", "Shop", "Olshop", "Snack")
# More given names than the demo lists, so that a million synthetic owners are not unrealistically often
# namesakes: in a kecamatan, two shoe makers called "Yayuk Ningsih" would be a rare coincidence.
WOMEN_EXTRA = words(
    "Aisyah, Atik, Binti, Cicik, Darmi, Erna, Evi, Farida, Gita, Hartatik, Iin, Juwita, Karsini, Kasiati,"
    "Lasmi, Lestari, Marni, Mujiati, Murni, Ngatini, Nining, Painem, Parmi, Poniyem, Rahayu, Rohmah,"
    "Sarmi, Sri Wahyuni, Suci, Sukarti, Suliyah, Sumini, Sunarti, Supini, Tatik, Titik, Tumini, Uswatun,"
    "Warsini, Wiwik, Yati, Yuliani, Zulaikha"
)
MEN_EXTRA = words(
    "Achmad, Adi, Agung, Anang, Bagus, Darto, Edi, Feri, Ghofur, Hendro, Ilham, Jumadi, Karno, Kasmuri,"
    "Lukman, Marsono, Miftah, Nanang, Paidi, Parto, Purwanto, Rohman, Sarjono, Sidik, Sugiono, Sukirno,"
    "Sunaryo, Supriyadi, Suwito, Tarno, Toni, Untung, Warsito, Yanto, Zainal"
)
