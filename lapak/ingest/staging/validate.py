"""Table ``staged``: cleaned values, region codes, the row's problems, its key and its status."""

import duckdb
from django.utils.translation import gettext as _

from .clean import ERROR, WARNING, message, quote

LIMITS = {"name": 200, "brand": 120, "owner_name": 150, "address": 250, "products": 250, "shop_url": 300}


Problem = tuple[str, str, str, str]  # field, level, SQL condition, SQL message


def problem(field: str, level: str, condition: str, text: str) -> Problem:
    return field, level, condition, text


def _problems(allowed_kabkota: list[str] | None) -> list[Problem]:
    """The checks: field, level, the condition under which the row has the problem, and its message."""
    out_of_scope = (
        f"r.kabkota_code IS NOT NULL AND r.kabkota_code NOT IN ({', '.join(map(quote, allowed_kabkota))})"
        if allowed_kabkota is not None
        else "false"
    )
    kab_name = "r.kabkota_name"
    kec_name = "r.kecamatan_name"
    items = [
        problem("name", ERROR, "c.name_raw IS NULL", message(_("Nama usaha kosong."))),
        problem("kabkota", ERROR, "c.kabkota_raw IS NULL", message(_("Kabupaten/kota kosong."))),
        problem("kabkota", ERROR, "c.kabkota_raw IS NOT NULL AND r.kabkota_code IS NULL",
                message(_("Kabupaten/kota “%(value)s” tidak dikenal."), value="c.kabkota_raw")),
        problem("kabkota", ERROR, out_of_scope,
                message(_("%(name)s di luar wilayah kerja Anda."), name=kab_name)),
        problem("kabkota", WARNING, "r.kab_guessed",
                message(_("“%(value)s” dibaca sebagai %(name)s; tulis “Kota …” bila yang dimaksud kota."),
                        value="c.kabkota_raw", name=kab_name)),
        problem("kecamatan", WARNING,
                "c.kecamatan_raw IS NOT NULL AND r.kabkota_code IS NOT NULL AND r.kecamatan_code IS NULL",
                message(_("Kecamatan “%(value)s” tidak ditemukan di %(name)s."),
                        value="c.kecamatan_raw", name=kab_name)),
        problem("desa", WARNING, "c.desa_raw IS NOT NULL AND r.kabkota_code IS NOT NULL AND r.desa_code IS NULL",
                message(_("Desa/kelurahan “%(value)s” tidak ditemukan di %(name)s."), value="c.desa_raw",
                        name=f"coalesce('Kecamatan ' || {kec_name}, {kab_name})")),
        problem("nik", WARNING, "c.nik_scientific",
                message(_("NIK tertulis dalam notasi ilmiah (%(value)s): digit terakhir hilang, NIK tidak "
                          "disimpan. Simpan kolom NIK sebagai teks."), value="c.nik_raw")),
        problem("nik", WARNING, "c.nik_raw IS NOT NULL AND c.nik IS NULL AND NOT c.nik_scientific",
                message(_("NIK “%(value)s” tidak sah (16 digit, kode provinsi dan tanggal lahir); tidak "
                          "disimpan."), value="c.nik_raw")),
        problem("nib", WARNING, "c.nib_scientific",
                message(_("NIB tertulis dalam notasi ilmiah (%(value)s): digit hilang, NIB tidak disimpan."),
                        value="c.nib_raw")),
        problem("nib", WARNING, "c.nib_raw IS NOT NULL AND c.nib IS NULL AND NOT c.nib_scientific",
                message(_("NIB “%(value)s” harus 13 digit angka; tidak disimpan."), value="c.nib_raw")),
        problem("phone", WARNING, "c.phone_raw IS NOT NULL AND c.phone IS NULL",
                message(_("Nomor telepon “%(value)s” tidak dikenali; tidak disimpan."), value="c.phone_raw")),
        problem("email", WARNING, "c.email_raw IS NOT NULL AND c.email IS NULL",
                message(_("Email “%(value)s” tidak sah; tidak disimpan."), value="c.email_raw")),
        problem("owner_sex", WARNING, "c.owner_sex_raw IS NOT NULL AND c.owner_sex IS NULL",
                message(_("Jenis kelamin “%(value)s” tidak dikenali (L/P); tidak disimpan."),
                        value="c.owner_sex_raw")),
        problem("sector", WARNING, "c.sector_raw IS NOT NULL AND c.sector IS NULL",
                message(_("Sektor “%(value)s” tidak dikenali; dicatat sebagai Lainnya."), value="c.sector_raw")),
        problem("kbli_code", WARNING, "c.kbli_raw IS NOT NULL AND c.kbli_code IS NULL",
                message(_("KBLI “%(value)s” harus 5 digit; tidak disimpan."), value="c.kbli_raw")),
        problem("annual_sales", WARNING, "c.annual_sales_raw IS NOT NULL AND c.annual_sales IS NULL",
                message(_("Omzet “%(value)s” bukan angka rupiah; tidak disimpan."), value="c.annual_sales_raw")),
        problem("employees", WARNING,
                "c.employees_raw IS NOT NULL AND (c.employees IS NULL OR c.employees NOT BETWEEN 0 AND 100000)",
                message(_("Tenaga kerja “%(value)s” bukan jumlah orang; tidak disimpan."),
                        value="c.employees_raw")),
        problem("founded_year", WARNING, "c.founded_year_raw IS NOT NULL AND c.founded_year IS NULL",
                message(_("Tahun berdiri “%(value)s” tidak sah; tidak disimpan."), value="c.founded_year_raw")),
    ]  # fmt: skip
    for field, limit in LIMITS.items():
        column = "c.name_raw" if field == "name" else f"c.{field}"
        level = ERROR if field == "name" else WARNING
        text = (
            _("Nama usaha lebih dari %(limit)s karakter.")
            if field == "name"
            else _("Isian lebih dari %(limit)s karakter; dipotong.")
        )
        items.append(problem(field, level, f"length({column}) > {limit}", message(text, limit=str(limit))))
    items.append(
        problem("name", ERROR, "k.first_row < c.row_number",
                message(_("Baris ini sama dengan baris %(row)s; tidak diimpor dua kali."), row="k.first_row"))
    )  # fmt: skip
    return items


PROBLEM_TYPE = "STRUCT(field VARCHAR, level VARCHAR, message VARCHAR)[]"


def build_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Tables ``keys`` (each row's record key) and ``repeated`` (keys seen twice, with their first row).

    The key is the source's own id when mapped, else a hash of the trimmed cells as written: the same
    row uploaded again has the same key, which is what makes a re-import idempotent.
    """
    parts = ", ".join(
        f"coalesce({column}, '')"
        for column in ("name_raw", "owner_name", "nik_raw", "nib_raw", "phone_raw", "address", "desa_raw",
                       "kecamatan_raw", "kabkota_raw", "products")
    )  # fmt: skip
    con.execute(
        f"""
        CREATE OR REPLACE TABLE keys AS
        SELECT row_number, CASE WHEN source_id IS NOT NULL THEN 'id:' || left(source_id, 60)
                                ELSE md5(concat_ws('|', {parts})) END AS record_key
        FROM cleaned
        """
    )
    # Repeated rows are rare: find their keys with an aggregate, not a window over every row.
    con.execute(
        """
        CREATE OR REPLACE TABLE repeated AS
        SELECT record_key, min(row_number) AS first_row FROM keys GROUP BY record_key HAVING count(*) > 1
        """
    )


def staged_query(*, raw_width: int, allowed_kabkota: list[str] | None) -> str:
    """The staged rows: cleaned values, region codes, key, problems, status and the raw cells.

    Problems are only assembled for rows where some check fails (most rows pass every check).
    """
    checks = _problems(allowed_kabkota)
    structs = ", ".join(
        f"CASE WHEN {condition} THEN {{'field': {quote(field)}, 'level': {quote(level)}, 'message': {text}}} END"
        for field, level, condition, text in checks
    )
    any_problem = " OR ".join(f"coalesce({condition}, false)" for *_, condition, _ in checks)
    any_error = " OR ".join(
        f"coalesce({condition}, false)" for _, level, condition, _ in checks if level == ERROR
    )
    raw_columns = ", ".join(f"c.c{index}" for index in range(raw_width))
    truncated = ", ".join(
        f"left(c.{field}, {limit}) AS {field}" for field, limit in LIMITS.items() if field != "name"
    )
    return f"""
        SELECT c.row_number, keys.record_key,
            c.name_raw AS name, {truncated}, c.owner_sex, c.nik, c.nib, c.phone, c.email,
            r.desa_code, r.kecamatan_code, r.kabkota_code,
            coalesce(c.sector, CASE WHEN c.sector_raw IS NOT NULL THEN 'lainnya' END) AS sector,
            c.kbli_code, c.annual_sales,
            CASE WHEN c.employees BETWEEN 0 AND 100000 THEN c.employees END AS employees, c.founded_year,
            CASE WHEN {any_problem} THEN list_filter([{structs}], p -> p IS NOT NULL)
                 ELSE CAST([] AS {PROBLEM_TYPE}) END AS problems,
            CASE WHEN {any_error} THEN 'error' WHEN {any_problem} THEN 'warning' ELSE 'valid' END AS status,
            {raw_columns}
        FROM cleaned c
        JOIN keys ON keys.row_number = c.row_number
        LEFT JOIN repeated k ON k.record_key = keys.record_key
        JOIN place_resolved r ON r.kabkota_raw IS NOT DISTINCT FROM c.kabkota_raw
            AND r.kecamatan_raw IS NOT DISTINCT FROM c.kecamatan_raw AND r.desa_raw IS NOT DISTINCT FROM c.desa_raw
    """
