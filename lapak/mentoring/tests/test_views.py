"""Pages: the quick visit form (HTML and the offline sender's JSON), scope per role, supervisor, trainings."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lapak.catalog.tests.conftest import image_bytes
from lapak.conftest import PASSWORD, SAMPANG
from lapak.mentoring.models import Team, Training, TrainingMaterial, Visit, VisitStatus

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def visit_data(business: Any, team: Team, **overrides: Any) -> dict[str, Any]:
    data = {
        "client_uuid": str(uuid.uuid4()), "team": team.pk, "status": VisitStatus.DONE,
        "visit_date": timezone.localdate().isoformat(), "businesses": [business.pk],
        "topics": ["foto_produk", "toko_marketplace"], "outcome": "Toko Shopee dibuka.", "next_step": "",
        "place": "", "latitude": "-7.191234567", "longitude": "113.2449",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_visit_form_lists_the_teams_businesses_only(
    users: dict, sampang_team: Team, sampang_business: Any, surabaya_business: Any
) -> None:
    page = login(users["pendamping"]).get(reverse("mentoring:visit_create")).content.decode()
    assert sampang_business.name in page and surabaya_business.name not in page
    assert 'name="client_uuid"' in page and "visit-offline.js" in page
    assert login(users["kurator"]).get(reverse("mentoring:visit_create")).status_code == 403


def test_a_mentor_records_a_visit_through_the_form(
    users: dict, sampang_team: Team, sampang_business: Any
) -> None:
    response = login(users["pendamping"]).post(
        reverse("mentoring:visit_create"), visit_data(sampang_business, sampang_team)
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "mentoring:visit_detail", args=[visit.pk]
    )
    assert str(visit.latitude) == "-7.191235" and visit.place_id == sampang_business.desa_id


def test_the_offline_sender_gets_json_and_a_resend_is_saved_once(
    users: dict, sampang_team: Team, sampang_business: Any
) -> None:
    client = login(users["pendamping"])
    data = visit_data(sampang_business, sampang_team)
    url, headers = reverse("mentoring:visit_create"), {"Accept": "application/json"}
    first = client.post(url, data, headers=headers)
    again = client.post(url, data, headers=headers)
    assert first.status_code == 201 and first.json()["created"] is True
    assert again.status_code == 200 and again.json() == {**first.json(), "created": False}
    assert Visit.objects.count() == 1
    bad = client.post(url, visit_data(sampang_business, sampang_team, businesses=[]), headers=headers)
    assert bad.status_code == 400
    assert bad.json()["errors"]["businesses"] == ["Pilih sedikitnya satu usaha yang ditemui."]
    assert Visit.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"visit_date": "tomorrow"}, "tidak boleh bertanggal setelah hari ini"),
        ({"latitude": "35.68", "longitude": "139.69"}, "di luar wilayah Indonesia"),
        ({"businesses": []}, "Pilih sedikitnya satu usaha yang ditemui."),
        ({"photo": "text"}, "bukan foto JPG, PNG atau WEBP"),
        ({"photo": "huge"}, "Foto terlalu besar"),
    ],
)
def test_bad_input_shows_an_indonesian_error_and_saves_nothing(
    users: dict, sampang_team: Team, sampang_business: Any, settings: Any, overrides: dict, message: str
) -> None:
    settings.LAPAK_UPLOAD_MAX_BYTES = 100_000
    data = visit_data(sampang_business, sampang_team, **overrides)
    if data["visit_date"] == "tomorrow":
        data["visit_date"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    files = {
        "text": SimpleUploadedFile("foto.jpg", b"ini bukan foto", content_type="image/jpeg"),
        "huge": SimpleUploadedFile("foto.jpg", image_bytes(3000, 3000), content_type="image/jpeg"),
    }
    if "photo" in data:
        data["photo"] = files[data["photo"]]
    response = login(users["pendamping"]).post(reverse("mentoring:visit_create"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Visit.objects.exists()


def test_a_mentor_of_another_area_cannot_open_a_visit(
    users: dict, surabaya_mentor: Any, sampang_team: Team, surabaya_team: Team, sampang_business: Any,
    record_visit: Any,
) -> None:  # fmt: skip
    visit = record_visit(
        users["pendamping"],
        sampang_team,
        [sampang_business],
        photo=SimpleUploadedFile("f.jpg", image_bytes()),
    )
    stranger = login(surabaya_mentor)
    for name in ("visit_detail", "visit_complete", "visit_photo"):
        assert stranger.get(reverse(f"mentoring:{name}", args=[visit.pk])).status_code == 404, name
    assert stranger.get(reverse("mentoring:team_detail", args=[sampang_team.pk])).status_code == 404
    assert sampang_business.name not in stranger.get(reverse("mentoring:home")).content.decode()
    own = login(users["pendamping"])
    assert own.get(reverse("mentoring:visit_photo", args=[visit.pk]))["Content-Type"] == "image/jpeg"
    assert (
        sampang_business.name in own.get(reverse("mentoring:visit_detail", args=[visit.pk])).content.decode()
    )


def test_a_planned_visit_is_completed_from_its_page(
    users: dict, sampang_team: Team, sampang_business: Any, record_visit: Any
) -> None:
    visit = record_visit(
        users["pendamping"], sampang_team, [sampang_business], status=VisitStatus.PLANNED, topics=[]
    )
    client = login(users["pendamping"])
    assert "Tandai selesai" in client.get(reverse("mentoring:home")).content.decode()
    data = {
        "visit_date": timezone.localdate().isoformat(),
        "topics": ["pembukuan"],
        "outcome": "Buku kas dibuat.",
    }
    response = client.post(reverse("mentoring:visit_complete", args=[visit.pk]), data)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE and visit.topics == ["pembukuan"]
    assert (
        login(users["pimpinan"]).get(reverse("mentoring:visit_complete", args=[visit.pk])).status_code == 403
    )


def test_the_supervisor_page_groups_the_teams_visits_by_mentor(
    users: dict, lead: Any, surabaya_mentor: Any, sampang_team: Team, surabaya_team: Team,
    sampang_business: Any, surabaya_business: Any, record_visit: Any,
) -> None:  # fmt: skip
    record_visit(users["pendamping"], sampang_team, [sampang_business], outcome="Kunjungan Sampang")
    record_visit(surabaya_mentor, surabaya_team, [surabaya_business])
    page = login(lead).get(reverse("mentoring:supervisor")).content.decode()
    assert "Pendamping" in page and sampang_business.name in page and surabaya_business.name not in page
    assert login(users["pendamping"]).get(reverse("mentoring:supervisor")).status_code == 403
    admin = login(users["admin"])
    filtered = admin.get(reverse("mentoring:supervisor"), {"kabkota": SAMPANG}).content.decode()
    assert sampang_business.name in filtered and surabaya_business.name not in filtered
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert (
        sampang_business.name
        not in admin.get(reverse("mentoring:supervisor"), {"date_from": future}).content.decode()
    )


def test_an_operator_forms_and_changes_a_team(users: dict, sampang_business: Any) -> None:
    client = login(users["operator"])
    data = {
        "name": "Tim Desa Digital Sampang", "organisation_kind": "marketplace",
        "organisation": "Mitra marketplace", "region": SAMPANG, "areas": [sampang_business.kecamatan_id],
        "desa_codes": "", "business_ids": "",
        "members": [users["pendamping"].pk], "leads": [users["pendamping"].pk], "is_active": "on",
    }  # fmt: skip
    response = client.post(reverse("mentoring:team_create"), data)
    team = Team.objects.get()
    assert response.status_code == 302 and team.memberships.get().role == "ketua"
    data.update(desa_codes="99.99.99.9999", business_ids=str(sampang_business.pk))
    page = client.post(reverse("mentoring:team_update", args=[team.pk]), data)
    assert page.status_code == 400 and "Kode desa tidak dikenal: 99.99.99.9999." in page.content.decode()
    assert login(users["pendamping"]).get(reverse("mentoring:team_update", args=[team.pk])).status_code == 403
    assert (
        login(users["other_operator"]).get(reverse("mentoring:team_update", args=[team.pk])).status_code
        == 404
    )


def test_a_training_is_scheduled_attended_and_given_materials(
    users: dict, sampang_team: Team, sampang_business: Any
) -> None:
    client = login(users["pendamping"])
    start = timezone.localtime() - timedelta(hours=1)
    end = start + timedelta(hours=3)
    data = {
        "team": sampang_team.pk, "kind": "pelatihan", "title": "Kelas Foto Produk", "place": SAMPANG,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "venue": "Pendopo", "description": "", "participants": [sampang_business.pk],
    }  # fmt: skip
    assert client.post(reverse("mentoring:training_create"), data).status_code == 302
    training = Training.objects.get()
    url = reverse("mentoring:training_attendance", args=[training.pk])
    assert (
        client.post(url, {"attended": [sampang_business.pk], "follow_up": "Kelas lanjutan"}).status_code
        == 302
    )
    assert training.participations.get().attended is True
    upload = SimpleUploadedFile("modul.pdf", b"%PDF-1.4 modul foto", content_type="application/pdf")
    client.post(reverse("mentoring:material_add", args=[training.pk]), {"title": "Modul", "file": upload})
    material = TrainingMaterial.objects.get()
    download = client.get(reverse("mentoring:material_file", args=[material.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("mentoring:training_detail", args=[training.pk])).content.decode()
    assert "Kelas lanjutan" in page and "Modul" in page
    assert (
        login(users["other_operator"]).get(reverse("mentoring:material_file", args=[material.pk])).status_code
        == 404
    )


def test_the_form_lists_a_capped_set_and_searches_the_server_for_more(
    users: dict, sampang_team: Team, sampang_business: Any, make_business: Any, monkeypatch: Any
) -> None:
    from lapak.mentoring import selectors

    monkeypatch.setattr(selectors, "VISIT_FORM_CANDIDATES", 1)
    later = make_business(name="Zamzam Kerupuk Ikan", owner_nik="3527014507850005")
    client, url = login(users["pendamping"]), reverse("mentoring:visit_create")
    page = client.get(url).content.decode()
    assert sampang_business.name in page and later.name not in page and "hanya memuat 1 usaha" in page
    assert later.name in client.get(url, {"q": "zamzam"}).content.decode()
    assert (
        f'value="{later.pk}" data-name="{later.name}" checked'
        in client.get(url, {"usaha": later.pk}).content.decode()
    )


def test_pimpinan_reads_a_visit_without_its_gps_or_photo(
    users: dict, sampang_team: Team, sampang_business: Any, record_visit: Any
) -> None:
    from decimal import Decimal

    photo = SimpleUploadedFile("f.jpg", image_bytes())
    visit = record_visit(
        users["pendamping"], sampang_team, [sampang_business], photo=photo,
        latitude=Decimal("-7.123456"), longitude=Decimal("113.654321"),
    )  # fmt: skip
    url = reverse("mentoring:visit_detail", args=[visit.pk])
    page = login(users["pimpinan"]).get(url).content.decode()
    assert sampang_business.name in page and "-7.123456" not in page and "/foto/" not in page
    assert "-7.123456" in login(users["operator"]).get(url).content.decode()


def test_ids_in_the_form_are_not_written_with_thousand_separators(
    users: dict, sampang_team: Team, make_business: Any
) -> None:
    """Indonesian number format would write 12.345: a checkbox value the server cannot read back."""
    from lapak.registry.models import Business

    business = make_business(name="Kerupuk Nomor Besar")
    Business.objects.filter(pk=business.pk).update(id=12345)
    page = login(users["pendamping"]).get(reverse("mentoring:visit_create")).content.decode()
    assert 'value="12345"' in page and "12.345" not in page
