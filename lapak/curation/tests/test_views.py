from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from lapak.catalog.models import Product
from lapak.conftest import PASSWORD, SAMPANG, refusal_shown
from lapak.core.models import AccessLog
from lapak.curation import services
from lapak.curation.models import (
    Assessment,
    AssessmentPhoto,
    Decision,
    RubricVersion,
    UnggulanList,
    UnggulanWeights,
)
from lapak.curation.tests.test_services import submit

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def assessment_post(assignment: Any, score: int = 4, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"decision": str(Decision.LAYAK_MODERN), "summary": "Rasa gurih dan renyah.",
                            "improvements": "Cantumkan tanggal kedaluwarsa pada label."}  # fmt: skip
    for aspect in assignment.round.rubric_version.aspects.all():
        data[f"score_{aspect.code}"] = str(score)
        data[f"note_{aspect.code}"] = f"Catatan {aspect.name}"
    data.update(overrides)
    return data


@pytest.fixture
def assignment(users: dict, food_product: Product) -> Any:
    return services.assignment_create(actor=users["operator"], product=food_product, curator=users["kurator"])


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 640), "green").save(buffer, format="JPEG")
    return SimpleUploadedFile("kemasan.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_curator_sees_only_products_assigned_to_them(
    users: dict, assignment: Any, craft_product: Product, second_curator: Any
) -> None:
    client = login(users["kurator"])
    content = client.get(reverse("curation:home")).content.decode()
    assert assignment.round.product.name in content and craft_product.name not in content
    assert client.get(reverse("curation:product_detail", args=[craft_product.pk])).status_code == 404
    other = login(second_curator)
    assert other.get(reverse("curation:assess", args=[assignment.pk])).status_code == 404
    assert (
        other.get(reverse("curation:product_detail", args=[assignment.round.product_id])).status_code == 404
    )


def test_a_curator_assesses_with_photos(users: dict, assignment: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = login(users["kurator"])
    page = client.get(reverse("curation:assess", args=[assignment.pk])).content.decode()
    assert "Legalitas usaha" in page and "Label berbahasa Inggris" in page
    data = assessment_post(assignment, fact_label_inggris="on", photo_1=jpeg(), caption_1="Kemasan depan")
    response = client.post(reverse("curation:assess", args=[assignment.pk]), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.total_score == 75 and assessment.export_facts["label_inggris"] is True
    photo = AssessmentPhoto.objects.get()
    assert client.get(reverse("curation:photo", args=[photo.pk])).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"score_mutu": "9"}, "Nilai Mutu produk harus antara 1 dan 5."),
        ({"score_mutu": ""}, "Aspek Mutu produk belum dinilai."),
        ({"decision": ""}, "Bidang ini tidak boleh kosong."),
        (
            {"photo_1": SimpleUploadedFile("foto.jpg", b"bukan gambar", content_type="image/jpeg")},
            "bukan foto",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    users: dict, assignment: Any, overrides: dict, message: str, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = login(users["kurator"]).post(
        reverse("curation:assess", args=[assignment.pk]), assessment_post(assignment, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assessment.objects.exists() and not AssessmentPhoto.objects.exists()


def test_an_oversized_photo_is_refused(users: dict, assignment: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT, settings.LAPAK_UPLOAD_MAX_BYTES = tmp_path, 1000
    response = login(users["kurator"]).post(
        reverse("curation:assess", args=[assignment.pk]), assessment_post(assignment, photo_1=jpeg())
    )
    assert response.status_code == 400 and "Foto terlalu besar" in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_owner_sees_feedback_only_once_the_round_is_complete(
    users: dict, assignment: Any, make_business: Any, make_product: Any
) -> None:
    users["kurator"].first_name, users["kurator"].last_name = "Bambang", "Hermanto"
    users["kurator"].save()
    owner = login(users["pemilik"])
    url = reverse("curation:product_detail", args=[assignment.round.product_id])
    assert "sedang dinilai kurator" in owner.get(url).content.decode()
    submit(assignment, score=3, decision=Decision.LAYAK_LOKAL)
    content = owner.get(url).content.decode()
    assert "Layak pasar lokal" in content and "Tambahkan informasi nilai gizi." in content
    assert "catatan mutu" in content and "Kesiapan ekspor per pasar tujuan" in content
    assert "Bambang" not in content and "Kurator 1" in content, "the owner does not see who curated"
    stranger = make_product(make_business(SAMPANG, name="Usaha Lain", owner_nik="3527015507900009"))
    assert owner.get(reverse("curation:product_detail", args=[stranger.pk])).status_code == 404


def test_other_region_staff_are_refused(users: dict, assignment: Any) -> None:
    client = login(users["other_operator"])
    product_id = assignment.round.product_id
    assert client.get(reverse("curation:product_detail", args=[product_id])).status_code == 404
    response = client.post(
        reverse("curation:assignment_create", args=[product_id]), {"curator": users["kurator"].pk}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("curation:unggulan_confirm"), {"kabkota": SAMPANG, "year": 2026, "per_sector": 3}
    )
    assert response.status_code == 422 and not UnggulanList.objects.exists()


def test_staff_assign_and_see_the_conflict(users: dict, food_product: Product, second_curator: Any) -> None:
    food_product.business.owner_account = second_curator
    food_product.business.save()
    client = login(users["operator"])
    url = reverse("curation:assignment_create", args=[food_product.pk])
    response = client.post(url, {"curator": second_curator.pk})
    shown = refusal_shown(client, response)
    assert "tidak dapat menilai produk ini: kurator adalah pemilik usaha ini" in shown
    response = client.post(url, {"curator": users["kurator"].pk}, follow=True)
    assert "ditugaskan menilai" in response.content.decode()


def test_an_admin_confirms_and_downloads_the_list(users: dict, assignment: Any) -> None:
    submit(assignment, score=4)
    client = login(users["admin"])
    ranking = client.get(reverse("curation:unggulan"), {"kabkota": SAMPANG}).content.decode()
    assert assignment.round.product.name in ranking and "belum ada data penjualan" in ranking
    response = client.post(
        reverse("curation:unggulan_confirm"), {"kabkota": SAMPANG, "year": 2026, "per_sector": 3}
    )
    confirmed = UnggulanList.objects.get()
    assert response["Location"] == reverse("curation:unggulan_list", args=[confirmed.pk])
    pdf = client.get(reverse("curation:unggulan_export", args=[confirmed.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "produk-unggulan-kab-sampang-2026.pdf" in pdf["Content-Disposition"]
    xlsx = client.get(reverse("curation:unggulan_export", args=[confirmed.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Produk Unggulan Kab. Sampang 2026"
    assert sheet["C5"].value == assignment.round.product.name
    assert AccessLog.objects.filter(object_repr__startswith=f"unggulan:{confirmed.pk}").count() == 2
    assert (
        login(users["kurator"]).get(reverse("curation:unggulan_export", args=[confirmed.pk])).status_code
        == 403
    )


def test_weights_that_do_not_sum_to_100_are_refused(users: dict) -> None:
    client = login(users["admin"])
    data = {"curation": 50, "market": 50, "local_content": 10, "capacity": 0, "note": "uji"}
    response = client.post(reverse("curation:unggulan_weights"), data)
    assert "Jumlah bobot harus 100 (sekarang 110)." in response.content.decode()
    assert not UnggulanWeights.objects.exists()
    assert login(users["operator"]).get(reverse("curation:unggulan_weights")).status_code == 403


def test_an_admin_makes_a_new_rubric_version(users: dict, rubrics: dict) -> None:
    rubric = rubrics["kriya"]
    client = login(users["admin"])
    url = reverse("curation:rubric_version_create", args=[rubric.pk])
    assert "Keaslian, identitas lokal dan inovasi" in client.get(url).content.decode()
    data = {"scale_min": 1, "scale_max": 4, "note": "Skala empat",
            "aspek-TOTAL_FORMS": 2, "aspek-INITIAL_FORMS": 0, "aspek-MAX_NUM_FORMS": 20,
            "aspek-0-code": "mutu", "aspek-0-name": "Mutu", "aspek-0-weight": 60,
            "aspek-1-code": "keaslian", "aspek-1-name": "Keaslian", "aspek-1-weight": 40}  # fmt: skip
    assert client.post(url, data).status_code == 302
    version = RubricVersion.objects.get(rubric=rubric, number=2)
    assert (version.scale_max, version.aspects.count(), version.created_by) == (4, 2, users["admin"])
    assert login(users["operator"]).get(url).status_code == 403
