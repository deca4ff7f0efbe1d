"""Refusals in a real browser. A form that htmx submits and the server refuses with 422 still shows its
error (base.html tells htmx to swap 400 and 422 answers; htmx's own default drops every 4xx). An action
button refused with 422 sends the browser back to its page, where the reason is shown."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.conftest import BROWSER_MARKS, browser_login

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_a_refused_htmx_form_shows_its_error(
    page: Any, live_server: Any, users: dict, sampang_business: Any
) -> None:
    base = live_server.url
    browser_login(page, base, "operator")
    page.goto(f"{base}/usaha/{sampang_business.pk}/")
    reveal = page.locator("details.reveal").first
    reveal.locator("summary").click()
    reveal.locator("select[name=reason]").select_option("lainnya")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        reveal.locator("button[type=submit]").click()
    assert answer.value.status == 422
    page.wait_for_selector("#nik-value .error")
    assert "keterangan" in page.inner_text("#nik-value").lower()
    assert "3527014507850001" not in page.content()


@pytest.mark.django_db(transaction=True)
def test_a_refused_action_button_goes_back_to_its_page_with_the_reason(
    page: Any, live_server: Any, users: dict, sampang_business: Any
) -> None:
    from lapak.privacy import dsr
    from lapak.privacy.models import DsrKind, DsrStatus

    request = dsr.dsr_submit(
        requester=users["pemilik"], kind=DsrKind.PERBAIKAN, business=sampang_business, description="Salah"
    )
    base = live_server.url
    browser_login(page, base, "operator")
    detail = f"{base}/privasi/permintaan/{request.pk}/"
    page.goto(detail)
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.locator("button[name=decision][value=tolak]").click()
    assert answer.value.status == 422
    page.wait_for_url(detail)
    assert "Tuliskan alasan penolakan" in page.inner_text("ul.messages")
    request.refresh_from_db()
    assert request.status == DsrStatus.BARU
