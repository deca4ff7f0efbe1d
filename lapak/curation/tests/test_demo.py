from __future__ import annotations

from typing import Any

import pytest

from lapak.catalog.demo import demo_products_create
from lapak.conftest import SURABAYA
from lapak.curation.demo import DEMO_KABKOTA, OPEN_TASKS, PANEL_CURATOR, demo_curation_create
from lapak.curation.models import (
    Assessment,
    AssignmentStatus,
    CurationAssignment,
    CurationRound,
    UnggulanList,
)
from lapak.registry.models import Sector

pytestmark = pytest.mark.django_db


def test_the_demo_curates_products_and_confirms_surabaya(
    users: dict, make_business: Any, sampang_business: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    for number in range(8):
        sector = Sector.FOOD if number % 2 else Sector.CRAFT
        make_business(
            SURABAYA, name=f"Usaha Surabaya {number}", sector=sector, owner_nik=f"35780150019000{number:02d}"
        )
    demo_products_create(seed=7, per_kabkota=8)

    curated = demo_curation_create(seed=7)
    assert curated > 0
    open_tasks = CurationAssignment.objects.filter(curator=users["kurator"], status=AssignmentStatus.ASSIGNED)
    assert open_tasks.count() == OPEN_TASKS
    panel = CurationRound.objects.filter(
        assignments__curator__username=PANEL_CURATOR, product__business__kabkota_id=DEMO_KABKOTA
    )
    assert panel.exists() and all(r.number == 1 and r.assignments.count() == 2 for r in panel.distinct())
    owner_rounds = CurationRound.objects.filter(product__business__owner_account=users["pemilik"])
    assert list(owner_rounds.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert Assessment.objects.filter(photos__isnull=False).exists()
    confirmed = UnggulanList.objects.get()
    assert confirmed.title == "Produk Unggulan Kota Surabaya 2026" and confirmed.entries.exists()
    assert demo_curation_create(seed=7) == 0, "a second run adds nothing"
