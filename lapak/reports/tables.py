"""The tables of a report, one value type per column, shared by the PDF (formatted text) and the XLSX
(numbers with a number format), so both files always carry the same rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from lapak.reports import formatting


class Cell(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    RUPIAH = "rupiah"
    PERCENT = "percent"  # a value already in percent (12.5 means 12,5%)
    DECIMAL = "decimal"


@dataclass(frozen=True)
class Column:
    label: str
    cell: Cell = Cell.TEXT

    @property
    def numeric(self) -> bool:
        return self.cell != Cell.TEXT


class Shown(NamedTuple):
    """A cell as printed in the PDF: its text and whether it aligns right."""

    text: str
    numeric: bool


@dataclass(frozen=True)
class Table:
    """``key`` names the XLSX sheet (at most 31 characters); ``title`` heads the table in both files."""

    key: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    note: str = ""
    total: Sequence[Any] | None = field(default=None)

    def formatted(self) -> list[list[Shown]]:
        """Every row as Indonesian-formatted text, for the PDF."""
        return [format_row(self.columns, row) for row in self.rows]

    def formatted_total(self) -> list[Shown] | None:
        """The total row; a column without a total stays blank."""
        if self.total is None:
            return None
        return [
            Shown("", shown.numeric) if value is None else shown
            for value, shown in zip(self.total, format_row(self.columns, self.total), strict=True)
        ]


def format_row(columns: Sequence[Column], row: Sequence[Any]) -> list[Shown]:
    return [
        Shown(format_cell(column.cell, value), column.numeric)
        for column, value in zip(columns, row, strict=True)
    ]


def format_cell(cell: Cell, value: Any) -> str:
    if value is None or value == "":
        return "—" if cell != Cell.TEXT else ""
    if cell == Cell.INTEGER:
        return formatting.number(value)
    if cell == Cell.RUPIAH:
        return formatting.rupiah(value)
    if cell == Cell.PERCENT:
        return formatting.percent(value)
    if cell == Cell.DECIMAL:
        return formatting.number(value, 2)
    return str(value)
