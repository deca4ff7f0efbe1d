"""End-to-end in Debian's chromium on a phone-sized screen: a mentor records a visit with no signal, the
page keeps it and sends it when the connection returns, and the team lead sees it on the supervisor page."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.conftest import BROWSER_MARKS, browser_login
from lapak.mentoring.models import Team, Visit, VisitStatus

pytestmark = BROWSER_MARKS

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.django_db(transaction=True)
def test_a_visit_typed_offline_is_sent_when_the_phone_is_back_online(
    page: Any, live_server: Any, users: dict, lead: Any, sampang_team: Team, sampang_business: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    browser_login(page, base, "pendamping")
    page.click("header nav a:has-text('Pendampingan')")
    page.click("a[role=button]:has-text('Catat kunjungan')")
    page.wait_for_selector("h1:has-text('Catat kunjungan')")
    assert page.evaluate(OVERFLOW) <= 0, "the visit form is wider than the phone"

    page.fill("#business-filter", sampang_business.name[:10].lower())
    page.click("button[data-server-search]")  # asks the server for the name, while there is signal
    page.wait_for_url("**/kunjungan/baru/?q=batik*")

    page.context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    page.check(f"input[name=businesses][value='{sampang_business.pk}']")
    page.check("input[name=topics][value=foto_produk]")
    page.check("input[name=topics][value=toko_marketplace]")
    page.fill("textarea[name=outcome]", "Toko Shopee dibuka, tiga produk diunggah.")
    page.click("button[type=submit]:has-text('Simpan kunjungan')")
    page.wait_for_selector("#offline-notice:has-text('Tersimpan di perangkat, akan dikirim saat tersambung')")
    assert "Toko Shopee dibuka" not in page.input_value("textarea[name=outcome]")  # ready for the next one
    assert page.locator("#offline-queue li").count() == 1
    assert not Visit.objects.exists()

    page.context.set_offline(False)
    page.wait_for_selector("#offline-notice:has-text('sudah terkirim: 1')")
    assert page.locator("#offline-queue").is_hidden()
    visit = Visit.objects.get()
    assert visit.status == VisitStatus.DONE and visit.mentor == users["pendamping"]
    assert list(visit.businesses.all()) == [sampang_business]
    page.evaluate("window.lapakVisitSync()")  # a second send finds nothing left to send
    assert Visit.objects.count() == 1

    page.context.clear_cookies()
    browser_login(page, base, lead.username)
    page.goto(f"{base}/pendampingan/supervisi/")
    group = page.locator("section.mentor-group", has_text=str(users["pendamping"]))
    assert sampang_business.name in group.inner_text() and "Foto produk" in group.inner_text()
    assert page.evaluate(OVERFLOW) <= 0, "the supervisor page is wider than the phone"
