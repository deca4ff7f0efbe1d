"""The attack pass over every writing operation of the JSON API (lapak/api/openapi.json): over-long
strings, wrong types and unknown ids are answered 4xx and write nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from lapak.api.services import partner_key_issue
from lapak.channels.models import PARTNER_SCOPES, Channel
from lapak.core.tests.attack_kit import changed, fingerprint

OPENAPI = json.loads((Path(__file__).resolve().parents[2] / "api" / "openapi.json").read_text())
WRITES = sorted(
    (method, path)
    for path, operations in OPENAPI["paths"].items()
    for method in operations
    if method in ("post", "put", "patch", "delete")
)
# A well-formed body for each operation: every attack changes one thing in it.
VALID = {
    "/api/v1/mitra/pesanan/": {
        "orders": [
            {
                "shop_id": "7788", "order_id": "T-1", "created_at": "2026-11-20T10:15:00+07:00",
                "status": "DIKIRIM", "buyer_city": "Kota Medan", "buyer_province": "Sumatera Utara",
                "buyer_country": "ID", "lines": [{"seller_sku": "KTS-250", "quantity": 3, "unit_price": 1}],
            }
        ]
    },
    "/api/v1/mitra/tayangan/": {"listings": [{"external_id": "TT-1", "status": "live", "reason": ""}]},
}  # fmt: skip
LONG = "x" * 100_000


def _strings(body: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every string and number in a JSON body."""
    if isinstance(body, dict):
        return [found for key, value in body.items() for found in _strings(value, (*path, key))]
    if isinstance(body, list):
        return [found for index, value in enumerate(body) for found in _strings(value, (*path, index))]
    return [path]


def _with(body: Any, path: tuple, value: Any) -> Any:
    copy = json.loads(json.dumps(body))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def _attacks(body: dict) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for path in _strings(body):
        leaf = body
        for step in path:
            leaf = leaf[step]
        label = ".".join(map(str, path))
        if isinstance(leaf, str):
            found += [(f"{label} long", _with(body, path, LONG)), (f"{label} object", _with(body, path, {}))]
        else:
            found += [
                (f"{label} text", _with(body, path, "abc")),
                (f"{label} huge", _with(body, path, 10**30)),
            ]
    top = next(iter(body))
    found += [("not a list", {top: "abc"}), ("empty", {}), ("not JSON", "' OR 1=1 --")]
    return found


def test_it_attacks_every_writing_operation() -> None:
    assert [path for _method, path in WRITES] == sorted(VALID), "add a valid body for the new operation"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_every_write_refuses_bad_bodies(method: str, path: str, users: dict, sampang_business: Any) -> None:
    channel = Channel.objects.get(code="tiktok")
    secret = partner_key_issue(actor=users["admin"], channel=channel, name="TikTok", scopes=PARTNER_SCOPES)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    # The valid body itself names a shop and a listing nobody has: unknown ids.
    for what, body in [("unknown ids", VALID[path]), *_attacks(VALID[path])]:
        before = fingerprint()
        payload = body if isinstance(body, str) else json.dumps(body)
        response = getattr(client, method)(path, payload, content_type="application/json")
        assert 400 <= response.status_code < 500, f"{path} {what}: {response.status_code}"
        assert response["Content-Type"].startswith("application/"), f"{path} {what}: not JSON"
        assert not changed(before, fingerprint()), f"{path} {what} changed data"
    anonymous = Client().post(path, json.dumps(VALID[path]), content_type="application/json")
    assert anonymous.status_code == 401
