"""The options endpoint behind dependent selects and the indicator page.

Region names are public reference data, so a Sampang and a Surabaya operator get the same options.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lapak.regions.selectors import region_children
from lapak.regions.services import indicators_seed

PLACEHOLDER = '<option value="">— pilih —</option>'


def _options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)">', html)


def _get_options(client: Client, **params: str) -> Any:
    return client.get(reverse("regions:options"), params)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["operator", "other_operator"])
def test_it_lists_the_kecamatan_of_sampang(client: Client, users: dict[str, Any], role: str) -> None:
    client.force_login(users[role])

    response = _get_options(client, parent="35.27", name="kecamatan")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(PLACEHOLDER)
    expected = list(region_children(parent_code="35.27").values_list("code", flat=True))
    assert len(expected) == 14
    assert _options(html) == ["", *expected]
    assert ">Camplong</option>" in html


@pytest.mark.django_db
def test_it_lists_the_villages_of_a_kecamatan(client: Client, users: dict[str, Any]) -> None:
    client.force_login(users["operator"])

    html = _get_options(client, parent="35.27.01", name="desa").content.decode()

    codes = _options(html)[1:]
    assert codes and all(code.startswith("35.27.01.") for code in codes)
    assert ">Noreh</option>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"parent": "99.99", "name": "kecamatan"},
        {"parent": "", "name": "kecamatan"},
        {"name": "desa"},
        {"parent": "35.27", "name": "desa"},  # a kab/kota code where a kecamatan is expected
    ],
)
def test_it_returns_only_the_placeholder_for_no_match(
    client: Client, users: dict[str, Any], params: dict[str, str]
) -> None:
    client.force_login(users["operator"])

    response = _get_options(client, **params)

    assert response.status_code == 200
    assert _options(response.content.decode()) == [""]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["regions:options", "regions:indicators"])
def test_it_sends_anonymous_users_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name), {"parent": "35.27"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_it_shows_the_kabkota_table_with_poverty_rates(client: Client, users: dict[str, Any]) -> None:
    indicators_seed()
    client.force_login(users["other_operator"])

    response = client.get(reverse("regions:indicators"))

    assert response.status_code == 200
    assert len(response.context["summaries"]) == 38
    html = response.content.decode()
    assert "Kabupaten Sampang" in html and "Kota Surabaya" in html
    assert "20,83" in html and "Maret 2024" in html
    assert 'href="https://databoks.katadata.co.id/' in html
    assert "9,50" in html  # the province's own rate, March 2025
    assert "666" in html and "7.721" in html
