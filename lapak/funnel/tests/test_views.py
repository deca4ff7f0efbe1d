"""Funnel pages: scope (own kab/kota only), no personal data for pimpinan, target forms, exports."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lapak.conftest import PASSWORD, SAMPANG, SURABAYA
from lapak.core.models import AccessLog, Job
from lapak.funnel.models import BusinessSupply, Indicator, Target
from lapak.funnel.services import funnel_refresh
from lapak.funnel.tests.conftest import NOW
from lapak.mentoring.models import MemberRole, Team, TeamMembership
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def both(sampang_business: Business, surabaya_business: Business) -> tuple[Business, Business]:
    funnel_refresh(now=NOW)
    return sampang_business, surabaya_business


def test_an_operator_sees_only_their_kabkota(users: dict, both: tuple) -> None:
    page = login(users["operator"]).get(reverse("funnel:dashboard")).content.decode()
    assert "Batik Tulis Sekar Jagad" in page and "Kue Lapis Surabaya" not in page
    assert "Siti Aminah" in page  # the operator may see owners


def test_asking_for_another_kabkota_shows_nothing_of_it(users: dict, both: tuple) -> None:
    response = login(users["operator"]).get(reverse("funnel:dashboard"), {"kabkota": SURABAYA})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kue Lapis Surabaya" not in page
    assert response.context["form"].errors["kabkota"]
    export = login(users["operator"]).get(reverse("funnel:stuck_export"), {"kabkota": SURABAYA})
    names = [
        row[0]
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=5, values_only=True)
    ]
    assert names == ["Batik Tulis Sekar Jagad"]


def test_pimpinan_sees_the_province_without_personal_data(users: dict, both: tuple) -> None:
    client = login(users["pimpinan"])
    page = client.get(reverse("funnel:dashboard")).content.decode()
    assert "Batik Tulis Sekar Jagad" in page and "Kue Lapis Surabaya" in page
    assert "Siti Aminah" not in page and "81234567890" not in page and "Pemilik" not in page
    export = client.get(reverse("funnel:stuck_export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Pemilik" not in cells and "Siti Aminah" not in cells
    assert AccessLog.objects.filter(user=users["pimpinan"], object_repr="funnel:stuck.xlsx").exists()


def test_the_operator_export_carries_owner_contact_and_is_logged(users: dict, both: tuple) -> None:
    export = login(users["operator"]).get(reverse("funnel:stuck_export"))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=4, values_only=True))
    assert rows[0][-2:] == ("Pemilik", "Telepon")
    assert rows[1][-2:] == ("Siti Aminah", "+6281234567890")
    assert AccessLog.objects.filter(user=users["operator"]).count() == 1


@pytest.mark.parametrize("role", ["kurator", "pemilik", "mitra"])
def test_other_roles_are_refused(users: dict, both: tuple, role: str) -> None:
    client = login(users[role])
    for name in ("funnel:dashboard", "funnel:targets", "funnel:priority", "funnel:pairing", "funnel:supply"):
        assert client.get(reverse(name)).status_code == 403, name


TARGET_POST = {
    "programme": "Program UMKM Go Digital Jawa Timur 2026",
    "indicator": Indicator.MARKETPLACE,
    "region": "35",
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
    "value": "27000",
}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"value": "-27000"}, "value", "Nilai target harus bilangan bulat lebih dari 0."),
        ({"value": "banyak"}, "value", "Nilai target harus bilangan bulat."),
        ({"period_end": "2025-12-31"}, "period_end", "Akhir periode tidak boleh sebelum awal periode."),
        (
            {"indicator": "omzet"},
            "indicator",
            "Indikator tidak dikenal. Pilih salah satu indikator yang tersedia.",
        ),
        ({"region": SURABAYA + ".01"}, "region", "Wilayah tidak dikenal atau di luar wilayah kerja Anda."),
    ],
)
def test_a_bad_target_form_says_why_and_saves_nothing(
    users: dict, change: dict, field: str, message: str
) -> None:
    response = login(users["admin"]).post(reverse("funnel:target_create"), TARGET_POST | change)
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not Target.objects.exists()


def test_an_admin_sets_changes_and_deletes_a_target(users: dict, both: tuple) -> None:
    client = login(users["admin"])
    assert client.post(reverse("funnel:target_create"), TARGET_POST).status_code == 302
    target = Target.objects.get()
    page = client.get(reverse("funnel:targets")).content.decode()
    assert "Program UMKM Go Digital Jawa Timur 2026" in page and "<progress" in page
    changed = TARGET_POST | {"value": "30000"}
    assert client.post(reverse("funnel:target_update", args=[target.pk]), changed).status_code == 302
    assert Target.objects.get().value == 30_000
    assert client.post(reverse("funnel:target_delete", args=[target.pk])).status_code == 302
    assert not Target.objects.exists()


def test_targets_of_another_kabkota_stay_hidden(users: dict) -> None:
    year = {"indicator": Indicator.MARKETPLACE, "period_start": "2026-01-01", "period_end": "2026-12-31"}
    sampang = Target.objects.create(programme="Sampang", region_id=SAMPANG, value=400, **year)
    surabaya = Target.objects.create(programme="Surabaya", region_id=SURABAYA, value=900, **year)
    client = login(users["operator"])
    page = client.get(reverse("funnel:targets")).content.decode()
    assert "Sampang" in page and "Surabaya" not in page
    assert client.get(reverse("funnel:target_update", args=[surabaya.pk])).status_code == 404
    assert client.get(reverse("funnel:target_update", args=[sampang.pk])).status_code == 403
    assert client.post(reverse("funnel:target_delete", args=[surabaya.pk])).status_code == 404
    assert Target.objects.count() == 2


def test_priority_page_and_export(users: dict, both: tuple) -> None:
    client = login(users["operator"])
    page = client.get(reverse("funnel:priority"), {"level": 4}).content.decode()
    assert both[0].desa.name in page and both[1].desa.name not in page
    export = client.get(reverse("funnel:priority_export"), {"level": 4})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=5, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [(1, both[0].desa_id)]
    assert AccessLog.objects.filter(object_repr="funnel:priority.xlsx").count() == 1


def test_supply_is_recorded_and_reported(users: dict, both: tuple) -> None:
    sampang, _surabaya = both
    url = reverse("funnel:supply_set", args=[sampang.pk])
    assert login(users["pendamping"]).post(url, {"mode": "reseller"}).status_code == 302
    assert BusinessSupply.objects.get().mode == "reseller"
    assert login(users["other_operator"]).post(url, {"mode": "kreator"}).status_code == 404
    assert login(users["pimpinan"]).post(url, {"mode": "kreator"}).status_code == 403
    assert BusinessSupply.objects.get().mode == "reseller"
    report = login(users["admin"]).get(reverse("funnel:supply"))
    by_kabkota = {row.key: (row.reseller, row.unknown) for row in report.context["by_kabkota"]}
    assert by_kabkota == {SAMPANG: (1, 0), SURABAYA: (0, 1)}


def test_pairing_names_exporters_only_to_those_who_may_see_them(
    users: dict, both: tuple, make_business: Callable[..., Business]
) -> None:
    from lapak.catalog.models import Product
    from lapak.registry.models import Sector

    sampang, _surabaya = both
    Business.objects.filter(pk=sampang.pk).update(sector=Sector.FOOD)
    exporter = make_business(SURABAYA, name="Sambal Ekspor", owner_nik="3578015001900003", sector=Sector.FOOD)
    Product.objects.create(
        business=exporter, name="Sambal Bawang", category="pangan.sambal", is_exported=True
    )
    operator_gaps = login(users["operator"]).get(reverse("funnel:pairing")).context["gaps"]
    food = next(g for g in operator_gaps if g.sector == Sector.FOOD)
    assert (food.kabkota, [p.kabkota for p in food.partners]) == (SAMPANG, [SURABAYA])
    assert food.partners[0].businesses == []  # a Surabaya business is not the Sampang operator's to see
    team = Team.objects.create(name="Tim Ekspor", organisation="Dinas", region_id=SURABAYA)
    team.businesses.add(exporter)
    TeamMembership.objects.create(team=team, user=users["pendamping"], role=MemberRole.LEAD)
    admin_gaps = login(users["admin"]).get(reverse("funnel:pairing")).context["gaps"]
    partner = next(g for g in admin_gaps if g.sector == Sector.FOOD).partners[0]
    assert (partner.businesses, partner.mentors) == (["Sambal Ekspor"], ["Pendamping"])
    pimpinan_page = login(users["pimpinan"]).get(reverse("funnel:pairing"))
    partner = next(g for g in pimpinan_page.context["gaps"] if g.sector == Sector.FOOD).partners[0]
    assert partner.mentors == [] and "Pendamping:" not in pimpinan_page.content.decode()


def test_a_refresh_is_queued_by_admins_only(users: dict) -> None:
    assert login(users["operator"]).post(reverse("funnel:refresh")).status_code == 403
    response = login(users["admin"]).post(reverse("funnel:refresh"))
    assert response.status_code == 302 and Job.objects.filter(kind="funnel.refresh").count() == 1
