"""Who reads and requests which reports."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lapak.conftest import SAMPANG, SURABAYA
from lapak.reports.models import Report, ReportKind
from lapak.reports.selectors import report_kinds_for, report_regions_for, reports_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(make_report: Callable[..., Report]) -> dict[str, Report]:
    return {
        "brief": make_report(ReportKind.BRIEF, "35"),
        "sampang": make_report(ReportKind.KABKOTA, SAMPANG),
        "surabaya": make_report(ReportKind.KABKOTA, SURABAYA),
        "crafts_sampang": make_report(ReportKind.CRAFTS, SAMPANG),
        "crafts_province": make_report(ReportKind.CRAFTS, "35"),
    }


def visible(user: object, archive: dict[str, Report]) -> set[str]:
    pks = set(reports_visible_to(user=user).values_list("pk", flat=True))
    return {name for name, report in archive.items() if report.pk in pks}


def test_the_province_reads_every_report(users: dict, archive: dict[str, Report]) -> None:
    assert visible(users["admin"], archive) == set(archive)
    assert visible(users["pimpinan"], archive) == set(archive)


def test_an_operator_reads_their_kabkota_only_and_not_the_governors_brief(
    users: dict, archive: dict[str, Report]
) -> None:
    assert visible(users["operator"], archive) == {"sampang", "crafts_sampang"}
    assert visible(users["other_operator"], archive) == {"surabaya"}


def test_dekranasda_reads_the_crafts_reports_of_their_kabkota(
    users: dict, archive: dict[str, Report]
) -> None:
    assert visible(users["dekranasda"], archive) == {"crafts_sampang"}


@pytest.mark.parametrize("role", ["pendamping", "kurator", "pemilik", "mitra"])
def test_other_roles_read_no_report(role: str, users: dict, archive: dict[str, Report]) -> None:
    assert visible(users[role], archive) == set()
    assert report_kinds_for(user=users[role]) == []


def test_regions_offered_per_kind(users: dict) -> None:
    def codes(role: str, kind: str) -> list[str]:
        return list(report_regions_for(user=users[role], kind=kind).values_list("code", flat=True))

    assert codes("pimpinan", ReportKind.BRIEF) == ["35"]
    assert codes("pimpinan", ReportKind.CRAFTS)[:2] == ["35", "35.01"]
    assert len(codes("pimpinan", ReportKind.KABKOTA)) == 38 and "35" not in codes("admin", ReportKind.KABKOTA)
    assert codes("operator", ReportKind.KABKOTA) == [SAMPANG]
    assert codes("operator", ReportKind.BRIEF) == []
    assert codes("dekranasda", ReportKind.CRAFTS) == [SAMPANG]
    assert codes("dekranasda", ReportKind.KABKOTA) == []
