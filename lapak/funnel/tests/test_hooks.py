"""The funnel follows the facts without anyone calling it: a business's row changes with its events."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.funnel.models import BusinessFunnel
from lapak.registry.models import Business, DocumentKind, LegalityDocument

pytestmark = pytest.mark.django_db


def stage_of(business: Business) -> int | None:
    row = BusinessFunnel.objects.filter(business=business).first()
    return row.current_stage if row else None


def test_a_new_business_and_a_changed_document_refresh_its_row(
    make_business: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        business = make_business()
    assert stage_of(business) == 1
    with django_capture_on_commit_callbacks(execute=True):
        document = LegalityDocument.objects.create(
            business=business, kind=DocumentKind.NIB, number="1234567890123"
        )
    row = BusinessFunnel.objects.get(business=business)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert BusinessFunnel.objects.get(business=business).current_stage == 1
    assert row.business_id == business.pk
