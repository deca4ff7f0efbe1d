"""Report pages: the archive per scope, the request form, downloads, share links and their landing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lapak.conftest import PASSWORD, SAMPANG, SURABAYA
from lapak.core.models import AccessLog
from lapak.reports.models import Report, ReportKind, ShareLink

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def sampang(make_report: Callable[..., Report]) -> Report:
    return make_report(ReportKind.KABKOTA, SAMPANG, title="Laporan UMKM Kab. Sampang, Oktober 2026")


def test_the_archive_lists_only_what_the_user_may_read(
    users: dict, sampang: Report, make_report: Callable[..., Report]
) -> None:
    make_report(ReportKind.KABKOTA, SURABAYA, title="Laporan UMKM Kota Surabaya, Oktober 2026")
    make_report(ReportKind.BRIEF, "35", title="Ringkasan Bulanan UMKM Provinsi Jawa Timur, Oktober 2026")
    page = login(users["operator"]).get(reverse("reports:archive")).content.decode()
    assert "Kab. Sampang" in page and "Kota Surabaya" not in page and "Ringkasan Bulanan" not in page
    page = login(users["pimpinan"]).get(reverse("reports:archive")).content.decode()
    assert "Kab. Sampang" in page and "Kota Surabaya" in page and "Ringkasan Bulanan" in page
    assert login(users["pendamping"]).get(reverse("reports:archive")).status_code == 403


def test_the_menu_shows_reports_to_readers_only(users: dict) -> None:
    link = f'href="{reverse("reports:archive")}"'
    assert link in login(users["dekranasda"]).get(reverse("reports:archive")).content.decode()
    assert link not in login(users["kurator"]).get(reverse("curation:home")).content.decode()


def test_the_form_queues_a_report_and_shows_its_progress(users: dict) -> None:
    client = login(users["operator"])
    response = client.post(
        reverse("reports:create"), {"kind": "kabkota", "period": "2026-10", "region": SAMPANG}
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in page and reverse("reports:status", args=[report.pk]) in page


def test_the_form_says_which_field_is_wrong(users: dict) -> None:
    client = login(users["operator"])
    response = client.post(
        reverse("reports:create"), {"kind": "kabkota", "period": "2026-10", "region": SURABAYA}
    )
    assert response.status_code == 422 and Report.objects.count() == 0
    assert response.context["form"].errors["region"]
    response = client.post(
        reverse("reports:create"), {"kind": "kabkota", "period": "Oktober", "region": SAMPANG}
    )
    assert response.context["form"].errors["period"] == [
        "Bulan tidak sah; gunakan format TTTT-BB, misalnya 2026-10."
    ]


def test_the_status_partial_reloads_the_page_once_the_report_is_finished(
    users: dict, sampang: Report
) -> None:
    client = login(users["operator"])
    url = reverse("reports:status", args=[sampang.pk])
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    Report.objects.filter(pk=sampang.pk).update(status="running")
    response = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in response and 'hx-trigger="every 1s"' in response.content.decode()


def test_a_failed_report_can_be_made_again(users: dict, sampang: Report) -> None:
    Report.objects.filter(pk=sampang.pk).update(status="failed", message="Pango tidak ada")
    client = login(users["operator"])
    page = client.get(reverse("reports:detail", args=[sampang.pk])).content.decode()
    assert "Pango tidak ada" in page
    form = page[page.index('id="retry-form"') : page.index("</form>", page.index('id="retry-form"'))]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert fields == {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], "kind": "kabkota",
                      "period": "2026-10", "region": SAMPANG}  # fmt: skip
    response = client.post(reverse("reports:create"), fields)
    again = Report.objects.latest("pk")
    assert response.status_code == 302 and again.pk != sampang.pk and again.status == "queued"
    assert (again.kind, again.period, again.region_id) == (sampang.kind, sampang.period, SAMPANG)


def test_a_download_is_logged(users: dict, sampang: Report) -> None:
    response = login(users["operator"]).get(reverse("reports:pdf", args=[sampang.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    log = AccessLog.objects.get()
    assert (log.user, log.object_repr) == (users["operator"], f"report:{sampang.pk}:pdf")


def share(client: Client, report: Report, **data: str) -> ShareLink:
    response = client.post(reverse("reports:share_create", args=[report.pk]), data)
    assert response.status_code == 302
    return ShareLink.objects.filter(report=report).latest("pk")


def test_a_share_link_opens_for_a_colleague_in_scope(users: dict, sampang: Report) -> None:
    link = share(login(users["operator"]), sampang)
    url = reverse("reports:share_open", args=[link.token])
    response = login(users["pimpinan"]).get(url)
    assert response.status_code == 200
    assert "Dibagikan oleh" in response.content.decode() and sampang.title in response.content.decode()


def test_a_share_link_does_not_widen_anyones_scope(users: dict, sampang: Report) -> None:
    url = reverse("reports:share_open", args=[share(login(users["operator"]), sampang).token])
    assert login(users["other_operator"]).get(url).status_code == 404
    assert login(users["dekranasda"]).get(url).status_code == 404  # a kab/kota report, not a crafts one
    assert login(users["pendamping"]).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_login(users: dict, sampang: Report) -> None:
    url = reverse("reports:share_open", args=[share(login(users["operator"]), sampang).token])
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_revoked_or_expired_link_is_refused(users: dict, sampang: Report) -> None:
    client = login(users["operator"])
    link = share(client, sampang)
    url = reverse("reports:share_open", args=[link.token])
    assert client.post(reverse("reports:share_revoke", args=[link.pk])).status_code == 302
    response = client.get(url)
    assert response.status_code == 410 and "sudah dicabut" in response.content.decode()
    expired = share(client, sampang)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    response = client.get(reverse("reports:share_open", args=[expired.token]))
    assert response.status_code == 410 and "kedaluwarsa" in response.content.decode()


def test_an_unknown_token_is_not_found(users: dict) -> None:
    assert login(users["pimpinan"]).get(reverse("reports:share_open", args=["x" * 43])).status_code == 404


def test_another_kabkota_cannot_revoke_a_link(users: dict, sampang: Report) -> None:
    link = share(login(users["operator"]), sampang)
    assert (
        login(users["other_operator"]).post(reverse("reports:share_revoke", args=[link.pk])).status_code
        == 404
    )
    link.refresh_from_db()
    assert link.revoked_at is None


def test_dekranasda_opens_the_crafts_report_of_their_kabkota(
    users: dict, make_report: Callable[..., Report]
) -> None:
    crafts = make_report(ReportKind.CRAFTS, SAMPANG)
    other = make_report(ReportKind.CRAFTS, SURABAYA)
    client = login(users["dekranasda"])
    assert client.get(reverse("reports:detail", args=[crafts.pk])).status_code == 200
    assert client.get(reverse("reports:detail", args=[other.pk])).status_code == 404
    url = reverse("reports:share_open", args=[share(client, crafts).token])
    assert login(users["operator"]).get(url).status_code == 200
    assert login(users["other_operator"]).get(url).status_code == 404
