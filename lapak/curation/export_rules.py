"""Export readiness of processed food, per destination market, as data.

Each market lists the facts it requires and the minimum it accepts (a minimum shelf life in months or
"must be present"). ``export_checklist`` only compares facts with these rows, so a Dinas that learns a
market's rules changed edits ``EXPORT_MARKETS`` and nothing else. The rows are a starting point drawn
from the kurasi criteria in the project's domain notes (HACCP, nutrition facts, English labelling,
BPOM, halal, shelf life), not legal advice for any market.

Facts come from the catalogue (shelf life, BPOM and halal certifications) and from the curators
(English label, nutrition facts, HACCP), see ``selectors.round_export_facts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

SHELF_LIFE = "umur_simpan_bulan"
BPOM = "bpom"
HALAL = "halal"
ENGLISH_LABEL = "label_inggris"
NUTRITION_FACTS = "informasi_gizi"
HACCP = "haccp"

FACT_LABELS: dict[str, StrPromise] = {
    SHELF_LIFE: _("Umur simpan"),
    BPOM: _("Izin edar BPOM MD"),
    HALAL: _("Sertifikat halal"),
    ENGLISH_LABEL: _("Label berbahasa Inggris"),
    NUTRITION_FACTS: _("Informasi nilai gizi"),
    HACCP: _("Sertifikat HACCP / sistem keamanan pangan"),
}
# Facts the curator records on the assessment form (the others come from the catalogue).
CURATOR_FACTS = (ENGLISH_LABEL, NUTRITION_FACTS, HACCP)


@dataclass(frozen=True)
class Market:
    code: str
    name: StrPromise
    # fact → minimum: an int is a minimum number of months, True means the fact must be present.
    requires: dict[str, int | bool]


EXPORT_MARKETS: tuple[Market, ...] = (
    Market(
        "MY",
        _("Malaysia"),
        {SHELF_LIFE: 6, BPOM: True, HALAL: True, ENGLISH_LABEL: True, NUTRITION_FACTS: True},
    ),
    Market("SG", _("Singapura"), {SHELF_LIFE: 6, BPOM: True, ENGLISH_LABEL: True, NUTRITION_FACTS: True}),
    Market("SA", _("Arab Saudi dan Timur Tengah"), {SHELF_LIFE: 12, BPOM: True, HALAL: True, HACCP: True}),
    Market(
        "EU",
        _("Uni Eropa"),
        {SHELF_LIFE: 12, BPOM: True, ENGLISH_LABEL: True, NUTRITION_FACTS: True, HACCP: True},
    ),
    Market(
        "US",
        _("Amerika Serikat"),
        {SHELF_LIFE: 12, BPOM: True, ENGLISH_LABEL: True, NUTRITION_FACTS: True, HACCP: True},
    ),
)


@dataclass(frozen=True)
class Check:
    fact: str
    label: str
    required: str
    recorded: str
    met: bool


@dataclass(frozen=True)
class MarketReadiness:
    code: str
    name: str
    checks: list[Check]

    @property
    def ready(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def missing(self) -> list[str]:
        return [check.label for check in self.checks if not check.met]


def export_checklist(facts: dict[str, Any]) -> list[MarketReadiness]:
    """Every market's requirements compared with the facts of one product."""
    return [
        MarketReadiness(
            market.code,
            str(market.name),
            [_check(fact, need, facts) for fact, need in market.requires.items()],
        )
        for market in EXPORT_MARKETS
    ]


def _check(fact: str, need: int | bool, facts: dict[str, Any]) -> Check:
    value = facts.get(fact)
    label = str(FACT_LABELS[fact])
    if need is True:
        return Check(fact, label, str(_("wajib ada")), _yes_no(value), bool(value))
    months = None if value is None else int(value)
    return Check(
        fact,
        label,
        str(_("minimal %(n)s bulan")) % {"n": need},
        str(_("%(n)s bulan")) % {"n": months} if months is not None else str(_("belum diisi")),
        months is not None and months >= int(need),
    )


def _yes_no(value: Any) -> str:
    if value is None:
        return str(_("belum diperiksa"))
    return str(_("ada")) if value else str(_("tidak ada"))
