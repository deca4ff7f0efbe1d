"""Cleaning and validating the ``raw`` table set-based in DuckDB, into table ``staged``.

Every rule here runs as SQL over all rows at once: a million rows take seconds, where the same rules
called per row from Python took minutes. The phone and NIK rules mirror
``lapak.registry.validators`` (the single-record path); ``tests/test_staging_rules.py`` checks with
generated inputs that both give the same answers.

Each staged row carries ``problems``: a list of ``{field, level, message}`` in Bahasa Indonesia. Level
``error`` keeps the row out of the registry; ``warning`` keeps the row but not that field's value.
"""

from datetime import date

import duckdb

from lapak.registry.validators import NIK_PROVINCE_CODES

ERROR = "error"
WARNING = "warning"

# Field values kept in ``staged``, in this order, all VARCHAR except the numbers.
CLEAN_COLUMNS: tuple[str, ...] = (
    "name", "brand", "owner_name", "owner_sex", "nik", "nib", "phone", "email", "address",
    "desa_code", "kecamatan_code", "kabkota_code", "sector", "products", "kbli_code",
    "annual_sales", "employees", "founded_year", "shop_url",
)  # fmt: skip

MACROS = r"""
CREATE OR REPLACE MACRO txt(s) AS nullif(trim(s), '');
CREATE OR REPLACE MACRO words(s) AS CASE WHEN contains(s, '  ') OR regexp_matches(s, '[\t\r\n\xa0]')
    THEN nullif(trim(regexp_replace(replace(s, chr(160), ' '), '\s+', ' ', 'g')), '') ELSE s END;
CREATE OR REPLACE MACRO ident(s) AS
    regexp_replace(regexp_replace(ltrim(txt(s), ''''), '^(\d+)[.,]0+$', '\1'), '[\s./-]+', '', 'g');
CREATE OR REPLACE MACRO is_scientific(s) AS regexp_full_match(txt(s), '[+-]?\d+([.,]\d+)?[eE][+-]?\d+');
CREATE OR REPLACE MACRO region_key(s) AS nullif(trim(regexp_replace(upper(s), '[^A-Z0-9]+', ' ', 'g')), '');
CREATE OR REPLACE MACRO phone_national(s) AS regexp_replace(
    CASE
        WHEN starts_with(s, '+62') THEN substr(s, 4)
        WHEN starts_with(s, '0062') THEN substr(s, 5)
        WHEN starts_with(s, '62') THEN substr(s, 3)
        WHEN starts_with(s, '+') THEN NULL
        ELSE s
    END, '^0', '');
CREATE OR REPLACE MACRO phone_compact(s) AS regexp_replace(
    regexp_replace(txt(s), '^(\+?[0-9]+)\.0+$', '\1'), '[\s.()/-]+', '', 'g');
CREATE OR REPLACE MACRO phone_e164(s) AS CASE
    WHEN regexp_full_match(phone_national(phone_compact(s)), '[2-9][0-9]{7,11}')
    THEN '+62' || phone_national(phone_compact(s)) END;
CREATE OR REPLACE MACRO nik_day(n) AS CASE
    WHEN CAST(substr(n, 7, 2) AS INTEGER) BETWEEN 1 AND 31 THEN CAST(substr(n, 7, 2) AS INTEGER)
    WHEN CAST(substr(n, 7, 2) AS INTEGER) BETWEEN 41 AND 71 THEN CAST(substr(n, 7, 2) AS INTEGER) - 40
    END;
-- DDMMYY of a 16-digit NIK is a real date in the 1900s or the 2000s (29 February: a year divisible by 4,
-- as 2000 was a leap year). Arithmetic, because parsing a date per row cost a second per million.
CREATE OR REPLACE MACRO nik_birth_ok(n) AS nik_day(n) <= CASE CAST(substr(n, 9, 2) AS INTEGER)
    WHEN 2 THEN CASE WHEN CAST(substr(n, 11, 2) AS INTEGER) % 4 = 0 THEN 29 ELSE 28 END
    WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30
    WHEN 1 THEN 31 WHEN 3 THEN 31 WHEN 5 THEN 31 WHEN 7 THEN 31 WHEN 8 THEN 31 WHEN 10 THEN 31 WHEN 12 THEN 31
    END;
"""


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the cleaning macros on a connection (idempotent)."""
    con.execute(MACROS)


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def message(template: str, **values: str) -> str:
    """A SQL expression for a translated message whose ``%(name)s`` placeholders are SQL expressions."""
    parts: list[str] = []
    rest = template
    while "%(" in rest:
        before, _sep, after = rest.partition("%(")
        name, _sep, rest = after.partition(")s")
        parts += [quote(before), f"coalesce(CAST({values[name]} AS VARCHAR), '')"]
    parts.append(quote(rest))
    return "concat(" + ", ".join(parts) + ")"


_SECTOR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("fashion", r"fashion|fesyen|batik|busana|konveksi|pakaian|tenun|bordir|jahit|sandang|garmen|tas|sepatu"),
    ("herbal", r"jamu|herbal|kosmetik|kecantikan|obat"),
    ("pangan", r"makan|minum|kuliner|pangan|olahan|keripik|kripik|kerupuk|krupuk|kue|roti|snack|camilan|"
               r"sambal|minuman|kopi|catering|katering|frozen|bumbu"),
    ("kriya", r"kriya|kerajinan|anyam|souvenir|suvenir|ukir|gerabah|mebel|meubel|furnitur|handicraft|keramik"),
    ("agro", r"tani|pertanian|kebun|perkebunan|ternak|peternakan|ikan|perikanan|agro|budidaya|hortikultura"),
    ("dagang", r"dagang|perdagangan|toko|warung|retail|kelontong|grosir|jual"),
    ("jasa", r"jasa|laundry|salon|bengkel|servis|service|percetakan|fotokopi|travel|penjahit"),
    ("lainnya", r"^lain|lainnya|other"),
)  # fmt: skip


def _sector_expr(value: str) -> str:
    cases = " ".join(
        f"WHEN regexp_matches(lower({value}), {quote(pattern)}) THEN {quote(code)}"
        for code, pattern in _SECTOR_PATTERNS
    )
    return f"CASE {cases} END"


MONEY_UNITS = "(juta|jt|miliar|milyar|m|ribu|rb|k)"


def _money_expr(parts: str) -> str:
    """Rupiah from "Rp 12.000.000", "12.000.000,00", "12,5 juta", "1,2 M"; NULL when unreadable.

    ``parts`` is the struct {number, unit} that one regular expression took out of the compact text.
    """
    number, unit = f"{parts}.number", f"{parts}.unit"
    scaled = (
        f"CASE WHEN {unit} IN ('juta', 'jt') THEN 1e6 WHEN {unit} IN ('miliar', 'milyar', 'm') THEN 1e9 "
        f"WHEN {unit} IN ('ribu', 'rb', 'k') THEN 1e3 END"
    )
    plain = f"try_cast(regexp_replace(regexp_replace({number}, '[.,]00$', ''), '[.,]', '', 'g') AS BIGINT)"
    decimal = f"try_cast(replace({number}, ',', '.') AS DOUBLE)"
    return (
        f"CASE WHEN {number} = '' THEN NULL "
        f"WHEN {scaled} IS NOT NULL THEN CAST(round({decimal} * {scaled}) AS BIGINT) ELSE {plain} END"
    )


def build_sector_lookup(con: duckdb.DuckDBPyConnection, column: str | None) -> None:
    """Table ``sector_lookup``: each different sector spelling once, with its sector (a few dozen rows)."""
    source = (
        f"SELECT DISTINCT txt({column}) AS spelling FROM raw"
        if column
        else "SELECT NULL::VARCHAR AS spelling"
    )
    con.execute(
        f"CREATE OR REPLACE TABLE sector_lookup AS SELECT spelling, {_sector_expr('spelling')} AS sector "
        f"FROM ({source}) WHERE spelling IS NOT NULL"
    )


def field_sql(mapping: dict[str, int], *, default_kabkota: str | None = None) -> dict[str, str]:
    """The raw text expression of each target field: its mapped column, or NULL when unmapped.

    A list from one kab/kota office often has no kab/kota column; ``default_kabkota`` fills it.
    """
    keys = (
        "source_id", "name", "brand", "owner_name", "owner_sex", "nik", "nib", "phone", "email", "address",
        "desa", "kecamatan", "kabkota", "sector", "products", "kbli_code", "annual_sales", "employees",
        "founded_year", "shop_url",
    )  # fmt: skip
    expressions = {
        key: (f"txt(c{mapping[key]})" if key in mapping else "CAST(NULL AS VARCHAR)") for key in keys
    }
    if default_kabkota:
        expressions["kabkota"] = f"coalesce({expressions['kabkota']}, {quote(default_kabkota)})"
    return expressions


_FREE_TEXT = frozenset({"name", "brand", "owner_name", "address", "products"})


def build_cleaned(
    con: duckdb.DuckDBPyConnection,
    mapping: dict[str, int],
    *,
    raw_width: int,
    default_kabkota: str | None = None,
) -> None:
    """View ``cleaned``: per raw row the raw cells and the field values in canonical form.

    A view, not a table: the staged rows stream from it straight into Parquet without a wide copy.

    Nested SELECTs so that each costly step (trim, identifier digits, phone digits) runs once per
    cell: DuckDB inlines macros, and a value used in five checks would otherwise be computed five times.
    """
    texts = field_sql(mapping, default_kabkota=default_kabkota)
    raw_columns = ", ".join(f"c{index}" for index in range(raw_width))
    trimmed = ", ".join(
        f"words({expression}) AS t_{key}" if key in _FREE_TEXT else f"{expression} AS t_{key}"
        for key, expression in texts.items()
    )
    # A cell with two numbers ("0812… / 0813…", "0812…, 0813…") keeps the first.
    phone_first = "trim(regexp_split_to_array(t_phone, '[,;]|\\s+/\\s+|\\s+atau\\s+')[1])"
    provinces = ", ".join(quote(code) for code in sorted(NIK_PROVINCE_CODES))
    this_year = date.today().year
    build_sector_lookup(con, f"c{mapping['sector']}" if "sector" in mapping else None)
    con.execute(
        f"""
        CREATE OR REPLACE VIEW cleaned AS
        SELECT row_number, {raw_columns},
            t_source_id AS source_id, t_name AS name_raw, t_brand AS brand, t_owner_name AS owner_name,
            t_owner_sex AS owner_sex_raw,
            CASE WHEN upper(t_owner_sex) IN ('L', 'LK', 'LAKI-LAKI', 'LAKI LAKI', 'LAKI', 'PRIA', 'M', 'MALE', '1')
                 THEN 'L'
                 WHEN upper(t_owner_sex) IN ('P', 'PR', 'PEREMPUAN', 'WANITA', 'W', 'F', 'FEMALE', '2') THEN 'P'
                 END AS owner_sex,
            t_nik AS nik_raw, is_scientific(t_nik) AS nik_scientific,
            CASE WHEN regexp_full_match(nik_digits, '\\d{{16}}') AND substr(nik_digits, 1, 2) IN ({provinces})
                  AND nik_birth_ok(nik_digits) AND substr(nik_digits, 13, 4) <> '0000' THEN nik_digits END AS nik,
            t_nib AS nib_raw, is_scientific(t_nib) AS nib_scientific,
            CASE WHEN regexp_full_match(nib_digits, '\\d{{13}}') THEN nib_digits END AS nib,
            t_phone AS phone_raw,
            CASE WHEN regexp_full_match(phone_digits, '[2-9][0-9]{{7,11}}') THEN '+62' || phone_digits END AS phone,
            t_email AS email_raw,
            CASE WHEN regexp_full_match(lower(t_email), '[^@\\s]+@[^@\\s]+\\.[a-z]{{2,}}') THEN lower(t_email) END
                AS email,
            t_address AS address, t_desa AS desa_raw, t_kecamatan AS kecamatan_raw, t_kabkota AS kabkota_raw,
            t_sector AS sector_raw, (SELECT sector FROM sector_lookup WHERE spelling = t_sector) AS sector,
            t_products AS products,
            t_kbli_code AS kbli_raw,
            CASE WHEN regexp_full_match(kbli_digits, '\\d{{5}}') THEN kbli_digits END AS kbli_code,
            t_annual_sales AS annual_sales_raw, {_money_expr("money")} AS annual_sales,
            t_employees AS employees_raw,
            try_cast(regexp_replace(t_employees, '[.,]0+$', '') AS INTEGER) AS employees,
            t_founded_year AS founded_year_raw,
            CASE WHEN founded BETWEEN 1900 AND {this_year} THEN founded END AS founded_year,
            t_shop_url AS shop_url
        FROM (
            SELECT *, phone_national(phone_packed) AS phone_digits,
                regexp_extract(money_compact, '^([0-9.,]+){MONEY_UNITS}?$', ['number', 'unit']) AS money
            FROM (
                SELECT *, ident(t_nik) AS nik_digits, ident(t_nib) AS nib_digits, ident(t_kbli_code) AS kbli_digits,
                    phone_compact({phone_first}) AS phone_packed,
                    regexp_replace(lower(t_annual_sales), '(rp\\.?|\\s)', '', 'g') AS money_compact,
                    try_cast(regexp_extract(t_founded_year, '(19|20)\\d\\d') AS INTEGER) AS founded
                FROM (SELECT row_number, {raw_columns}, {trimmed} FROM raw)
            )
        )
        """
    )
