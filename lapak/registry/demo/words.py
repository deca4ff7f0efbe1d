"""Word lists and weight tables of the demo data, all plain constants.

Kept in Python rather than a data file so the generator needs nothing but imports. Shares follow the brief
for the demo (about 60% women-owned), not any official statistic; kab/kota weights are rounded SP2020
populations (thousands). Products carry a plausible KBLI 2020 kelompok (5 digits) each; names lean
Javanese, and Madurese in Madura and Tapal Kuda.
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
from lapak.registry.models import Sector

SECTOR_SHARES: dict[str, float] = {
    Sector.FOOD: 0.35,
    Sector.FASHION: 0.20,
    Sector.CRAFT: 0.18,
    Sector.AGRI: 0.10,
    Sector.HERBAL: 0.05,
    Sector.TRADE: 0.06,
    Sector.SERVICE: 0.04,
    Sector.OTHER: 0.02,
}
# Chance that the owner is a woman, per sector; weighted by SECTOR_SHARES this is about 60%.
WOMEN_SHARE: dict[str, float] = {
    Sector.FOOD: 0.70,
    Sector.FASHION: 0.66,
    Sector.CRAFT: 0.50,
    Sector.AGRI: 0.35,
    Sector.HERBAL: 0.80,
    Sector.TRADE: 0.52,
    Sector.SERVICE: 0.55,
    Sector.OTHER: 0.35,
}
PLATFORM_WEIGHTS = {"shopee": 35, "tiktok": 20, "tokopedia": 18, "instagram": 15, "lazada": 8, "blibli": 4}
PLATFORM_URLS = {
    "shopee": "https://shopee.co.id/{}",
    "tokopedia": "https://www.tokopedia.com/{}",
    "lazada": "https://www.lazada.co.id/shop/{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "blibli": "https://www.blibli.com/merchant/{}",
    "instagram": "https://www.instagram.com/{}",
}


def _products(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, kbli) for name, kbli in (item.split("=") for item in words(text)))


# Rounded SP2020 population in thousands: the weight of each kab/kota in the demo data.
KABKOTA_WEIGHTS: dict[str, int] = {
    "35.01": 587, "35.02": 950, "35.03": 732, "35.04": 1090, "35.05": 1224, "35.06": 1636, "35.07": 2655,
    "35.08": 1120, "35.09": 2537, "35.10": 1709, "35.11": 777, "35.12": 686, "35.13": 1153, "35.14": 1606,
    "35.15": 2083, "35.16": 1120, "35.17": 1319, "35.18": 1104, "35.19": 745, "35.20": 671, "35.21": 871,
    "35.22": 1302, "35.23": 1199, "35.24": 1345, "35.25": 1312, "35.26": 1061, "35.27": 970, "35.28": 851,
    "35.29": 1125, "35.71": 287, "35.72": 150, "35.73": 844, "35.74": 240, "35.75": 209, "35.76": 133,
    "35.77": 196, "35.78": 2875, "35.79": 214,
}  # fmt: skip
# Approximate centre (lat, lon) of each kab/kota; demo coordinates scatter around it.
CENTRES: dict[str, tuple[float, float]] = {
    "35.01": (-8.13, 111.17), "35.02": (-7.87, 111.46), "35.03": (-8.10, 111.65), "35.04": (-8.12, 111.90),
    "35.05": (-8.12, 112.25), "35.06": (-7.82, 112.10), "35.07": (-8.10, 112.62), "35.08": (-8.13, 113.22),
    "35.09": (-8.17, 113.70), "35.10": (-8.30, 114.20), "35.11": (-7.92, 113.82), "35.12": (-7.72, 114.00),
    "35.13": (-7.80, 113.35), "35.14": (-7.70, 112.80), "35.15": (-7.45, 112.70), "35.16": (-7.55, 112.50),
    "35.17": (-7.55, 112.23), "35.18": (-7.60, 111.90), "35.19": (-7.60, 111.65), "35.20": (-7.65, 111.35),
    "35.21": (-7.42, 111.45), "35.22": (-7.20, 111.85), "35.23": (-6.95, 111.95), "35.24": (-7.12, 112.35),
    "35.25": (-7.18, 112.60), "35.26": (-7.03, 112.90), "35.27": (-7.05, 113.25), "35.28": (-7.05, 113.50),
    "35.29": (-7.00, 113.85), "35.71": (-7.82, 112.01), "35.72": (-8.10, 112.17), "35.73": (-7.98, 112.63),
    "35.74": (-7.76, 113.21), "35.75": (-7.65, 112.90), "35.76": (-7.47, 112.43), "35.77": (-7.63, 111.52),
    "35.78": (-7.27, 112.74), "35.79": (-7.87, 112.52),
}  # fmt: skip
MADURA = frozenset({"35.26", "35.27", "35.28", "35.29"})
MADURESE_SHARE: dict[str, float] = {
    **dict.fromkeys(MADURA, 0.85),
    **{"35.08": 0.25, "35.09": 0.45, "35.10": 0.15, "35.11": 0.6, "35.12": 0.6, "35.13": 0.5},
    **{"35.74": 0.4, "35.78": 0.2, "35.14": 0.2, "35.75": 0.2},
}

PRODUCTS: dict[str, tuple[tuple[str, str], ...]] = {
    Sector.FOOD: _products(
        "Keripik Singkong=10794, Keripik Tempe=10794, Keripik Pisang=10794, Kerupuk Ikan=10794,"
        "Kerupuk Udang=10794, Rengginang=10794, Peyek Kacang=10794, Kerupuk Samiler=10794,"
        "Opak Gambir=10794, Kue Kering=10710, Roti Manis=10710, Bolu Kukus=10710, Kue Lapis=10792,"
        "Jajanan Pasar=10792, Jenang=10796, Dodol=10796, Sambal Bawang=10772, Bumbu Pecel=10772,"
        "Petis Udang=10299, Abon Ikan=10219, Bandeng Presto=10219, Kopi Bubuk=10761, Kopi Robusta=10761,"
        "Teh Rosela=10763, Tempe=10391, Tahu=10392, Gula Merah=10722, Madumongso=10799,"
        "Frozen Food=10750, Sari Buah=10330, Manisan Buah=10733"
    ),
    Sector.FASHION: _products(
        "Batik Tulis=13134, Batik Cap=13134, Batik Tulis Sekar Jagad=13134, Batik Kombinasi=13134,"
        "Konveksi=14111, Busana Muslim=14111, Hijab=14111, Mukena=14111, Kaos Sablon=14111,"
        "Seragam Sekolah=14111, Tenun Ikat=13122, Bordir=14111, Sandal=15201, Sepatu Kulit=15201"
    ),
    Sector.CRAFT: _products(
        "Anyaman Pandan=16292, Anyaman Bambu=16291, Anyaman Rotan=16291, Anyaman Mendong=16292,"
        "Kerajinan Eceng Gondok=16292, Ukiran Kayu=16293, Topeng Kayu=16293, Mebel Jati=31001,"
        "Furnitur Kayu=31001, Gerabah=23939, Keramik Hias=23939, Kerajinan Kerang=32903,"
        "Kerajinan Kuningan=25999, Tas Kulit=15121, Dompet Kulit=15121, Miniatur Kapal=32903,"
        "Kerajinan Perca=32903, Suvenir=32903"
    ),
    Sector.AGRI: _products(
        "Cabai Rawit=01133, Tomat=01133, Bawang Merah=01134, Jamur Tiram=01136, Buah Naga=01220,"
        "Jeruk Siam=01230, Melon=01132, Tembakau=01150, Ubi Jalar=01135, Kacang Tanah=01114,"
        "Jagung=01111, Tebu=01140, Anggrek=01193"
    ),
    Sector.HERBAL: _products(
        "Jamu Tradisional=21022, Jamu Gendong=21022, Jamu Madura=21022, Beras Kencur=21022,"
        "Kunyit Asam=21022, Temulawak Instan=21022, Minyak Kayu Putih=20294, Minyak Atsiri=20294,"
        "Lulur Tradisional=20232, Sabun Herbal=20232, Bedak Dingin=20232, Serbuk Jahe Merah=10799"
    ),
    Sector.TRADE: _products(
        "Toko Kelontong=47111, Toko Sembako=47111, Toko Oleh-Oleh=47111, Grosir Kopi dan Gula=47243,"
        "Toko Pakaian=47711, Toko Jilbab=47711, Toko Batik=47711, Toko Online=47911"
    ),
    Sector.SERVICE: _products(
        "Warung Makan=56102, Depot=56102, Kedai Kopi=56303, Katering=56210, Sablon dan Percetakan=18111"
    ),
    Sector.OTHER: _products(
        "Pupuk Organik=20121, Pakan Ternak=10801, Sabun Cuci=20231, Tali Tambang=13941, Alat Dapur=25992"
    ),
}
# (sector, product, KBLI) a kab/kota is known for; chosen for about 30% of its businesses of that sector.
SPECIALITIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "35.01": ((Sector.FASHION, "Batik Tulis Pacitan", "13134"),),
    "35.02": ((Sector.CRAFT, "Kerajinan Reog", "32903"),),
    "35.06": ((Sector.FASHION, "Tenun Ikat Bandar Kidul", "13122"), (Sector.FOOD, "Tahu Takwa", "10392")),
    "35.07": ((Sector.FOOD, "Kopi Robusta Dampit", "10761"), (Sector.CRAFT, "Topeng Malangan", "16293")),
    "35.09": ((Sector.FOOD, "Suwar-Suwir", "10796"), (Sector.AGRI, "Tembakau Na-Oogst", "01150")),
    "35.10": ((Sector.FASHION, "Batik Gajah Oling", "13134"), (Sector.FOOD, "Kopi Osing", "10761")),
    "35.11": ((Sector.FOOD, "Tape Bondowoso", "10799"), (Sector.FOOD, "Kopi Arabika Ijen", "10761")),
    "35.13": ((Sector.AGRI, "Mangga Arumanis", "01220"),),
    "35.14": ((Sector.FASHION, "Bordir Bangil", "14111"),),
    "35.15": ((Sector.CRAFT, "Tas Kulit Tanggulangin", "15121"), (Sector.FOOD, "Bandeng Asap", "10212")),
    "35.16": ((Sector.FASHION, "Sepatu Kulit", "15201"),),
    "35.18": ((Sector.AGRI, "Bawang Merah", "01134"),),
    "35.19": ((Sector.FOOD, "Brem Madiun", "10799"),),
    "35.20": ((Sector.FASHION, "Sandal Kulit", "15201"),),
    "35.22": ((Sector.FASHION, "Batik Jonegoroan", "13134"),),
    "35.23": ((Sector.FASHION, "Batik Gedog", "13134"),),
    "35.24": ((Sector.FOOD, "Wingko Babat", "10710"),),
    "35.25": ((Sector.FOOD, "Otak-Otak Bandeng", "10219"), (Sector.FASHION, "Songkok", "14111")),
    "35.26": ((Sector.FASHION, "Batik Tanjung Bumi", "13134"),),
    "35.27": ((Sector.FOOD, "Kerupuk Ikan", "10794"), (Sector.AGRI, "Garam Rakyat", "10774")),
    "35.28": ((Sector.FASHION, "Batik Tulis Klampar", "13134"),),
    "35.29": ((Sector.CRAFT, "Keris Aeng Tong-Tong", "25999"), (Sector.AGRI, "Garam Rakyat", "10774")),
    "35.73": ((Sector.FOOD, "Keripik Tempe Sanan", "10794"), (Sector.CRAFT, "Keramik Dinoyo", "23939")),
    "35.76": ((Sector.FASHION, "Sepatu Kulit", "15201"),),
    "35.77": ((Sector.FOOD, "Sambal Pecel Madiun", "10772"),),
    "35.78": ((Sector.FASHION, "Batik Mangrove", "13134"), (Sector.FOOD, "Kue Spikoe", "10710")),
    "35.79": ((Sector.FOOD, "Sari Apel", "10330"), (Sector.FOOD, "Keripik Apel", "10794")),
}

EMAIL_DOMAINS = ("gmail.com", "yahoo.co.id", "yahoo.com", "ymail.com")
REJECTION_NOTES = (
    "Pindaian dokumen buram, nomor tidak terbaca.",
    "Nama pada dokumen berbeda dengan nama pemilik.",
    "Nomor yang diisi tidak sama dengan nomor pada dokumen.",
    "Dokumen atas nama usaha lain.",
    "Halaman dokumen tidak lengkap.",
)
