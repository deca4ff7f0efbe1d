"""Services: teams and what they cover, visits (planned, done, re-sent), trainings and attendance."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lapak.catalog.tests.conftest import image_bytes, upload
from lapak.conftest import SAMPANG, SURABAYA, first_desa
from lapak.mentoring import services
from lapak.mentoring.models import Team, Topic, Training, TrainingMaterial, Visit, VisitStatus
from lapak.mentoring.services import MemberInput
from lapak.mentoring.tests.conftest import days_ago
from lapak.regions.models import Region

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# --- Teams -------------------------------------------------------------------------------------------


def test_an_operator_forms_a_team_in_their_kabkota_only(users: dict, lead: Any) -> None:
    sampang = Region.objects.get(code=SAMPANG)
    kecamatan = Region.objects.get(code=first_desa(SAMPANG).code[:8])
    team = services.team_create(
        actor=users["operator"], name="Tim Desa Digital", organisation_kind="marketplace",
        organisation="Mitra marketplace", region=sampang, areas=[kecamatan],
        members=[MemberInput(lead, "ketua")], businesses=[],
    )  # fmt: skip
    assert list(team.areas.all()) == [kecamatan] and team.memberships.get().role == "ketua"
    with pytest.raises(ValidationError) as error:
        services.team_create(
            actor=users["operator"], name="Tim Surabaya", organisation_kind="dinas", organisation="Dinas",
            region=Region.objects.get(code=SURABAYA), areas=[Region.objects.get(code=SURABAYA)],
            members=[MemberInput(lead)], businesses=[],
        )  # fmt: skip
    assert messages_of(error.value) == {"region": ["Anda tidak dapat membentuk tim di Kota Surabaya."]}
    with pytest.raises(PermissionDenied):
        services.team_create(
            actor=users["pendamping"], name="Tim", organisation_kind="dinas", organisation="Dinas",
            region=sampang, areas=[sampang], members=[MemberInput(lead)], businesses=[],
        )  # fmt: skip
    assert Team.objects.count() == 1


def test_a_team_needs_members_of_a_field_role_and_something_to_cover(users: dict) -> None:
    sampang = Region.objects.get(code=SAMPANG)
    with pytest.raises(ValidationError) as error:
        services.team_create(
            actor=users["admin"], name="Tim", organisation_kind="dinas", organisation="Dinas", region=sampang,
            areas=[], members=[MemberInput(users["pemilik"])], businesses=[],
        )  # fmt: skip
    errors = messages_of(error.value)
    assert errors["areas"] == ["Tentukan wilayah tugas atau daftar usaha tim."]
    assert "tidak dapat menjadi anggota tim" in errors["members"][0]
    assert not Team.objects.exists()


def test_a_team_can_cover_an_explicit_list_of_businesses(users: dict, lead: Any, make_business: Any) -> None:
    listed = make_business(name="Dalam Daftar")
    make_business(name="Tidak Didaftar", owner_nik="3527014507850009")
    team = services.team_create(
        actor=users["operator"], name="Tim Daftar", organisation_kind="penggerak", organisation="PKK",
        region=Region.objects.get(code=SAMPANG), areas=[], members=[MemberInput(lead)], businesses=[listed],
    )  # fmt: skip
    from lapak.mentoring.selectors import team_business_q
    from lapak.registry.models import Business

    assert set(Business.objects.filter(team_business_q(team)).values_list("name", flat=True)) == {
        "Dalam Daftar"
    }


# --- Visits ------------------------------------------------------------------------------------------


def test_a_mentor_records_a_done_visit(users: dict, sampang_team: Team, sampang_business: Any) -> None:
    visit, created = services.visit_record(
        actor=users["pendamping"], team=sampang_team, status=VisitStatus.DONE, visit_date=days_ago(1),
        businesses=[sampang_business], topics=[Topic.PACKAGING, Topic.DIGITAL_LITERACY],
        outcome="Kemasan baru dicoba.", next_step="Daftar P-IRT.",
        latitude=Decimal("-7.19"), longitude=Decimal("113.25"),
    )  # fmt: skip
    assert created and visit.mentor == users["pendamping"] and visit.place_id == sampang_business.desa_id
    assert visit.topics == [Topic.DIGITAL_LITERACY, Topic.PACKAGING]  # stored in the list's order
    assert list(visit.businesses.all()) == [sampang_business] and visit.completed_at is not None


def test_a_visit_sent_twice_with_one_uuid_is_saved_once(
    users: dict, sampang_team: Team, sampang_business: Any, record_visit: Any
) -> None:
    key = uuid.uuid4()
    first = record_visit(users["pendamping"], sampang_team, [sampang_business], client_uuid=key)
    again, created = services.visit_record(
        actor=users["pendamping"], team=sampang_team, status=VisitStatus.DONE,
        visit_date=timezone.localdate(), businesses=[sampang_business], topics=[Topic.BOOKKEEPING],
        client_uuid=key,
    )  # fmt: skip
    assert again.pk == first.pk and not created and Visit.objects.count() == 1
    assert Visit.objects.get().topics == [Topic.PRODUCT_PHOTOS, Topic.MARKETPLACE_SHOP]  # unchanged
    with pytest.raises(ValidationError):  # another mentor cannot claim the key
        record_visit(users["operator"], sampang_team, [sampang_business], client_uuid=key)


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"visit_date": "tomorrow"}, "visit_date", "tidak boleh bertanggal setelah hari ini"),
        (
            {"latitude": Decimal("51.5"), "longitude": Decimal("-0.12")},
            "latitude",
            "di luar wilayah Indonesia",
        ),
        ({"latitude": Decimal("-7.2"), "longitude": None}, "latitude", "bersama-sama"),
        ({"businesses": []}, "businesses", "Pilih sedikitnya satu usaha"),
        ({"topics": []}, "topics", "sedikitnya satu topik"),
        ({"topics": ["sulap"]}, "topics", "Topik tidak dikenal"),
        ({"photo": "text"}, "photo", "bukan foto"),
        ({"photo": "huge"}, "photo", "terlalu besar"),
        ({"status": VisitStatus.PLANNED, "visit_date": "yesterday"}, "visit_date", "sudah lewat"),
    ],
)
def test_bad_visit_input_is_refused_in_indonesian_and_nothing_is_saved(
    users: dict,
    sampang_team: Team,
    sampang_business: Any,
    settings: Any,
    fields: dict,
    key: str,
    message: str,
) -> None:
    settings.LAPAK_UPLOAD_MAX_BYTES = 200_000
    data: dict[str, Any] = {
        "status": VisitStatus.DONE, "visit_date": timezone.localdate(), "businesses": [sampang_business],
        "topics": [Topic.LEGALITY],
    }  # fmt: skip
    data.update(fields)
    dates = {"tomorrow": timezone.localdate() + timedelta(days=1), "yesterday": days_ago(1)}
    data["visit_date"] = dates.get(data["visit_date"], data["visit_date"])
    photos = {
        "text": SimpleUploadedFile("foto.jpg", b"bukan gambar"),
        "huge": SimpleUploadedFile("f.jpg", b"0" * 300_000),
    }
    data["photo"] = photos.get(data.get("photo"))
    with pytest.raises(ValidationError) as error:
        services.visit_record(actor=users["pendamping"], team=sampang_team, **data)
    assert message in " ".join(messages_of(error.value)[key])
    assert not Visit.objects.exists()


def test_a_business_outside_the_team_is_refused(
    users: dict, sampang_team: Team, surabaya_business: Any, sampang_business: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.visit_record(
            actor=users["admin"], team=sampang_team, status=VisitStatus.DONE, visit_date=timezone.localdate(),
            businesses=[sampang_business, surabaya_business], topics=[Topic.LEGALITY],
        )  # fmt: skip
    team = "Tim Pendamping Dinas Koperasi Kab. Sampang"
    assert messages_of(error.value)["businesses"] == [
        f"Usaha Kue Lapis Surabaya tidak termasuk wilayah atau daftar {team}."
    ]
    assert not Visit.objects.exists()


def test_only_members_record_for_a_team(
    users: dict, sampang_team: Team, surabaya_mentor: Any, sampang_business: Any, record_visit: Any
) -> None:
    with pytest.raises(PermissionDenied):
        record_visit(surabaya_mentor, sampang_team, [sampang_business])
    with pytest.raises(PermissionDenied):
        record_visit(users["pimpinan"], sampang_team, [sampang_business])


def test_the_photo_is_reencoded_without_exif(
    users: dict, sampang_team: Team, sampang_business: Any, record_visit: Any
) -> None:
    visit = record_visit(users["pendamping"], sampang_team, [sampang_business], photo=upload(gps=True))
    with visit.photo.open("rb") as file, Image.open(file) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_planned_visit_is_marked_done(
    users: dict, sampang_team: Team, sampang_business: Any, record_visit: Any
) -> None:
    visit = record_visit(
        users["pendamping"],
        sampang_team,
        [sampang_business],
        status=VisitStatus.PLANNED,
        topics=[],
        outcome="",
    )
    assert visit.status == VisitStatus.PLANNED and visit.completed_at is None
    with pytest.raises(ValidationError):  # a done visit cannot be dated tomorrow
        services.visit_complete(
            actor=users["pendamping"], visit=visit, visit_date=timezone.localdate() + timedelta(days=1),
            topics=[Topic.LEGALITY],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # another team's mentor
        services.visit_complete(
            actor=users["other_operator"],
            visit=visit,
            visit_date=timezone.localdate(),
            topics=[Topic.LEGALITY],
        )
    done = services.visit_complete(
        actor=users["pendamping"], visit=visit, visit_date=timezone.localdate(), topics=[Topic.LEGALITY],
        outcome="NIB terbit.", photo=SimpleUploadedFile("f.png", image_bytes(kind="PNG")),
    )  # fmt: skip
    assert done.status == VisitStatus.DONE and done.outcome == "NIB terbit." and done.photo
    with pytest.raises(ValidationError):
        services.visit_complete(
            actor=users["pendamping"], visit=visit, visit_date=timezone.localdate(), topics=[Topic.LEGALITY]
        )


def test_the_team_lead_may_complete_a_members_visit(
    users: dict, lead: Any, sampang_team: Team, sampang_business: Any, record_visit: Any
) -> None:
    visit = record_visit(
        users["pendamping"], sampang_team, [sampang_business], status=VisitStatus.PLANNED, topics=[]
    )
    services.visit_complete(
        actor=lead, visit=visit, visit_date=timezone.localdate(), topics=[Topic.BOOKKEEPING]
    )
    assert Visit.objects.get().status == VisitStatus.DONE


# --- Trainings ---------------------------------------------------------------------------------------


def _training(actor: Any, team: Team, businesses: list[Any], **fields: Any) -> Training:
    start = timezone.now() - timedelta(hours=2)
    data: dict[str, Any] = {
        "kind": "pelatihan", "title": "Foto Produk dengan Ponsel", "starts_at": start,
        "ends_at": start + timedelta(hours=3), "place": Region.objects.get(code=SAMPANG),
        "venue": "Balai Desa", "participants": businesses,
    }  # fmt: skip
    data.update(fields)
    return services.training_create(actor=actor, team=team, **data)


def test_a_training_takes_attendance_and_follow_up(
    users: dict, sampang_team: Team, sampang_business: Any, make_business: Any
) -> None:
    absent = make_business(name="Tidak Datang", owner_nik="3527014507850003")
    training = _training(users["pendamping"], sampang_team, [sampang_business, absent])
    services.training_attendance_set(
        actor=users["pendamping"],
        training=training,
        attended={sampang_business.pk},
        follow_up="Kelas lanjutan.",
    )
    rows = dict(training.participations.values_list("business__name", "attended"))
    assert rows == {sampang_business.name: True, "Tidak Datang": False}
    assert Training.objects.get().follow_up == "Kelas lanjutan."
    with pytest.raises(ValidationError):
        services.training_attendance_set(
            actor=users["pendamping"], training=training, attended={999_999}, follow_up=""
        )


def test_attendance_waits_for_the_start_and_the_end_follows_the_start(
    users: dict, sampang_team: Team, sampang_business: Any
) -> None:
    later = timezone.now() + timedelta(days=3)
    expo = _training(
        users["pendamping"], sampang_team, [sampang_business], kind="pameran", starts_at=later,
        ends_at=later + timedelta(days=2),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="setelah kegiatan dimulai"):
        services.training_attendance_set(
            actor=users["pendamping"], training=expo, attended={sampang_business.pk}, follow_up=""
        )
    with pytest.raises(ValidationError) as error:
        _training(users["pendamping"], sampang_team, [], ends_at=later - timedelta(days=5), starts_at=later)
    assert set(messages_of(error.value)) == {"ends_at", "participants"}
    assert Training.objects.count() == 1


def test_materials_are_checked_by_content(users: dict, sampang_team: Team, sampang_business: Any) -> None:
    training = _training(users["pendamping"], sampang_team, [sampang_business])
    material = services.training_material_add(
        actor=users["pendamping"], training=training, file=SimpleUploadedFile("modul.pdf", b"%PDF-1.4 modul")
    )
    assert material.title == "modul.pdf" and material.file.name.endswith(".pdf")
    with pytest.raises(ValidationError) as error:
        services.training_material_add(
            actor=users["pendamping"], training=training, file=SimpleUploadedFile("modul.pdf", b"MZ\x90 exe")
        )
    assert "bukan PDF" in messages_of(error.value)["file"][0]
    with pytest.raises(PermissionDenied):
        services.training_material_add(
            actor=users["other_operator"], training=training, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4")
        )
    assert TrainingMaterial.objects.count() == 1
