"""``refused_back``: a 422 that sends the browser back to a page of this site, the reason queued for it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from lapak.core.responses import refused_back


def _request(**headers: Any) -> Any:
    request = RequestFactory().post("/kanal/usaha/1/penjualan/", headers=headers)
    request.session = {}
    request._messages = FallbackStorage(request)
    request.user = None
    return request


@pytest.mark.django_db
def test_it_answers_422_with_a_refresh_to_the_named_page() -> None:
    request = _request()
    messages.error(request, "Jumlah harus angka.")
    response = refused_back(request, "registry:business_detail", pk=7)
    body = response.content.decode()
    assert response.status_code == 422
    assert '<meta http-equiv="refresh" content="0; url=/usaha/7/">' in body
    assert "Jumlah harus angka." not in body  # the page it goes back to shows it
    assert [str(m) for m in request._messages] == ["Jumlah harus angka."]


@pytest.mark.django_db
def test_it_never_sends_the_browser_to_another_site() -> None:
    response = refused_back(_request(), "https://contoh.example/ambil")
    assert response.status_code == 422
    assert "contoh.example" not in response.content.decode()
    assert 'url=/"' in response.content.decode()


@pytest.mark.django_db
def test_htmx_is_told_where_to_go() -> None:
    response = refused_back(_request(HX_Request="true"), "/usaha/")
    assert response.status_code == 422
    assert response.headers["HX-Redirect"] == "/usaha/"


@pytest.mark.django_db
def test_refused_with_queues_every_message_of_the_error() -> None:
    from django.core.exceptions import ValidationError

    from lapak.core.responses import refused_with

    request = _request()
    response = refused_with(request, ValidationError(["Satu.", "Dua."]), "/usaha/")
    assert response.status_code == 422
    assert [str(m) for m in request._messages] == ["Satu.", "Dua."]
