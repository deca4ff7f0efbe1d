"""The English catalogue is complete, compiled from the current .po, and used by Django."""

from __future__ import annotations

import ast
import gettext as gnu_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import gettext, override

CATALOGUE = Path(settings.BASE_DIR) / "lapak" / "locale" / "en" / "LC_MESSAGES"
PO_FILE = CATALOGUE / "django.po"
MO_FILE = CATALOGUE / "django.mo"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%%")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"django.po line {self.line}: {self.msgid!r}"


def parse_po(text: str) -> list[Entry]:
    """A small .po reader: flags, msgctxt, msgid, msgid_plural, msgstr[n], continued strings; skips #~."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is not None and current.msgstr:  # flags open a new entry
                entries.append(current)
                current = None
            current = current or Entry(line=number)
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert current is not None and target is not None, f"line {number}: stray string"
            value = ast.literal_eval(line)
        else:
            value = ast.literal_eval(rest)
            if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
                if current is not None:
                    entries.append(current)
                current = Entry(line=number)
            assert current is not None, f"line {number}: {keyword} outside an entry"
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            target = ("msgstr", int(match.group(1) or 0)) if match else (keyword, 0)
            if match:
                current.msgstr[target[1]] = ""
            else:
                setattr(current, keyword, "")
        if target[0] == "msgstr":
            current.msgstr[target[1]] += value
        else:
            setattr(current, target[0], getattr(current, target[0]) + value)
    if current is not None:
        entries.append(current)
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))
    header = next(e for e in entries if e.msgid == "")
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert "fuzzy" not in header.flags
    return [e for e in entries if e.msgid]


def test_it_parses_the_catalogue(po_entries: list[Entry]) -> None:
    ids = {e.msgid for e in po_entries}
    assert {"Daftar usaha", "NIB harus 13 digit angka."} <= ids
    assert any(e.msgid_plural for e in po_entries)


def test_it_translates_every_entry_and_leaves_none_fuzzy(po_entries: list[Entry]) -> None:
    problems = []
    for entry in po_entries:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.label} is fuzzy")
        expected_forms = {0, 1} if entry.msgid_plural is not None else {0}
        if set(entry.msgstr) != expected_forms or not all(s.strip() for s in entry.msgstr.values()):
            problems.append(f"{entry.label} is untranslated")
    assert not problems, "\n".join(problems)


def test_it_keeps_every_placeholder(po_entries: list[Entry]) -> None:
    problems = []
    for entry in po_entries:
        if "python-format" not in entry.flags:
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for form, text in entry.msgstr.items():
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{entry.label} msgstr[{form}] has {text!r}")
    assert not problems, "\n".join(problems)


def test_it_compiled_the_mo_from_the_current_po(po_entries: list[Entry]) -> None:
    """A .mo compiled before the last .po edit misses or differs in some pair: run compilemessages."""
    with MO_FILE.open("rb") as handle:
        catalog = gnu_gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in po_entries:
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            pairs = {key: entry.msgstr[0]}
        else:
            pairs = {(key, form): text for form, text in entry.msgstr.items()}
        stale += [f"{entry.label}" for k, text in pairs.items() if catalog.get(k) != text]
    assert not stale, "django.mo is stale, run compilemessages:\n" + "\n".join(stale)


def test_it_serves_english_through_django() -> None:
    with override("en"):
        assert gettext("Daftar usaha") == "Businesses"
        assert gettext("Usaha") == "Businesses"
    with override("id"):
        assert gettext("Daftar usaha") == "Daftar usaha"
