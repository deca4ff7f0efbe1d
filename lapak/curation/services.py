"""Writes of kurasi: rubric versions, rounds, curator assignments, assessments and their results.

Every result a page shows (an assessment's total, a round's panel result, a product's curation status)
is computed here when it is written, so pages, exports and the later channels app read the same values.
Produk unggulan writes (weights, confirmed lists) are in ``lapak.curation.unggulan``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, kabkota_codes_for, user_can
from lapak.catalog.models import Product
from lapak.catalog.photos import photo_process
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
    UnggulanWeights,
)
from lapak.curation.ranking import unggulan_ranking, weights_current
from lapak.curation.scoring import WeightedScore, normalized, panel_decision, panel_total, weighted_total
from lapak.curation.selectors import conflict_of_interest, rubric_current_version, rubric_for_product
from lapak.regions.models import Region

RUBRIC_DATA = Path(__file__).with_name("rubrics.json")
CAPACITY_ASPECT = "kapasitas_produksi"
MAX_PHOTOS = 6
MIN_YEAR, MAX_YEAR, MAX_PER_SECTOR = 2000, 2100, 20


@dataclass(frozen=True)
class AspectInput:
    code: str
    name: str
    weight: int
    guidance: str = ""


@dataclass(frozen=True)
class ScoreInput:
    score: int | None
    note: str = ""


@dataclass(frozen=True)
class PhotoInput:
    file: Any
    caption: str = ""


# --- Rubrics -----------------------------------------------------------------------------------------


def rubrics_install_defaults() -> int:
    """Create the shipped rubrics (``rubrics.json``) that do not exist yet, each as version 1.

    Idempotent: an existing rubric is left alone, so versions admins made are never overwritten.
    Returns how many rubrics were created. Runs after ``migrate`` and in the demo data.
    """
    created = 0
    for spec in json.loads(RUBRIC_DATA.read_text(encoding="utf-8"))["rubrics"]:
        if Rubric.objects.filter(code=spec["code"]).exists():
            continue
        with transaction.atomic():
            rubric = Rubric.objects.create(
                code=spec["code"], name=spec["name"], sector=spec["sector"], description=spec["description"]
            )
            rubric_create_version(
                actor=None,
                rubric=rubric,
                aspects=[AspectInput(**aspect) for aspect in spec["aspects"]],
                scale_min=spec["scale_min"],
                scale_max=spec["scale_max"],
                note="",
            )
        created += 1
    return created


@transaction.atomic
def rubric_create_version(
    *,
    actor: Any,
    rubric: Rubric,
    aspects: list[AspectInput],
    scale_min: int,
    scale_max: int,
    note: str,
) -> RubricVersion:
    """Add a new version of a rubric; earlier versions and the assessments that used them stay as they
    are. ``actor`` None is the system (installing the shipped rubrics)."""
    if actor is not None and not user_can(actor, Action.CONFIGURE):
        raise PermissionDenied(_("Hanya admin provinsi yang dapat mengubah rubrik."))
    _check_rubric_content(aspects, scale_min, scale_max)
    Rubric.objects.select_for_update().filter(pk=rubric.pk).values_list("pk", flat=True).first()
    last = rubric.versions.aggregate(last=Max("number"))["last"] or 0
    if last and not note.strip():
        raise ValidationError({"note": _("Tuliskan alasan perubahan rubrik.")})
    version = RubricVersion.objects.create(
        rubric=rubric,
        number=last + 1,
        scale_min=scale_min,
        scale_max=scale_max,
        note=note.strip(),
        created_by=actor,
    )
    RubricAspect.objects.bulk_create(
        RubricAspect(version=version, position=i, **vars(aspect)) for i, aspect in enumerate(aspects)
    )
    return version


def _check_rubric_content(aspects: list[AspectInput], scale_min: int, scale_max: int) -> None:
    if scale_max <= scale_min:
        raise ValidationError({"scale_max": _("Nilai tertinggi harus lebih besar dari nilai terendah.")})
    if not aspects:
        raise ValidationError(_("Rubrik memerlukan sedikitnya satu aspek."))
    codes = [aspect.code for aspect in aspects]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Kode aspek tidak boleh kembar."))
    if any(aspect.weight <= 0 for aspect in aspects):
        raise ValidationError(_("Bobot setiap aspek harus lebih dari 0."))


# --- Conflicts of interest, rounds and assignments ---------------------------------------------------


def _check_curate(actor: Any, product: Product) -> None:
    """The actor may organise kurasi (admin, operator) for this product's business (its region)."""
    if not Product.objects.restrict(actor, Action.CURATE).filter(pk=product.pk).exists():
        raise PermissionDenied(_("Anda tidak dapat mengatur kurasi produk ini."))


@transaction.atomic
def round_open(*, actor: Any, product: Product, rubric: Rubric | None = None) -> CurationRound:
    """Open a new kurasi round of a product (the first, or a re-curation after improvement), scored with
    the current version of ``rubric`` or of the rubric for the product's category."""
    _check_curate(actor, product)
    Product.objects.select_for_update().filter(pk=product.pk).values_list("pk", flat=True).first()
    if CurationRound.objects.filter(product=product, status=RoundStatus.OPEN).exists():
        raise ValidationError(_("Masih ada putaran kurasi yang berjalan untuk produk ini."))
    version = rubric_current_version(rubric or rubric_for_product(product))
    last = CurationRound.objects.filter(product=product).aggregate(last=Max("number"))["last"] or 0
    return CurationRound.objects.create(
        product=product, number=last + 1, rubric_version=version, opened_by=actor
    )


@transaction.atomic
def assignment_create(
    *, actor: Any, product: Product, curator: Any, rubric: Rubric | None = None
) -> CurationAssignment:
    """Assign a curator to the product's open round (opening one if needed). Refused when the curator
    is not an active kurator or has a conflict of interest with the business."""
    _check_curate(actor, product)
    if curator.role != Role.KURATOR or not curator.is_active:
        raise ValidationError({"curator": _("Pengguna ini bukan kurator aktif.")})
    reason = conflict_of_interest(curator, product.business)
    if reason:
        raise ValidationError(
            {"curator": _("%(name)s tidak dapat menilai produk ini: %(reason)s")
             % {"name": curator, "reason": reason}}
        )  # fmt: skip
    curation_round = CurationRound.objects.filter(product=product, status=RoundStatus.OPEN).first()
    if curation_round is None:
        curation_round = round_open(actor=actor, product=product, rubric=rubric)
    if curation_round.assignments.filter(curator=curator).exists():
        raise ValidationError({"curator": _("Kurator ini sudah ditugaskan pada putaran ini.")})
    return CurationAssignment.objects.create(round=curation_round, curator=curator, assigned_by=actor)


@transaction.atomic
def assignment_withdraw(*, actor: Any, assignment: CurationAssignment, reason: str) -> CurationAssignment:
    """Withdraw a curator who has not assessed yet; the round completes if the others are done."""
    _check_curate(actor, assignment.round.product)
    _withdraw(assignment, reason.strip() or _("Dibatalkan oleh admin."))
    return assignment


@transaction.atomic
def conflict_declare(*, actor: Any, assignment: CurationAssignment, reason: str) -> ConflictDeclaration:
    """A curator declares a conflict of interest with the business of an assigned product: the
    assignment is withdrawn and the curator is never assigned to that business again."""
    if assignment.curator_id != actor.pk:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan konflik kepentingan.")})
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        curator=actor, business_id=assignment.round.product.business_id, defaults={"reason": reason.strip()}
    )
    _withdraw(assignment, _("Kurator menyatakan konflik kepentingan: %(reason)s") % {"reason": reason})
    return declaration


def _withdraw(assignment: CurationAssignment, reason: str) -> None:
    assignment = CurationAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(_("Penugasan ini sudah dinilai atau sudah dibatalkan."))
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.withdrawn_reason = reason[:250]
    assignment.save(update_fields=["status", "withdrawn_reason"])
    round_refresh(curation_round=assignment.round)


# --- Assessments and results -------------------------------------------------------------------------


@transaction.atomic
def assessment_submit(
    *,
    actor: Any,
    assignment: CurationAssignment,
    scores: dict[str, ScoreInput],
    decision: int,
    summary: str = "",
    improvements: str = "",
    export_facts: dict[str, Any] | None = None,
    photos: list[PhotoInput] | None = None,
) -> Assessment:
    """Record a curator's assessment: one score per aspect of the round's rubric version, checked
    against its range, the weighted total computed with that version. Nothing is saved on an error."""
    assignment = CurationAssignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    _check_can_assess(actor, assignment)
    version = assignment.round.rubric_version
    aspects = list(version.aspects.all())
    _check_scores(aspects, scores, version)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Pilih keputusan kurasi.")})
    processed = _process_photos(photos or [])
    total = weighted_total(
        (WeightedScore(a.weight, int(scores[a.code].score or 0)) for a in aspects),
        scale_min=version.scale_min,
        scale_max=version.scale_max,
    )
    assessment = Assessment.objects.create(
        assignment=assignment,
        rubric_version=version,
        total_score=total,
        decision=decision,
        summary=summary.strip(),
        improvements=improvements.strip(),
        export_facts=export_facts or {},
    )
    AspectScore.objects.bulk_create(
        AspectScore(
            assessment=assessment,
            aspect=a,
            score=int(scores[a.code].score or 0),
            note=scores[a.code].note.strip(),
        )
        for a in aspects
    )
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.save(update_fields=["status"])
    round_refresh(curation_round=assignment.round)
    _save_photos(assessment, processed)
    return assessment


def _check_can_assess(actor: Any, assignment: CurationAssignment) -> None:
    if not user_can(actor, Action.ASSESS) or assignment.curator_id != actor.pk:
        raise PermissionDenied(_("Produk ini tidak ditugaskan kepada Anda."))
    if assignment.status != AssignmentStatus.ASSIGNED or assignment.round.status != RoundStatus.OPEN:
        raise ValidationError(_("Penugasan ini sudah dinilai atau sudah dibatalkan."))
    reason = conflict_of_interest(actor, assignment.round.product.business)
    if reason:
        raise PermissionDenied(_("Anda tidak dapat menilai produk ini: %(reason)s") % {"reason": reason})


def _check_scores(aspects: list[RubricAspect], scores: dict[str, ScoreInput], version: RubricVersion) -> None:
    """Every aspect scored, within the version's range, and no aspect the version does not have."""
    errors: dict[str, list[str]] = {}
    for aspect in aspects:
        given = scores.get(aspect.code)
        if given is None or given.score is None:
            errors[aspect.code] = [_("Aspek %(aspect)s belum dinilai.") % {"aspect": aspect.name}]
        elif not version.scale_min <= given.score <= version.scale_max:
            errors[aspect.code] = [
                _("Nilai %(aspect)s harus antara %(min)s dan %(max)s.")
                % {"aspect": aspect.name, "min": version.scale_min, "max": version.scale_max}
            ]
    unknown = set(scores) - {aspect.code for aspect in aspects}
    if unknown:
        errors["__all__"] = [_("Aspek tidak dikenal: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}]
    if errors:
        raise ValidationError(errors)


def _process_photos(photos: list[PhotoInput]) -> list[tuple[bytes, str]]:
    """Check and re-encode every photo before anything is written (an error saves nothing)."""
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Paling banyak %(n)s foto.") % {"n": MAX_PHOTOS}})
    processed = []
    for number, photo in enumerate(photos, start=1):
        try:
            result = photo_process(photo.file, size=getattr(photo.file, "size", None))
        except ValidationError as error:
            raise ValidationError(
                {"photos": [_("Foto %(n)s: %(error)s") % {"n": number, "error": m} for m in error.messages]}
            ) from error
        processed.append((result.image, photo.caption.strip()))
    return processed


def _save_photos(assessment: Assessment, processed: list[tuple[bytes, str]]) -> None:
    """Write the files last, so nothing after them can fail; if writing one fails, the files already
    written are removed and the transaction rolls back with the error."""
    written: list[Any] = []
    try:
        for image, caption in processed:
            photo = AssessmentPhoto(assessment=assessment, caption=caption[:200])
            photo.image.save("foto.jpg", ContentFile(image), save=False)
            written.append(photo.image)
            photo.save()
    except Exception:
        for file in written:
            file.storage.delete(file.name)
        raise


@transaction.atomic
def round_refresh(*, curation_round: CurationRound) -> CurationRound:
    """Complete the round once every curator still assigned has assessed: the panel decision (middle
    decision, the lower one for an even panel), the mean total, and the product's curation status."""
    curation_round = CurationRound.objects.select_for_update().get(pk=curation_round.pk)
    states = list(
        curation_round.assignments.exclude(status=AssignmentStatus.WITHDRAWN).values_list("status", flat=True)
    )
    if curation_round.status != RoundStatus.OPEN or not states:
        return curation_round
    if any(state != AssignmentStatus.SUBMITTED for state in states):
        return curation_round
    assessments = list(Assessment.objects.filter(assignment__round=curation_round))
    curation_round.decision = panel_decision([a.decision for a in assessments])
    curation_round.total_score = panel_total([a.total_score for a in assessments])
    curation_round.status = RoundStatus.COMPLETED
    curation_round.completed_at = timezone.now()
    curation_round.save(update_fields=["decision", "total_score", "status", "completed_at"])
    _status_update(curation_round)
    return curation_round


def _status_update(curation_round: CurationRound) -> None:
    CurationStatus.objects.update_or_create(
        product_id=curation_round.product_id,
        defaults={
            "round": curation_round,
            "decision": curation_round.decision,
            "score": curation_round.total_score,
            "capacity_score": _capacity_score(curation_round),
            "decided_at": curation_round.completed_at,
        },
    )


def _capacity_score(curation_round: CurationRound) -> Decimal | None:
    """The panel's mean score on the production-capacity aspect, 0-100 (used by the unggulan ranking)."""
    version = curation_round.rubric_version
    values = list(
        AspectScore.objects.filter(
            assessment__assignment__round=curation_round, aspect__code=CAPACITY_ASPECT
        ).values_list("score", flat=True)
    )
    if not values:
        return None
    mean = Decimal(sum(values)) / len(values)
    return normalized(mean, scale_min=version.scale_min, scale_max=version.scale_max).quantize(
        Decimal("0.01")
    )


# --- Produk unggulan ---------------------------------------------------------------------------------


@transaction.atomic
def unggulan_weights_set(
    *, actor: Any, curation: int, market: int, local_content: int, capacity: int, note: str
) -> UnggulanWeights:
    """Save new ranking weights (percent, summing to 100) as a new version; confirmed lists keep theirs."""
    if not user_can(actor, Action.CONFIGURE):
        raise PermissionDenied(_("Hanya admin provinsi yang dapat mengubah bobot produk unggulan."))
    values = {"curation": curation, "market": market, "local_content": local_content, "capacity": capacity}
    if any(value < 0 for value in values.values()) or sum(values.values()) != 100:
        raise ValidationError(_("Jumlah bobot harus 100 (sekarang %(sum)s).") % {"sum": sum(values.values())})
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan alasan perubahan bobot.")})
    UnggulanWeights.objects.select_for_update().order_by("-version").values_list("pk", flat=True).first()
    return UnggulanWeights.objects.create(
        version=_next_weights_version(), note=note.strip(), created_by=actor, **values
    )


def _next_weights_version() -> int:
    return (UnggulanWeights.objects.aggregate(last=Max("version"))["last"] or 0) + 1


@transaction.atomic
def unggulan_confirm(*, actor: Any, kabkota: Region, year: int, per_sector: int = 3) -> UnggulanList:
    """Confirm a kab/kota's produk unggulan of a year: the current ranking's top ``per_sector`` of each
    sector, frozen with its scores and breakdown. A confirmed list is never recomputed or replaced."""
    codes = kabkota_codes_for(actor)
    if not user_can(actor, Action.CURATE) or (codes is not None and kabkota.code not in codes):
        raise PermissionDenied(
            _("Anda tidak dapat menetapkan produk unggulan %(region)s.") % {"region": kabkota}
        )
    if not MIN_YEAR <= year <= MAX_YEAR or not 1 <= per_sector <= MAX_PER_SECTOR:
        raise ValidationError(_("Tahun atau jumlah produk per sektor tidak sah."))
    if UnggulanList.objects.filter(kabkota=kabkota, year=year).exists():
        raise ValidationError(
            _("Produk unggulan %(region)s %(year)s sudah ditetapkan dan tidak dapat diubah.")
            % {"region": kabkota, "year": year}
        )
    weights = weights_current()
    if weights.pk is None:
        weights.note = "bawaan"
        weights.version = _next_weights_version()
        weights.save()
    rows = unggulan_ranking(kabkota_code=kabkota.code, weights=weights, per_sector=per_sector)
    if not rows:
        raise ValidationError(
            _("Belum ada produk terkurasi (layak pasar lokal ke atas) di %(region)s.") % {"region": kabkota}
        )
    unggulan_list = UnggulanList.objects.create(
        kabkota=kabkota, year=year, title=unggulan_title(kabkota, year), per_sector=per_sector,
        weights=weights, confirmed_by=actor,
    )  # fmt: skip
    UnggulanEntry.objects.bulk_create(
        UnggulanEntry(
            unggulan_list=unggulan_list, sector=row.sector, rank=row.rank, product_id=row.product_id,
            product_name=row.product_name, business_name=row.business_name, decision=row.decision,
            total=row.total, breakdown=row.breakdown(),
        )
        for row in rows
    )  # fmt: skip
    return unggulan_list


def unggulan_title(kabkota: Region, year: int) -> str:
    """The list's title as printed, e.g. "Produk Unggulan Kab. Malang 2026"."""
    name = kabkota.name.replace("Kabupaten ", "Kab. ", 1)
    return _("Produk Unggulan %(region)s %(year)s") % {"region": name, "year": year}
