"""How a business's overall legality status follows from the verification status of its documents."""

from collections.abc import Iterable

from lapak.registry.models import LegalityStatus, VerificationStatus


def legality_status_from(document_statuses: Iterable[str]) -> LegalityStatus:
    """Rejected beats pending beats verified; no documents at all is its own status."""
    statuses = set(document_statuses)
    if not statuses:
        return LegalityStatus.NONE
    if VerificationStatus.REJECTED in statuses:
        return LegalityStatus.REJECTED
    if VerificationStatus.PENDING in statuses:
        return LegalityStatus.PENDING
    return LegalityStatus.VERIFIED
