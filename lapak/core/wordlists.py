"""Indonesian words for generated people, places and shop names: Javanese and Madurese given names,
shop-name ornaments, streets, dusun and mobile prefixes.

Plain constants with no Django import, shared by the demo data (``lapak.registry.demo``) and the
synthetic sources of the linkage benchmark (``lapak.ingest.linkage.synthetic``), which must run without
Django settings.
"""

from __future__ import annotations


def words(text: str) -> tuple[str, ...]:
    """A comma-separated list as a tuple of stripped, non-empty items."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


ORNAMENTS = words(
    "Mandiri, Makmur, Sejahtera, Barokah, Berkah Jaya, Lestari, Jaya Abadi, Sentosa, Karya Mandiri,"
    "Sumber Rejeki, Maju Jaya, Sekar Arum, Sido Mulyo, Mekar Sari, Sri Rejeki, Tunas Harapan, Amanah,"
    "Al-Ikhlas, Nur Cahaya, Kartika, Arum Sari, Dua Putri, Tiga Saudara, Mitra Usaha, Sekar Jagad,"
    "Citra Rasa,"
    "Sae Mandiri, Rukun Santoso, Wijaya Kusuma, Putri Ayu, Cahaya Bunda, Mulya Abadi, Barokah Ummi,"
    "Mekar Jaya, Gemilang, Harapan Bunda, Bintang Timur, Surya Kencana, Sinar Harapan, Azzahra, Rizki Abadi,"
    "Al-Hidayah, Dewi Sri, Sumber Makmur, Tirta Sari, Kembang Joyo"
)
WOMEN = words(
    "Siti, Sri, Endang, Sumiati, Suparmi, Tutik, Ninik, Sulastri, Wartini, Sumarni, Yuli, Rini, Dwi, Tri,"
    "Eka, Anik, Umi, Lilik, Luluk, Ika, Dewi, Ratna, Puji, Kartini, Suwarni, Juwariyah, Mujiati, Rukmini,"
    "Sukesi, Winarti, Nanik, Ayu, Indah, Novi, Fitri, Dian, Putri, Anisa, Rina, Wulan, Nur, Yayuk, Kholifah"
)
WOMEN_2 = words(
    "Lestari, Wahyuni, Rahayu, Susanti, Rahmawati, Handayani, Setyowati, Kurniawati, Widayati, Suryani,"
    "Ningsih, Puspitasari, Wulandari, Astuti, Purwanti, Hartini, Sulistyowati, Andriani, Agustina,"
    "Nurhayati, Aminah, Fatimah, Khasanah, Mahmudah, Zulaikha, Rohmah, Hidayah, Mulyani, Utami, Pratiwi,"
    "Safitri, Anggraini, Maslikhah, Chotimah, Mutmainah"
)
MEN = words(
    "Slamet, Sugeng, Budi, Agus, Bambang, Joko, Heru, Eko, Teguh, Hadi, Sutrisno, Suparno, Sukardi, Wahyu,"
    "Didik, Hari, Imam, Mohammad, Ahmad, Abdul, Rudi, Yudi, Arif, Fajar, Rizki, Dimas, Bayu, Andik, Cahyo,"
    "Gatot, Sumardi, Kusnadi, Sunarto, Sholeh, Khoirul, Moch."
)
MEN_2 = words(
    "Santoso, Susanto, Prasetyo, Hidayat, Wibowo, Setiawan, Kurniawan, Purnomo, Hartono, Gunawan, Saputra,"
    "Nugroho, Widodo, Suprapto, Wahyudi, Firmansyah, Hakim, Syaifuddin, Mustofa, Ashari, Ridwan, Hasyim,"
    "Zainuddin, Fauzi, Hermawan, Sugiarto, Riyanto, Utomo, Efendi, Maulana, Anwar, Huda, Rohman, Arifin"
)
MADURA_WOMEN = words(
    "Sitti, Siti, Hosniyah, Suliha, Hamidah, Maimunah, Rohimah, Holifah, Juhairiyah, Mukarromah,"
    "Musyarrofah, Ummi, Khotijah, Sa'diyah, Munawaroh, Rukayyah, Badriyah, Zubaidah, Latifah, Faridah,"
    "Nurul, Masruroh, Hotimah, Saniyah, Sumaiyah"
)
MADURA_WOMEN_2 = words(
    "Maimunah, Hasanah, Rahmah, Aisyah, Fatimah, Zainab, Halimah, Qomariyah, Jamilah, Romlah, Mardiyah,"
    "Nafisah, Hayati, Sholihah, Marfu'ah, Rofiqoh"
)
MADURA_MEN = words(
    "Moh., Abd., Ach., Matrawi, Marsuki, Sahrawi, Suhaimi, Busiri, Hosnan, Sukri, Samsul, Muhlis, Subairi,"
    "Hasin, Jailani, Zainal, Muzakki, Saiful, Fathorrahman, Hafid, Mahfud, Holil, Rasyid, Jamaluddin, Bahri"
)
MADURA_MEN_2 = words(
    "Holil, Rahem, Fauzi, Hasan, Arifin, Munir, Wafi, Ridwan, Syafi'i, Bakri, Hamzah, Sahlan, Anwar, Kholil,"
    "Rofi'i, Tohir, Hannan, Juhri, Mansur"
)
STREETS = words(
    "Melati, Mawar, Kenanga, Anggrek, Flamboyan, Cempaka, Diponegoro, Sudirman, Ahmad Yani, Pahlawan,"
    "Veteran, Gajah Mada, Hayam Wuruk, Kartini, Trunojoyo, Brawijaya, Imam Bonjol, Teuku Umar,"
    "Kusuma Bangsa, Merdeka, Pemuda, Wahid Hasyim, KH. Hasyim Asyari, Untung Suropati, Raden Wijaya,"
    "Ronggolawe, Mastrip, Semeru, Bromo, Argopuro, Wilis, Kelud, Arjuno, Sultan Agung, Airlangga"
)
DUSUN = words(
    "Krajan, Krajan, Krajan, Krajan Lor, Krajan Kidul, Sumberagung, Kedungrejo, Karanganyar, Ngemplak,"
    "Tegalsari, Sukorejo, Wonorejo, Purwosari, Sidomulyo, Gondang, Bendo, Kauman, Pandean, Jetis, Ngaglik,"
    "Sumbersari, Tambakrejo, Gedangan, Banjarsari, Kebonagung, Pojok, Mojosari, Tanjungsari, Sambirejo"
)
DUSUN_MADURA = words(
    "Krajan, Krajan, Laok, Dejeh, Temor, Bara', Tengah, Lembung, Pesisir, Somor, Bunut, Talang, Polay,"
    "Gunung, Tambak, Aeng Mata, Lebak"
)
PHONE_PREFIXES = words(
    "11, 12, 13, 21, 22, 23, 51, 52, 53, 14, 15, 16, 55, 56, 57, 58, 17, 18, 19, 59, 77, 78, 95, 96, 97,"
    "98, 99, 31, 32, 33, 38, 81, 82, 83, 85, 87, 88"
)
