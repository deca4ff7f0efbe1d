"""Reads for consent: who consents to what, the current wordings, a business's answers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lapak.registry.models import Business

from .models import CONSENT_ACTIVE, Consent, ConsentWording, Purpose


def consent_q(purpose: str, *, prefix: str = "") -> Q:
    """Rows whose business (reached through ``prefix``, e.g. ``"business__"``) has an open, granted
    consent for ``purpose``. One indexed semi-join (``privacy_consent_active``)."""
    active = Consent.objects.filter(CONSENT_ACTIVE, purpose=purpose)
    return Q(**{f"{prefix}pk__in": active.values("business_id")})


def businesses_consenting(purpose: str) -> QuerySet[Business]:
    """Businesses whose owner currently consents to ``purpose``."""
    return Business.objects.filter(consent_q(purpose))


def consent_current(*, business: Business, purpose: str) -> Consent | None:
    """The business's open answer for ``purpose`` (granted or refused), if any."""
    return (
        Consent.objects.filter(business=business, purpose=purpose, withdrawn_at__isnull=True)
        .select_related("wording")
        .first()
    )


def wording_current(purpose: str) -> ConsentWording | None:
    """The newest wording of ``purpose``: the one an owner reads and answers now."""
    return ConsentWording.objects.filter(purpose=purpose).order_by("-version").first()


@dataclass(frozen=True)
class PurposeState:
    purpose: str
    label: str
    wording: ConsentWording | None
    current: Consent | None

    @property
    def is_active(self) -> bool:
        return self.current is not None and self.current.is_active

    @property
    def needs_renewal(self) -> bool:
        """Consented on an older wording: still valid, but the owner should read the new text."""
        return (
            self.is_active
            and self.wording is not None
            and self.current is not None
            and self.current.wording_id != self.wording.pk
        )


def business_consent_states(*, business: Business) -> list[PurposeState]:
    """Each purpose with its current wording and the business's open answer."""
    wordings = {w.purpose: w for w in ConsentWording.objects.order_by("purpose", "version")}
    current = {
        c.purpose: c
        for c in Consent.objects.filter(business=business, withdrawn_at__isnull=True).select_related(
            "wording"
        )
    }
    return [
        PurposeState(purpose, str(label), wordings.get(purpose), current.get(purpose))
        for purpose, label in Purpose.choices
    ]


def consent_history(*, business: Business, limit: int = 50) -> QuerySet[Consent]:
    """Every answer of the business, newest first: the proof of consent and of its withdrawal."""
    return (
        Consent.objects.filter(business=business)
        .select_related("wording", "given_by", "withdrawn_by")
        .order_by("-given_at", "-pk")[:limit]
    )


def consent_is_active(*, business_id: int, purpose: str) -> bool:
    """Whether the business's owner currently agrees to ``purpose`` (granted and not withdrawn)."""
    return Consent.objects.filter(CONSENT_ACTIVE, business_id=business_id, purpose=purpose).exists()
