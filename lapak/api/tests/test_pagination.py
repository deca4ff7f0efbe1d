"""Keyset pagination: pages follow a fixed order (id), so rows inserted while a client pages are neither
read twice nor skip others; the cursor is opaque and signed."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.conftest import SAMPANG
from lapak.registry.models import Business

from .conftest import call

pytestmark = pytest.mark.django_db


def test_no_duplicates_and_no_gaps_while_rows_are_inserted(make_business: Any, tokens: dict) -> None:
    for number in range(7):
        make_business(SAMPANG, name=f"Usaha {number}", owner_nik="")
    seen: list[int] = []
    cursor, inserted = None, 0
    while True:
        body = call(
            "get",
            "/api/v1/usaha/",
            tokens["operator"],
            {"limit": 3, **({"cursor": cursor} if cursor else {})},
        ).json()
        seen += [row["id"] for row in body["items"]]
        if inserted < 2:  # someone registers a business between two pages
            make_business(SAMPANG, name=f"Baru {inserted}", owner_nik="")
            inserted += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    everything = list(Business.objects.filter(kabkota_id=SAMPANG).order_by("pk").values_list("pk", flat=True))
    assert len(everything) == 9
    assert seen == everything  # each once, in id order, the late ones at the end


def test_a_page_holds_the_limit_and_says_when_it_is_the_last(make_business: Any, tokens: dict) -> None:
    for number in range(4):
        make_business(SAMPANG, name=f"Usaha {number}", owner_nik="")
    first = call("get", "/api/v1/usaha/", tokens["admin"], {"limit": 2}).json()
    second = call(
        "get", "/api/v1/usaha/", tokens["admin"], {"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert (len(first["items"]), len(second["items"]), second["next_cursor"]) == (2, 2, None)


@pytest.mark.parametrize("cursor", ["abc", "eyJmIjoiYnVzaW5lc3NlcyIsImsiOjF9", "x" * 2000])
def test_a_forged_cursor_is_a_400(cursor: str, tokens: dict) -> None:
    response = call("get", "/api/v1/usaha/", tokens["admin"], {"cursor": cursor})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_cursor"


def test_the_limit_is_bounded(tokens: dict) -> None:
    response = call("get", "/api/v1/usaha/", tokens["admin"], {"limit": 501})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == [
        {"field": "limit", "message": "Paling besar 500.", "index": None}
    ]
