from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapak.catalog.models import Product
from lapak.curation import services
from lapak.curation.models import (
    Assessment,
    AssessmentPhoto,
    AssignmentStatus,
    CurationRound,
    Decision,
    RoundStatus,
)
from lapak.curation.scoring import WeightedScore, weighted_total
from lapak.curation.selectors import (
    conflict_of_interest,
    curated_products,
    product_curation_status,
    round_panel,
    rubric_current_version,
)
from lapak.curation.services import AspectInput, PhotoInput, ScoreInput
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db


def all_scores(assignment: Any, score: int = 4, **overrides: int) -> dict[str, ScoreInput]:
    aspects = assignment.round.rubric_version.aspects.all()
    return {a.code: ScoreInput(overrides.get(a.code, score), f"catatan {a.code}") for a in aspects}


def submit(
    assignment: Any, score: int = 4, decision: int = Decision.LAYAK_MODERN, **kwargs: Any
) -> Assessment:
    overrides = kwargs.pop("overrides", {})
    return services.assessment_submit(
        actor=assignment.curator,
        assignment=assignment,
        scores=kwargs.pop("scores", None) or all_scores(assignment, score, **overrides),
        decision=decision,
        summary="Rasa enak, kemasan perlu diperbaiki.",
        improvements="Tambahkan informasi nilai gizi.",
        **kwargs,
    )


def jpeg(size: tuple[int, int] = (800, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_it_ships_a_food_a_craft_and_a_general_rubric(rubrics: dict) -> None:
    assert {"pangan", "kriya", "umum"} <= set(rubrics)
    for rubric in rubrics.values():
        version = rubric_current_version(rubric)
        assert version.number == 1
        assert sum(a.weight for a in version.aspects.all()) == 100
    craft = rubric_current_version(rubrics["kriya"])
    assert craft.aspects.get(code="keaslian_lokal").weight == 20
    assert services.rubrics_install_defaults() == 0, "a second install changes nothing"


def test_it_computes_the_weighted_total_with_the_rubric_weights(users: dict, food_product: Product) -> None:
    assignment = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    assert assignment.round.rubric_version.rubric.code == "pangan"
    # mutu (15) and kemasan_label (15) at 5, everything else at 1: (15 + 15) * 100 / 100 = 30.
    assessment = submit(assignment, score=1, overrides={"mutu": 5, "kemasan_label": 5})
    assert assessment.total_score == Decimal("30.00")
    scale = {"scale_min": 1, "scale_max": 5}
    assert weighted_total([WeightedScore(1, 3), WeightedScore(3, 5)], **scale) == Decimal("87.50")


def test_a_new_rubric_version_leaves_past_assessments_alone(
    users: dict, food_product: Product, rubrics: dict
) -> None:
    first = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    assessment = submit(first, score=1, overrides={"mutu": 5})
    assert assessment.total_score == Decimal("15.00")
    version_1 = assessment.rubric_version

    aspects = [
        AspectInput(a.code, a.name, 50 if a.code == "mutu" else 5, a.guidance)
        for a in version_1.aspects.all()
    ]
    with pytest.raises(ValidationError):
        services.rubric_create_version(
            actor=users["admin"], rubric=rubrics["pangan"], aspects=aspects, scale_min=1, scale_max=5, note=""
        )
    with pytest.raises(PermissionDenied):
        services.rubric_create_version(
            actor=users["operator"],
            rubric=rubrics["pangan"],
            aspects=aspects,
            scale_min=1,
            scale_max=5,
            note="x",
        )
    version_2 = services.rubric_create_version(
        actor=users["admin"], rubric=rubrics["pangan"], aspects=aspects, scale_min=1, scale_max=5,
        note="Mutu lebih menentukan.",
    )  # fmt: skip
    assert version_2.number == 2

    assessment.refresh_from_db()
    assert assessment.rubric_version == version_1
    assert assessment.total_score == Decimal("15.00")
    assert version_1.aspects.get(code="mutu").weight == 15

    second = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    assert second.round.number == 2 and second.round.rubric_version == version_2
    # mutu now weighs 50 of 90.
    assert submit(second, score=1, overrides={"mutu": 5}).total_score == Decimal("55.56")


def test_it_refuses_a_curator_who_owns_or_registered_the_business(
    users: dict, food_product: Product, second_curator: Any
) -> None:
    Business.objects.filter(pk=food_product.business_id).update(owner_account=users["kurator"])
    food_product.business.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.assignment_create(actor=users["operator"], product=food_product, curator=users["kurator"])
    assert "pemilik usaha ini" in str(error.value)

    Business.objects.filter(pk=food_product.business_id).update(created_by=second_curator)
    food_product.business.refresh_from_db()
    assert "pendampingnya" in (conflict_of_interest(second_curator, food_product.business) or "")
    with pytest.raises(ValidationError):
        services.assignment_create(actor=users["operator"], product=food_product, curator=second_curator)
    assert not CurationRound.objects.filter(product=food_product).exists()


def test_a_declared_conflict_withdraws_the_assignment_for_good(users: dict, food_product: Product) -> None:
    assignment = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    services.conflict_declare(actor=users["kurator"], assignment=assignment, reason="Usaha milik sepupu saya")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert "sepupu" in (conflict_of_interest(users["kurator"], food_product.business) or "")
    with pytest.raises(ValidationError):
        services.assignment_create(actor=users["operator"], product=food_product, curator=users["kurator"])


def test_only_kurators_are_assigned_and_only_by_staff_of_the_region(
    users: dict, food_product: Product
) -> None:
    with pytest.raises(ValidationError):
        services.assignment_create(actor=users["operator"], product=food_product, curator=users["pendamping"])
    for actor in ("other_operator", "kurator", "pemilik"):
        with pytest.raises(PermissionDenied):
            services.assignment_create(actor=users[actor], product=food_product, curator=users["kurator"])


def test_bad_scores_save_nothing(users: dict, food_product: Product) -> None:
    assignment = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    cases = [
        all_scores(assignment, 4, mutu=6),
        all_scores(assignment, 4, mutu=0),
        {code: s for code, s in all_scores(assignment).items() if code != "mutu"},
        {**all_scores(assignment), "rasa": ScoreInput(3)},
    ]
    messages = []
    for scores in cases:
        with pytest.raises(ValidationError) as error:
            submit(assignment, scores=scores)
        messages.append(" ".join(error.value.messages))
    assert "Nilai Mutu produk harus antara 1 dan 5." in messages[0]
    assert "Aspek Mutu produk belum dinilai." in messages[2]
    assert "Aspek tidak dikenal: rasa." in messages[3]
    with pytest.raises(ValidationError) as error:
        submit(assignment, decision=9)
    assert not Assessment.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED


def test_bad_photos_save_nothing(users: dict, food_product: Product, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    assignment = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    not_image = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 bukan foto", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        submit(assignment, photos=[PhotoInput(jpeg()), PhotoInput(not_image)])
    assert "Foto 2" in error.value.messages[0] and "bukan foto" in error.value.messages[0]
    settings.LAPAK_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        submit(assignment, photos=[PhotoInput(jpeg())])
    assert "terlalu besar" in error.value.messages[0]
    assert not Assessment.objects.exists() and not AssessmentPhoto.objects.exists()
    assert not list(tmp_path.rglob("*.jpg"))

    settings.LAPAK_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    assessment = submit(assignment, photos=[PhotoInput(jpeg(), "Kemasan depan")])
    assert assessment.photos.get().caption == "Kemasan depan"


def test_a_panel_assesses_independently_and_shows_its_disagreement(
    users: dict, food_product: Product, second_curator: Any
) -> None:
    first = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    second = services.assignment_create(actor=users["operator"], product=food_product, curator=second_curator)
    assert first.round == second.round
    submit(first, score=5, decision=Decision.LAYAK_EKSPOR)
    first.round.refresh_from_db()
    assert first.round.status == RoundStatus.OPEN, "the round waits for every curator"
    assert product_curation_status(food_product).decision is None

    submit(second, score=3, decision=Decision.LAYAK_LOKAL, overrides={"mutu": 5})
    curation_round = CurationRound.objects.get(pk=first.round_id)
    assert curation_round.status == RoundStatus.COMPLETED
    assert curation_round.decision == Decision.LAYAK_LOKAL, "an even panel takes the lower middle decision"
    assert curation_round.total_score == Decimal("78.75"), "(100 + 57.50) / 2"

    panel = {row.aspect.code: row for row in round_panel(curation_round, named=False)}
    assert (panel["mutu"].spread, panel["mutu"].disagreement) == (0, False)
    assert (panel["kemasan_label"].low, panel["kemasan_label"].high) == (3, 5)
    assert panel["kemasan_label"].disagreement
    assert [s.label for s in panel["mutu"].scores] == ["Kurator 1", "Kurator 2"]


def test_recuration_opens_a_new_round_and_keeps_the_history(users: dict, food_product: Product) -> None:
    first = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    with pytest.raises(ValidationError):
        services.round_open(actor=users["operator"], product=food_product)
    submit(first, score=2, decision=Decision.PERLU_PEMBINAAN)
    assert not product_curation_status(food_product).is_curated
    assert not curated_products().filter(pk=food_product.pk).exists()

    second = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    status = product_curation_status(food_product)
    assert status.round_open and status.round_number == 1, "the old decision holds while re-curating"
    submit(second, score=4, decision=Decision.LAYAK_MODERN)
    status = product_curation_status(food_product)
    assert (status.round_number, status.decision, status.is_curated) == (2, Decision.LAYAK_MODERN, True)
    assert list(CurationRound.objects.filter(product=food_product).values_list("number", "decision")) == [
        (2, Decision.LAYAK_MODERN),
        (1, Decision.PERLU_PEMBINAAN),
    ]
    assert curated_products().filter(pk=food_product.pk).exists()
    assert not curated_products(at_least=Decision.LAYAK_EKSPOR).filter(pk=food_product.pk).exists()


def test_a_withdrawn_curator_no_longer_holds_up_the_round(
    users: dict, food_product: Product, second_curator: Any
) -> None:
    first = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    second = services.assignment_create(actor=users["operator"], product=food_product, curator=second_curator)
    submit(first, score=4)
    services.assignment_withdraw(actor=users["operator"], assignment=second, reason="Sakit")
    first.round.refresh_from_db()
    assert first.round.status == RoundStatus.COMPLETED
    with pytest.raises(ValidationError):
        submit(second)
