"""The consent wordings a deployment starts with (version 1 of each purpose).

These are legal texts stored as data, not interface strings: the owner consents to the exact text shown,
and its SHA-256 is kept with the consent as proof (UU PDP Pasal 22), so they are not passed through gettext
(a translation would be a different text). A changed text is published as a new version.
"""

DEFAULT_WORDINGS: dict[str, tuple[str, str]] = {
    "katalog_publik": (
        "Persetujuan tampil di Etalase Lapak",
        "Saya, pemilik usaha ini, menyetujui Dinas Koperasi dan UKM Provinsi menampilkan produk usaha saya "
        "yang sudah lolos kurasi di Etalase Lapak, katalog publik milik Pemerintah Provinsi yang dapat "
        "dibuka siapa saja di internet.\n\n"
        "Yang ditampilkan: nama usaha dan merek, nama, foto, deskripsi, harga dan sertifikasi produk, "
        "tautan toko saya di marketplace, serta hanya yang saya pilih di profil publik: cerita usaha, "
        "wilayah (kab/kota, kecamatan atau desa), alamat, nomor telepon, dan keterangan usaha milik "
        "perempuan.\n\n"
        "Yang tidak pernah ditampilkan: NIK, nama pemilik, email, omzet, modal, dokumen legalitas dan "
        "titik lokasi.\n\n"
        "Tujuan: mempromosikan produk UMKM daerah kepada pembeli. Data tampil selama persetujuan ini "
        "berlaku. Saya dapat menarik persetujuan ini kapan saja di halaman ini; produk saya langsung "
        "hilang dari Etalase Lapak dan pencariannya. Salinan di mesin pencari luar dapat tersisa "
        "sementara sampai mesin pencari itu memperbarui datanya.\n\n"
        "Dasar hukum: UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi, Pasal 20 ayat (2) huruf a.",
    ),
    "marketplace": (
        "Persetujuan penayangan di marketplace",
        "Saya menyetujui Lapak mengirim data produk dan usaha saya (tanpa NIK) ke marketplace yang saya "
        "sambungkan (misalnya TikTok Shop/Tokopedia, Shopee, Lazada, Blibli) untuk menayangkan dan "
        "menjual produk saya. Data diproses juga oleh marketplace sesuai kebijakan privasinya, dan dapat "
        "disimpan di luar Indonesia. Saya dapat menarik persetujuan ini kapan saja.",
    ),
    "mitra_pendampingan": (
        "Persetujuan berbagi data dengan mitra pendampingan",
        "Saya menyetujui Dinas membagikan nama usaha, nomor telepon, alamat dan data perkembangan usaha "
        "saya kepada mitra pendampingan resmi Dinas (tim penggerak, perguruan tinggi, BUMN) untuk "
        "keperluan pendampingan usaha saya. Mitra tidak menerima NIK. Saya dapat menarik persetujuan "
        "ini kapan saja.",
    ),
}
