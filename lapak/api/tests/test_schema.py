"""The committed OpenAPI document is the code's: a change that drifts fails here with the command to run."""

from __future__ import annotations

import json

from django.test import Client

from lapak.api.api import SCHEMA_FILE, openapi_document, openapi_text
from lapak.api.management.commands.api_schema import REGENERATE


def test_the_committed_document_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == openapi_text(), f"lapak/api/openapi.json is stale; regenerate it with: {REGENERATE}"


def test_it_documents_every_operation_with_tokens_scopes_and_limits() -> None:
    document = openapi_document()
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len({op["operationId"] for op in operations}) == len(operations) == 16
    for operation in operations:
        assert "x-rate-limit" in operation and operation["security"], operation["operationId"]
        assert {"400", "401", "429"} <= set(operation["responses"]), operation["operationId"]
    push = document["paths"]["/api/v1/mitra/pesanan/"]["post"]
    assert push["security"] == [{"TokenMitra": ["pesanan:tulis"]}]
    assert push["x-rate-limit"] == {"partner": {"requests": 600, "window_seconds": 60}}
    public = document["paths"]["/api/v1/katalog/produk/"]["get"]
    assert public["security"] == [{}, {"TokenMitra": []}, {"TokenStaf": []}]


def test_the_served_document_is_the_committed_one_and_docs_are_offline(db: None) -> None:
    served = Client().get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.json() == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    page = Client().get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert Client().get("/static/ninja/swagger-ui-bundle.js").status_code == 200
