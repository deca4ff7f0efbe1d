"""Schemathesis against the committed OpenAPI document: every operation, with generated valid and
invalid input, called with no token and with working tokens of the kinds it serves; no server errors,
every answer in the document (status, content type, schema, headers).

Generation is deterministic, so CI is stable; set ``LAPAK_SCHEMATHESIS_RANDOM=1`` to explore.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, missing_required_header

from lapak.api.api import SCHEMA_FILE

# A schema cannot say that a cursor must be one we issued, a shop must be connected on the partner's
# channel or a time must fall in 2000-2100: such valid-looking input is refused with 400, by design.
# Unknown query parameters are ignored, as most APIs do, so they are not counted as invalid input.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "429"]},
        },
        "generation": {
            "database": "none",
            "allow-extra-parameters": False,
            "deterministic": not os.environ.get("LAPAK_SCHEMATHESIS_RANDOM"),
        },
    }
)
schema = schemathesis.openapi.from_path(SCHEMA_FILE, config=CONFIG)
schema.app = get_wsgi_application()

# Which tokens each part of the API is called with, besides the generated (mostly missing) one.
CALLERS = {"partner": ("partner_a", "partner_b"), "staff": ("operator", "pimpinan"), "public": ("partner_a",)}


def _callers(path: str) -> tuple[str, ...]:
    if path.startswith("/api/v1/mitra/"):
        return CALLERS["partner"]
    if path.startswith(("/api/v1/katalog/", "/api/v1/data-terbuka/")):
        return CALLERS["public"]
    return CALLERS["staff"]


@pytest.fixture
def quiet_limits(settings: Any) -> None:
    settings.LAPAK_API_RATE_LIMITS = {kind: (100_000, 60) for kind in ("public", "partner", "staff")}


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """Schemathesis calls the real WSGI handler, which closes the database connection after each request
    (it is inside the test's transaction, not in autocommit); Django's own test client stops that the
    same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("LAPAK_SCHEMATHESIS_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_document(
    case: Any,
    world: Any,
    tokens: dict,
    quiet_limits: None,
    connection_kept: None,
) -> None:
    generated = dict(case.headers or {})
    case.call_and_validate()
    for caller in _callers(case.path):
        # Set on the case (not passed to the call) so Schemathesis re-checks whether it is still invalid.
        # Two checks judge the generated Authorization header, which these calls replace with a real
        # token: they stay on for the call above.
        case.headers = {**generated, "Authorization": f"Bearer {tokens[caller]}"}
        case.call_and_validate(excluded_checks=[missing_required_header, ignored_auth])
