"""Reads of kurasi: who may see which product's kurasi, conflicts of interest, panel results, export
readiness, and the curated products that later apps (channels, storefront) may publish."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, scope_q, user_can
from lapak.catalog.models import Product, ProductCertification
from lapak.catalog.taxonomy import ProductKind, category_get
from lapak.curation import export_rules
from lapak.curation.models import (
    AspectScore,
    Assessment,
    AssessmentPhoto,
    AssignmentStatus,
    ConflictDeclaration,
    CurationAssignment,
    CurationRound,
    CurationStatus,
    Decision,
    RoundStatus,
    Rubric,
    RubricAspect,
    RubricVersion,
    UnggulanEntry,
    UnggulanList,
)
from lapak.curation.scoring import is_disagreement
from lapak.mentoring.selectors import business_mentor_ids
from lapak.regions.models import Region
from lapak.registry.models import Business, DocumentKind, VerificationStatus
from lapak.registry.selectors import kabkota_choices_for

# --- Conflicts of interest ---------------------------------------------------------------------------


def conflict_of_interest(curator: Any, business: Business) -> str | None:
    """Why ``curator`` may not assess ``business``, or ``None`` when nothing is known against it.

    The one rule for assignment and submission. It knows: the curator owns the business's account;
    the curator registered the business or one of its products (taken as mentoring it); the curator
    mentors it (a member of an active field team covering it, or the mentor of a visit to it:
    ``lapak.mentoring.selectors.business_mentor_ids``); the curator declared a conflict.
    """
    return conflicts_for_business(business, [curator.pk]).get(curator.pk)


def conflicts_for_business(business: Business, curator_ids: Iterable[int]) -> dict[int, str]:
    """``conflict_of_interest`` for many curators at once (four queries, whatever their number)."""
    ids = set(curator_ids)
    declared = dict(
        ConflictDeclaration.objects.filter(business=business, curator_id__in=ids).values_list(
            "curator_id", "reason"
        )
    )
    product_authors = set(
        Product.objects.filter(business=business, created_by_id__in=ids).values_list(
            "created_by_id", flat=True
        )
    )
    mentors = business_mentor_ids(business, ids)
    reasons: dict[int, str] = {}
    for curator_id in ids:
        if curator_id == business.owner_account_id:
            reasons[curator_id] = _("kurator adalah pemilik usaha ini")
        elif curator_id == business.created_by_id:
            reasons[curator_id] = _("kurator mendaftarkan usaha ini sehingga dianggap pendampingnya")
        elif curator_id in product_authors:
            reasons[curator_id] = _("kurator mencatat produk usaha ini sehingga dianggap pendampingnya")
        elif curator_id in mentors:
            reasons[curator_id] = _("kurator mendampingi usaha ini (tim pendamping atau kunjungan)")
        elif curator_id in declared:
            reasons[curator_id] = _("kurator menyatakan konflik kepentingan (%(reason)s)") % {
                "reason": declared[curator_id]
            }
    return reasons


# --- Rubrics -----------------------------------------------------------------------------------------


def rubric_current_version(rubric: Rubric) -> RubricVersion:
    """The newest version of a rubric: the one new rounds are scored with."""
    version = rubric.versions.order_by("-number").first()
    if version is None:
        raise RubricVersion.DoesNotExist(f"rubric {rubric.code} has no version")
    return version


FOOD_RUBRIC, CRAFT_RUBRIC, GENERAL_RUBRIC = "pangan", "kriya", "umum"


def rubric_for_product(product: Product) -> Rubric:
    """The rubric a product is curated with by default: food for processed food and drink, the
    Dekranasda craft rubric for craft categories, otherwise the rubric of the business's sector or the
    general one."""
    category = category_get(product.category)
    if category is not None and category.kind == ProductKind.FOOD:
        code = FOOD_RUBRIC
    elif category is not None and category.group == "kriya":
        code = CRAFT_RUBRIC
    else:
        by_sector = Rubric.objects.filter(sector=product.business.sector).first()
        return by_sector or Rubric.objects.get(code=GENERAL_RUBRIC)
    return Rubric.objects.get(code=code)


def rubrics_with_versions() -> QuerySet[Rubric]:
    """Every rubric with its versions (newest first) and their aspects, for the rubric pages."""
    return Rubric.objects.prefetch_related("versions__aspects", "versions__created_by")


def version_aspects(version: RubricVersion) -> list[RubricAspect]:
    return list(version.aspects.all())


# --- Who sees what -----------------------------------------------------------------------------------


def _curator_product_q(user: Any, prefix: str = "") -> Q:
    """Products a curator was assigned to (and not withdrawn from), whatever their region."""
    assigned = CurationAssignment.objects.filter(curator=user).exclude(status=AssignmentStatus.WITHDRAWN)
    return Q(**{f"{prefix}pk__in": assigned.values("round__product_id")})


def products_for_curation(*, user: Any) -> QuerySet[Product]:
    """Products whose kurasi the user may see: a curator only those assigned to them; everyone else
    through the business scope (an owner their own, an operator their kab/kota)."""
    if not user_can(user, Action.VIEW):
        return Product.objects.none()
    if getattr(user, "role", None) == Role.KURATOR and not user.is_superuser:
        return Product.objects.filter(_curator_product_q(user))
    return Product.objects.filter(scope_q(user, prefix="business__"))


def rounds_visible_to(*, user: Any) -> QuerySet[CurationRound]:
    """Rounds of the products the user may see (``products_for_curation``)."""
    return CurationRound.objects.filter(product__in=products_for_curation(user=user).values("pk"))


def assignments_visible_to(*, user: Any) -> QuerySet[CurationAssignment]:
    """A curator sees their own assignments; others the assignments of products in their scope."""
    if not user_can(user, Action.VIEW):
        return CurationAssignment.objects.none()
    if getattr(user, "role", None) == Role.KURATOR and not user.is_superuser:
        return CurationAssignment.objects.filter(curator=user)
    return CurationAssignment.objects.filter(scope_q(user, prefix="round__product__business__"))


def photos_visible_to(*, user: Any) -> QuerySet[AssessmentPhoto]:
    """A curator sees their own photos; the owner and staff those of completed rounds in their scope."""
    if not user_can(user, Action.VIEW):
        return AssessmentPhoto.objects.none()
    if getattr(user, "role", None) == Role.KURATOR and not user.is_superuser:
        return AssessmentPhoto.objects.filter(assessment__assignment__curator=user)
    photos = AssessmentPhoto.objects.filter(
        scope_q(user, prefix="assessment__assignment__round__product__business__")
    )
    if getattr(user, "role", None) == Role.PELAKU_USAHA:
        photos = photos.filter(assessment__assignment__round__status=RoundStatus.COMPLETED)
    return photos


def curator_tasks(*, user: Any) -> QuerySet[CurationAssignment]:
    """A curator's assignments, open ones first."""
    return (
        CurationAssignment.objects.filter(curator=user)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("round__product__business__kabkota", "round__rubric_version__rubric")
        .order_by(Case(When(status=AssignmentStatus.ASSIGNED, then=0), default=1), "-assigned_at")
    )


def curators_available() -> QuerySet[Any]:
    """Active curators, for the assignment form."""
    from lapak.accounts.models import User

    return User.objects.filter(role=Role.KURATOR, is_active=True).order_by("first_name", "username")


# --- Results -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductCurationStatus:
    """What kurasi says about a product now: the latest completed decision and any round under way."""

    decision: int | None
    decision_label: str
    score: Decimal | None
    decided_at: datetime | None
    round_number: int | None
    round_open: bool

    @property
    def is_curated(self) -> bool:
        return self.decision is not None and self.decision >= Decision.LAYAK_LOKAL


def product_curation_status(product: Product) -> ProductCurationStatus:
    """The product's kurasi status (latest completed decision, and whether a new round is under way)."""
    status = CurationStatus.objects.filter(product=product).select_related("round").first()
    is_open = CurationRound.objects.filter(product=product, status=RoundStatus.OPEN).exists()
    if status is None:
        return ProductCurationStatus(None, _("Belum dikurasi"), None, None, None, is_open)
    return ProductCurationStatus(
        status.decision,
        status.get_decision_display(),
        status.score,
        status.decided_at,
        status.round.number,
        is_open,
    )


def curated_products(
    queryset: QuerySet[Product] | None = None, *, at_least: int = Decision.LAYAK_LOKAL
) -> QuerySet[Product]:
    """Products whose latest kurasi decision is at least ``at_least`` (default: layak pasar lokal).

    The filter later apps use to publish only curated products; one indexed join, no scan of rounds.
    """
    base = Product.objects.all() if queryset is None else queryset
    return base.filter(curation_status__decision__gte=at_least)


@dataclass
class CuratorScore:
    label: str
    score: int
    note: str


@dataclass
class AspectPanel:
    """One aspect of a round: every curator's score and note, and how far apart they are."""

    aspect: RubricAspect
    scores: list[CuratorScore] = field(default_factory=list)

    @property
    def low(self) -> int:
        return min(s.score for s in self.scores)

    @property
    def high(self) -> int:
        return max(s.score for s in self.scores)

    @property
    def spread(self) -> int:
        return self.high - self.low

    @property
    def mean(self) -> Decimal:
        return (Decimal(sum(s.score for s in self.scores)) / len(self.scores)).quantize(Decimal("0.1"))

    @property
    def disagreement(self) -> bool:
        version = self.aspect.version
        return is_disagreement(self.spread, scale_min=version.scale_min, scale_max=version.scale_max)


def round_panel(curation_round: CurationRound, *, named: bool) -> list[AspectPanel]:
    """Per aspect, each curator's score and note with the spread between them (panel disagreement).

    ``named`` shows the curators' names (staff); the owner sees "Kurator 1", "Kurator 2".
    """
    rows = {a.pk: AspectPanel(a) for a in curation_round.rubric_version.aspects.select_related("version")}
    labels: dict[int, str] = {}
    scores = (
        AspectScore.objects.filter(assessment__assignment__round=curation_round)
        .select_related("assessment__assignment__curator")
        .order_by("assessment__assignment_id")
    )
    for item in scores:
        assignment = item.assessment.assignment
        if assignment.pk not in labels:
            number = len(labels) + 1
            labels[assignment.pk] = str(assignment.curator) if named else _("Kurator %(n)s") % {"n": number}
        rows[item.aspect_id].scores.append(CuratorScore(labels[assignment.pk], item.score, item.note))
    return [row for row in rows.values() if row.scores]


def round_assessments(curation_round: CurationRound) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(assignment__round=curation_round)
        .select_related("assignment__curator")
        .prefetch_related("photos")
        .order_by("assignment_id")
    )


def product_is_food(product: Product) -> bool:
    category = category_get(product.category)
    return category is not None and category.kind == ProductKind.FOOD


def product_export_facts(product: Product) -> dict[str, Any]:
    """The export facts the catalogue holds: shelf life in months and verified BPOM and halal."""
    today = timezone.localdate()
    valid = set(
        ProductCertification.objects.filter(
            product=product,
            kind__in=[DocumentKind.BPOM, DocumentKind.HALAL],
            document__status=VerificationStatus.VERIFIED,
        )
        .filter(Q(document__expires_on__isnull=True) | Q(document__expires_on__gte=today))
        .values_list("kind", flat=True)
    )
    days = product.shelf_life_days
    return {
        export_rules.SHELF_LIFE: None if days is None else days // 30,
        export_rules.BPOM: DocumentKind.BPOM in valid,
        export_rules.HALAL: DocumentKind.HALAL in valid,
    }


def round_export_facts(curation_round: CurationRound) -> dict[str, Any]:
    """Catalogue facts plus what the curators recorded; a fact counts only if every curator saw it."""
    facts = product_export_facts(curation_round.product)
    recorded = [a.export_facts for a in Assessment.objects.filter(assignment__round=curation_round)]
    for fact in export_rules.CURATOR_FACTS:
        values = [r[fact] for r in recorded if fact in r]
        facts[fact] = all(values) if values else None
    return facts


def round_export_checklist(curation_round: CurationRound) -> list[export_rules.MarketReadiness] | None:
    """The export checklist per destination market, for processed food only (``None`` otherwise)."""
    if not product_is_food(curation_round.product):
        return None
    return export_rules.export_checklist(round_export_facts(curation_round))


# --- Produk unggulan ---------------------------------------------------------------------------------


def unggulan_kabkotas_for(*, user: Any) -> QuerySet[Region]:
    """The kab/kota whose ranking and confirmed lists the user may see: staff of their region (all of
    them for the province); not owners or partners, for whom a draft ranking is not meant."""
    if not user_can(user, Action.VIEW) or getattr(user, "role", None) in (Role.PELAKU_USAHA, Role.MITRA):
        return Region.objects.none()
    return kabkota_choices_for(user=user)


def unggulan_lists_visible_to(*, user: Any) -> QuerySet[UnggulanList]:
    """Confirmed produk unggulan lists of the kab/kota the user may see, newest year first."""
    return UnggulanList.objects.filter(kabkota__in=unggulan_kabkotas_for(user=user)).select_related(
        "kabkota", "weights", "confirmed_by"
    )


def unggulan_entries_by_sector(unggulan_list: UnggulanList) -> list[tuple[str, list[UnggulanEntry]]]:
    """A confirmed list's entries grouped by sector (label, entries in rank order)."""
    groups: dict[str, list[UnggulanEntry]] = {}
    for entry in unggulan_list.entries.order_by("sector", "rank"):
        groups.setdefault(entry.get_sector_display(), []).append(entry)
    return list(groups.items())
