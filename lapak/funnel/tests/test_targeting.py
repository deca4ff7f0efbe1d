"""The priority list: the score breakdown by hand, and the figures read from regions, funnel and visits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from lapak.conftest import SAMPANG, SURABAYA
from lapak.funnel.services import funnel_refresh
from lapak.funnel.targeting import PriorityRow, priority_list, rank
from lapak.funnel.tests.conftest import NOW, curate, listing, make_legal
from lapak.mentoring.models import Team, Visit, VisitStatus
from lapak.regions.models import POVERTY_RATE, Region, RegionIndicator
from lapak.registry.models import Business


def row(code: str, rate: str | None, offline: int, visits: int) -> PriorityRow:
    return PriorityRow(
        code=code, name=code, parent_name="", kabkota_name="", businesses=offline, offline=offline,
        visits=visits, poverty_rate=Decimal(rate) if rate else None, poverty_from="kab/kota",
    )  # fmt: skip


def test_the_score_adds_up_its_scaled_weighted_parts() -> None:
    # Highest: poverty 20%, 100 offline, 0.2 visits per offline business.
    # A: 100x40% + 50x40% + (100-0)x20% = 80;  B: 50x40% + 100x40% + (100-50)x20% = 70;
    # C: no rate 0 + 25x40% + (100-100)x20% = 10.
    a, b, c = row("A", "20", 50, 0), row("B", "10", 100, 10), row("C", None, 25, 5)
    ranked = rank([c, b, a])
    assert [(r.code, r.rank, r.score) for r in ranked] == [("A", 1, 80.0), ("B", 2, 70.0), ("C", 3, 10.0)]
    assert {k: (p.raw, p.scaled, p.contribution) for k, p in b.parts.items()} == {
        "poverty": (10.0, 50.0, 20.0),
        "offline": (100, 100.0, 40.0),
        "mentoring": (0.1, 50.0, 10.0),
    }


def test_without_any_visit_every_region_has_the_full_mentoring_gap() -> None:
    ranked = rank([row("A", "5", 3, 0), row("B", "5", 6, 0)])
    assert [r.parts["mentoring"].scaled for r in ranked] == [100.0, 100.0]
    assert [r.code for r in ranked] == ["B", "A"]


@pytest.fixture
def sampang_places(make_business: Callable[..., Business], users: dict) -> dict[str, Any]:
    """Two Sampang kecamatan: the first with two businesses not online (one visited), the second with
    one not online and one live on Shopee; a kecamatan poverty figure for the second only."""
    kecamatans = list(Region.objects.filter(parent_id=SAMPANG).order_by("code")[:2])
    desas = [Region.objects.filter(parent=k).order_by("code")[0] for k in kecamatans]
    made = [
        make_business(SAMPANG, name=f"Usaha {i}", owner_nik=f"35270145078500{i:02d}", desa=desas[i // 2])
        for i in range(4)
    ]
    make_legal(made[3])
    listing(curate(made[3]))
    funnel_refresh(now=NOW)
    RegionIndicator.objects.create(
        region_id=SAMPANG,
        indicator=POVERTY_RATE,
        year=2024,
        period="Maret",
        value=Decimal("20.83"),
        source="BPS",
    )
    RegionIndicator.objects.create(
        region_id=kecamatans[1].code, indicator=POVERTY_RATE, year=2024, value=Decimal("25.10"), source="BPS"
    )
    team = Team.objects.create(name="Tim Sampang", organisation="Dinas", region_id=SAMPANG)
    visit = Visit.objects.create(
        team=team, mentor=users["pendamping"], status=VisitStatus.DONE, visit_date=date(2026, 10, 1),
        place=desas[0],
    )  # fmt: skip
    visit.businesses.add(made[0])
    return {"kecamatans": kecamatans, "businesses": made}


@pytest.mark.usefixtures("rubric_versions")
def test_it_ranks_kecamatan_by_poverty_offline_businesses_and_visits(
    users: dict, sampang_places: dict
) -> None:
    first, second = sampang_places["kecamatans"]
    rows = priority_list(user=users["operator"], level=3)
    by_code = {r.code: r for r in rows}
    assert (by_code[first.code].offline, by_code[first.code].businesses, by_code[first.code].visits) == (
        2,
        2,
        1,
    )
    assert (by_code[second.code].offline, by_code[second.code].businesses) == (1, 2)
    assert (by_code[first.code].poverty_rate, by_code[first.code].poverty_from) == (
        Decimal("20.83"),
        "kab/kota",
    )
    assert (by_code[second.code].poverty_rate, by_code[second.code].poverty_from) == (
        Decimal("25.10"),
        "kecamatan",
    )
    # first: 20.83/25.10 → 83.0 x 40% + 100 x 40% + 0 gap; second: 100 x 40% + 50 x 40% + 100 x 20%.
    assert by_code[first.code].score == round(33.2 + 40 + 0, 1)
    assert by_code[second.code].score == 80.0
    assert [r.code for r in rows] == [second.code, first.code]


@pytest.mark.usefixtures("rubric_versions")
def test_an_operator_of_another_kabkota_gets_none_of_it(users: dict, sampang_places: dict) -> None:
    assert priority_list(user=users["other_operator"], level=3) == []
    assert {r.kabkota_name for r in priority_list(user=users["admin"], level=4)} == {"Kabupaten Sampang"}
    assert priority_list(user=users["admin"], level=3, kabkota=SURABAYA) == []
