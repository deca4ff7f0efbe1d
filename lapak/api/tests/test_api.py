"""What every answer shares: the request id, the JSON error shape, rate limits with Retry-After."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .conftest import bearer, call

pytestmark = pytest.mark.django_db


def test_it_echoes_a_request_id_or_makes_one(tokens: dict) -> None:
    given = call("get", "/api/v1/usaha/", tokens["admin"], HTTP_X_REQUEST_ID="mitra-42.a:b")
    assert given["X-Request-Id"] == "mitra-42.a:b" == given.json()["request_id"]
    made = call("get", "/api/v1/usaha/", tokens["admin"])
    assert len(made["X-Request-Id"]) == 32 and made.json()["request_id"] == made["X-Request-Id"]
    other = call("get", "/api/v1/usaha/", tokens["admin"])
    assert other["X-Request-Id"] != made["X-Request-Id"]


def test_a_request_id_that_is_not_a_plain_token_is_replaced(tokens: dict) -> None:
    response = call("get", "/api/v1/usaha/", tokens["admin"], HTTP_X_REQUEST_ID="<script>" + "x" * 200)
    assert response["X-Request-Id"] != "<script>" and len(response["X-Request-Id"]) == 32


def test_errors_carry_the_request_id_too(tokens: dict) -> None:
    response = call("get", "/api/v1/usaha/", None, HTTP_X_REQUEST_ID="abc-1")
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "unauthenticated",
            "message": "Operasi ini memerlukan token (Authorization: Bearer …).",
            "details": [],
        },
        "request_id": "abc-1",
    }
    assert response["X-Request-Id"] == "abc-1"


def test_a_wrong_method_and_an_unknown_path_answer_in_json() -> None:
    wrong = Client().delete("/api/v1/usaha/")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert wrong["Allow"] == "GET" and wrong["X-Request-Id"]
    for path in ("/api/v1/tidak-ada/", "/api/v1/"):
        unknown = Client().get(path)
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"


def test_exceeding_the_limit_gives_429_with_retry_after(settings: Any, tokens: dict) -> None:
    settings.LAPAK_API_RATE_LIMITS = {"staff": (3, 60), "public": (2, 60)}
    answers = [call("get", "/api/v1/usaha/", tokens["admin"]) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["X-RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    limited = answers[3]
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["error"]["code"] == "rate_limited"
    assert limited.json()["error"]["message"].startswith("Terlalu banyak permintaan.")
    # Per token: another staff token still has its own allowance; the public counts per address.
    assert call("get", "/api/v1/usaha/", tokens["operator"]).status_code == 200
    public = [Client().get("/api/v1/data-terbuka/usaha/").status_code for _ in range(3)]
    assert public == [200, 200, 429]
    elsewhere = Client(REMOTE_ADDR="10.0.0.9").get("/api/v1/data-terbuka/usaha/")
    assert elsewhere.status_code == 200


def test_a_flood_of_bad_tokens_is_limited_per_address(settings: Any) -> None:
    settings.LAPAK_API_RATE_LIMITS = {"public": (2, 60)}
    statuses = [Client().get("/api/v1/usaha/", **bearer("lpt_tebakan")).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]  # a token that does not work counts like none, per address
