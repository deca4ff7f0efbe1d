"""Streaming CSV: encoding and delimiter guessed from the start of the file, rows read lazily."""

import codecs
import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from .table import NumberedCells, ReadError, TableReader

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t"


def read_csv(path: Path) -> TableReader:
    """A :class:`TableReader` over a CSV file in UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
    encoding = detect_encoding(sample, name=path.name)
    text_sample = sample.decode(encoding, errors="ignore")
    dialect = detect_delimiter(text_sample)
    if encoding == "utf-16":
        text = path.open(encoding=encoding, newline="")
        return TableReader(name=path.name, rows=_rows(text, dialect, path.name, encoding), close=text.close)
    # Decoding line by line (not in 8 KB chunks) lets a decoding error name the row it is in.
    raw = path.open("rb")
    lines = (line.decode(encoding) for line in raw)
    return TableReader(name=path.name, rows=_rows(lines, dialect, path.name, encoding), close=raw.close)


def detect_encoding(sample: bytes, *, name: str) -> str:
    """The encoding of a file from its first bytes: UTF-16 by BOM, else strict UTF-8, else cp1252.

    Raises ``ReadError`` for binary content (NUL bytes) or bytes no candidate can decode.
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise ReadError(_("%(name)s bukan file teks CSV (berisi data biner).") % {"name": name})
    try:
        # final=False: the sample may end in the middle of a multi-byte character.
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ReadError(
            _(
                "%(name)s tidak dapat dibaca: pengodean teks tidak dikenali (byte %(position)d). "
                "Simpan ulang sebagai CSV UTF-8."
            )
            % {"name": name, "position": error.start + 1}
        ) from error
    return "cp1252"


def detect_delimiter(sample: str) -> type[csv.Dialect]:
    """The CSV dialect of a text sample; the delimiter is a comma, semicolon or tab (comma if unsure)."""
    complete_lines = sample[: sample.rfind("\n") + 1] or sample
    try:
        return csv.Sniffer().sniff(complete_lines, delimiters=DELIMITERS)
    except csv.Error:
        return _most_frequent_delimiter(complete_lines)


def _most_frequent_delimiter(sample: str) -> type[csv.Dialect]:
    """Fallback when the sniffer gives up: the candidate found on most lines, ties going to the comma."""
    lines = sample.splitlines()[:50]
    best = max(DELIMITERS, key=lambda candidate: sum(candidate in line for line in lines))
    if not any(best in line for line in lines):
        best = ","

    class Guessed(csv.excel):
        delimiter = best

    return Guessed


def _rows(
    lines: Iterable[str], dialect: type[csv.Dialect], name: str, encoding: str
) -> Iterator[NumberedCells]:
    """Numbered rows of the CSV; decoding and parsing errors become ``ReadError`` with the row number."""
    reader = csv.reader(lines, dialect)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in cells]
    except UnicodeDecodeError as error:
        raise ReadError(
            _(
                "%(name)s baris %(row)d: teks tidak dapat dibaca sebagai %(encoding)s. "
                "Simpan ulang sebagai CSV UTF-8."
            )
            % {"name": name, "row": number + 1, "encoding": encoding}
        ) from error
    except csv.Error as error:
        raise ReadError(
            _("%(name)s baris %(row)d: CSV rusak (%(detail)s).")
            % {"name": name, "row": number + 1, "detail": error}
        ) from error
