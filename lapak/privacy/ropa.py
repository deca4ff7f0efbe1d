"""Record of processing activities (catatan aktivitas pemrosesan, UU PDP Pasal 31), kept as data.

Each activity names its retention by the rules in ``retention.py`` (a test checks every name exists), so
the record and the deletion that really runs cannot drift apart. The same list is the page and the XLSX
the data protection officer hands to an auditor. Legal bases are letters of Pasal 20(2):
a consent, b contract, c legal obligation, d vital interest, e public task or authority, f legitimate
interest. ``docs/dpia.md`` explains the choices.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, user_can
from lapak.core.spreadsheet import formula_safe

from .retention import RULES_BY_NAME

lazy = gettext_lazy

LEGAL_BASES = {
    "a": lazy("persetujuan"),
    "b": lazy("pemenuhan perjanjian"),
    "c": lazy("kewajiban hukum"),
    "d": lazy("kepentingan vital"),
    "e": lazy("tugas kepentingan umum, pelayanan publik, kewenangan"),
    "f": lazy("kepentingan yang sah"),
}
STAFF_FULL = (Role.ADMIN_PROVINSI, Role.OPERATOR_KABKOTA)


@dataclass(frozen=True)
class Activity:
    name: Promise
    purpose: Promise
    data: Promise
    subjects: Promise
    bases: tuple[str, ...]  # letters of Pasal 20(2)
    recipients: Promise
    retention: tuple[str, ...]  # names of rules in retention.RULES
    roles: tuple[str, ...]
    safeguards: Promise

    @property
    def basis_label(self) -> str:
        text = _("Pasal 20 ayat (2) huruf %(letter)s: %(basis)s")
        return "; ".join(text % {"letter": letter, "basis": LEGAL_BASES[letter]} for letter in self.bases)

    @property
    def retention_rules(self) -> list[Any]:
        return [RULES_BY_NAME[name] for name in self.retention]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]


ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        lazy("Pendaftaran UMKM (data induk usaha)"),
        lazy("Satu basis data UMKM provinsi untuk program pemberdayaan (PP 7/2021)"),
        lazy("Nama dan jenis kelamin pemilik, NIK (terenkripsi, disamarkan), telepon, email, alamat, "
             "koordinat, omzet, modal, tenaga kerja, dokumen legalitas"),
        lazy("Pelaku usaha UMKM, IKM, anggota Kopwan"), ("e",),
        lazy("Petugas provinsi dan kab/kota dalam wilayahnya; pendamping di wilayah tugasnya"),
        ("inactive_businesses", "change_log"), (*STAFF_FULL, Role.PENDAMPING, Role.PELAKU_USAHA),
        lazy("Satu jalur pembatasan wilayah; NIK AES-256-GCM dan ditampilkan disamarkan; buka NIK dicatat"),
    ),
    Activity(
        lazy("Impor daftar dinas dan penautan rekaman"),
        lazy("Menyatukan daftar berbagai dinas menjadi data induk tanpa duplikat"),
        lazy("Seluruh kolom daftar dinas, termasuk NIK asli di berkas unggahan sampai dihapus"),
        lazy("Orang yang tercantum di daftar dinas, termasuk yang belum menjadi data induk"), ("e",),
        lazy("Petugas provinsi dan kab/kota pengunggah; peninjau penautan di wilayahnya"),
        ("ingest_files", "job_files", "access_log"), STAFF_FULL,
        lazy("Penautan memakai hash NIK berkunci, bukan NIK; penggabungan dapat dibatalkan; impor dicatat"),
    ),
    Activity(
        lazy("Kurasi produk dan produk unggulan"),
        lazy("Menilai kesiapan produk dan memilih produk unggulan daerah"),
        lazy("Nama usaha, produk, nilai dan catatan kurasi, foto penilaian"),
        lazy("Pelaku usaha yang produknya dikurasi"), ("e",),
        lazy("Kurator yang ditugaskan (tanpa data pribadi pemilik), petugas, pemilik usaha"),
        ("inactive_businesses", "change_log"),
        (*STAFF_FULL, Role.KURATOR, Role.PELAKU_USAHA, Role.PIMPINAN),
        lazy("Kurator tidak melihat nama, NIK atau kontak pemilik; konflik kepentingan "
             "menghalangi penugasan"),
    ),
    Activity(
        lazy("Penayangan di marketplace dan kanal"),
        lazy("Menjual produk di marketplace atas permintaan pemilik"),
        lazy("Data produk, nama usaha dan kab/kota; token toko (terenkripsi)"),
        lazy("Pelaku usaha yang menyambungkan tokonya"), ("a", "b"),
        lazy("Marketplace (TikTok Shop/Tokopedia, Shopee, Lazada, Blibli); server dapat di luar negeri"),
        ("consents", "job_files"), (*STAFF_FULL, Role.PENDAMPING, Role.PELAKU_USAHA, Role.MITRA),
        lazy("Marketplace tidak pernah menerima NIK atau kontak pemilik; persetujuan berversi"),
    ),
    Activity(
        lazy("Buku penjualan"),
        lazy("Mencatat penjualan daring dan luring untuk pemantauan target"),
        lazy("Nilai penjualan per usaha; kota, provinsi dan negara pembeli (tanpa nama pembeli)"),
        lazy("Pelaku usaha; pembeli hanya sebagai wilayah"), ("e", "b"),
        lazy("Petugas dalam wilayahnya, pemilik usaha; pimpinan hanya angka agregat"),
        ("inactive_businesses",), (*STAFF_FULL, Role.PENDAMPING, Role.PELAKU_USAHA, Role.PIMPINAN),
        lazy("Pembeli hanya dicatat wilayahnya; laporan terbuka menekan sel kurang dari 5 usaha"),
    ),
    Activity(
        lazy("Pendampingan lapangan dan corong go-digital"),
        lazy("Merencanakan dan mencatat kunjungan, pelatihan, dan tahap go-digital"),
        lazy("Catatan kunjungan, foto dan lokasi kunjungan, peserta pelatihan, tahap corong"),
        lazy("Pelaku usaha yang didampingi"), ("e", "a"),
        lazy("Pendamping dan timnya (termasuk mitra non-Dinas dengan persetujuan pemilik), petugas"),
        ("inactive_businesses", "change_log", "consents"), (*STAFF_FULL, Role.PENDAMPING, Role.PIMPINAN),
        lazy("Prioritas dihitung per wilayah, bukan per orang; ekspor daftar dicatat"),
    ),
    Activity(
        lazy("Etalase Lapak (katalog publik) dan data terbuka"),
        lazy("Mempromosikan produk kepada pembeli"),
        lazy("Nama usaha, produk, foto; telepon dan alamat hanya bila pemilik memilih"),
        lazy("Pelaku usaha yang menyetujui katalog publik"), ("a",),
        lazy("Masyarakat umum"), ("consents",), (Role.PELAKU_USAHA, *STAFF_FULL),
        lazy("Hanya usaha dengan persetujuan aktif; penarikan langsung menurunkan produk"),
    ),
    Activity(
        lazy("Laporan dan dasbor"),
        lazy("Pemantauan program dan pelaporan kepada pimpinan"),
        lazy("Angka agregat; daftar usaha hanya untuk peran yang berhak melihat data pribadi"),
        lazy("Pelaku usaha (sebagai agregat)"), ("e",),
        lazy("Pimpinan, Dekranasda, petugas; tautan berbagi tetap memerlukan login"),
        ("share_links", "job_files"), (*STAFF_FULL, Role.PIMPINAN, Role.DEKRANASDA),
        lazy("Pimpinan dan Dekranasda tidak melihat data pribadi; unduhan dicatat"),
    ),
    Activity(
        lazy("API staf dan mitra"),
        lazy("Integrasi sistem dinas dan umpan produk untuk marketplace mitra"),
        lazy("API staf: data usaha sesuai peran; mitra: produk, nama usaha dan kab/kota"),
        lazy("Pelaku usaha"), ("e", "a"),
        lazy("Sistem dinas pemegang token; marketplace mitra (hanya kanalnya)"),
        ("access_log",), (*STAFF_FULL, Role.MITRA),
        lazy("Token disimpan sebagai hash berkunci, kedaluwarsa dan dapat dicabut; pembacaan daftar dicatat"),
    ),
    Activity(
        lazy("Akun pengguna dan autentikasi dua faktor"),
        lazy("Masuk yang aman dan pembatasan akses sesuai peran"),
        lazy("Nama pengguna, nama, email, telepon, peran, wilayah; rahasia TOTP (terenkripsi); "
             "IP gagal masuk"),
        lazy("Petugas, mitra dan pemilik usaha yang memiliki akun"), ("b", "c"),
        lazy("Tidak ada penerima di luar Dinas"), ("sessions", "login_failures"), (Role.ADMIN_PROVINSI,),
        lazy("Dua faktor wajib untuk staf; penguncian sementara; sesi 8 jam; kode cadangan di-hash"),
    ),
    Activity(
        lazy("Log akses dan log perubahan"),
        lazy("Bukti pemrosesan dan penyelidikan insiden (Pasal 31, 46)"),
        lazy("Pengguna, waktu, alamat IP, objek yang diakses; nilai lama dan baru yang diubah"),
        lazy("Petugas dan pelaku usaha"), ("c",),
        lazy("Pejabat Pelindungan Data Pribadi; penyidik bila diwajibkan hukum"),
        ("access_log", "change_log"), (Role.ADMIN_PROVINSI,),
        lazy("Hanya admin provinsi membaca; ekspor log itu sendiri dicatat"),
    ),
)  # fmt: skip


def ropa_readable(user: Any) -> bool:
    """The record is for the controller: the province admin (the DPO's desk) and the leadership."""
    if user_can(user, Action.CONFIGURE):
        return True
    return user_can(user, Action.VIEW) and user.role == Role.PIMPINAN


def ropa_xlsx(activities: tuple[Activity, ...] = ACTIVITIES) -> bytes:
    """The record as one sheet, one activity per row."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    sheet = workbook.add_worksheet(_("Aktivitas pemrosesan"))
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    headers = [_("Aktivitas"), _("Tujuan"), _("Data pribadi"), _("Subjek data"), _("Dasar hukum"),
               _("Penerima"), _("Masa simpan"), _("Yang boleh mengakses"), _("Pengamanan")]  # fmt: skip
    sheet.write_row(0, 0, headers, bold)
    for row, activity in enumerate(activities, start=1):
        retention = "; ".join(f"{rule.title}: {rule.period_label}" for rule in activity.retention_rules)
        roles = ", ".join(activity.role_labels)
        cells = [activity.name, activity.purpose, activity.data, activity.subjects, activity.basis_label,
                 activity.recipients, retention, roles, activity.safeguards]  # fmt: skip
        sheet.write_row(row, 0, [formula_safe(str(cell)) for cell in cells], wrap)
    sheet.set_column(0, 8, 32)
    sheet.freeze_panes(1, 1)
    workbook.close()
    return buffer.getvalue()
