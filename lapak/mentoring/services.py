"""Writes of field mentoring: teams, visits (planned, done, sent again from a phone that was offline),
trainings and events with attendance and materials.

Every check runs before anything is written, and each service runs in one transaction: a refused
visit or training leaves nothing behind, not even a photo file.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, user_can
from lapak.core.uploads import document_scan_clean
from lapak.mentoring import checks, selectors
from lapak.mentoring.checks import Errors, add_error, raise_errors
from lapak.mentoring.models import (
    MemberRole,
    Team,
    TeamMembership,
    Training,
    TrainingMaterial,
    TrainingParticipant,
    Visit,
    VisitStatus,
)
from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Business

MEMBER_ROLES = {Role.PENDAMPING, Role.OPERATOR_KABKOTA, Role.ADMIN_PROVINSI, Role.KURATOR, Role.DEKRANASDA}


@dataclass(frozen=True)
class MemberInput:
    user: Any
    role: str = MemberRole.MEMBER


# --- Teams -------------------------------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    actor: Any,
    name: str,
    organisation_kind: str,
    organisation: str,
    region: Region,
    areas: list[Region],
    members: list[MemberInput],
    businesses: list[Business],
) -> Team:
    """Create a field team based in ``region`` (the province, or a kab/kota: an operator only theirs)
    covering ``areas`` (kab/kota, kecamatan or desa inside it) and/or an explicit list of businesses."""
    if not user_can(actor, Action.SUPERVISE):
        raise PermissionDenied(_("Hanya admin atau operator yang dapat membentuk tim pendamping."))
    _check_team(actor, name, organisation, region, areas, members, businesses)
    team = Team.objects.create(
        name=name.strip(),
        organisation_kind=organisation_kind,
        organisation=organisation.strip(),
        region=region,
        created_by=actor,
    )
    _team_save_links(team, areas, members, businesses)
    return team


@transaction.atomic
def team_update(
    *,
    actor: Any,
    team: Team,
    name: str,
    organisation_kind: str,
    organisation: str,
    region: Region,
    areas: list[Region],
    members: list[MemberInput],
    businesses: list[Business],
    is_active: bool = True,
) -> Team:
    """Change a team: its name, areas, members and list replace the earlier ones (visits stay)."""
    if not selectors.can_manage_team(actor, team):
        raise PermissionDenied(_("Anda tidak dapat mengubah tim ini."))
    _check_team(actor, name, organisation, region, areas, members, businesses)
    team.name, team.organisation = name.strip(), organisation.strip()
    team.organisation_kind, team.region, team.is_active = organisation_kind, region, is_active
    team.save()
    _team_save_links(team, areas, members, businesses)
    return team


def _check_team(
    actor: Any,
    name: str,
    organisation: str,
    region: Region,
    areas: list[Region],
    members: list[MemberInput],
    businesses: list[Business],
) -> None:
    errors: Errors = {}
    if not name.strip():
        add_error(errors, "name", _("Isi nama tim."))
    if not organisation.strip():
        add_error(errors, "organisation", _("Isi nama organisasi tim."))
    if not selectors.team_kabkota_choices(user=actor).filter(code=region.code).exists():
        add_error(errors, "region", _("Anda tidak dapat membentuk tim di %(region)s.") % {"region": region})
    for area in areas:
        if area.level == RegionLevel.PROVINSI or not checks.code_inside(area.code, region.code):
            add_error(errors, "areas", _("%(area)s berada di luar wilayah induk tim.") % {"area": area})
    if not areas and not businesses:
        add_error(errors, "areas", _("Tentukan wilayah tugas atau daftar usaha tim."))
    _check_members(errors, members)
    allowed = set(Business.objects.restrict(actor, Action.CHANGE).filter(
        pk__in=[b.pk for b in businesses]).values_list("pk", flat=True))  # fmt: skip
    for business in businesses:
        if business.pk not in allowed or not checks.code_inside(business.kabkota_id, region.code):
            add_error(errors, "businesses", _("Usaha %(name)s di luar wilayah tim.") % {"name": business})
    raise_errors(errors)


def _check_members(errors: Errors, members: list[MemberInput]) -> None:
    if not members:
        add_error(errors, "members", _("Tim memerlukan sedikitnya satu anggota."))
    users = [m.user.pk for m in members]
    if len(set(users)) != len(users):
        add_error(errors, "members", _("Seorang pengguna hanya dapat tercatat sekali dalam tim."))
    for member in members:
        if member.user.role not in MEMBER_ROLES or not member.user.is_active:
            add_error(
                errors,
                "members",
                _("%(name)s tidak dapat menjadi anggota tim (peran %(role)s).")
                % {"name": member.user, "role": member.user.get_role_display()},
            )
        if member.role not in MemberRole.values:
            add_error(errors, "members", _("Peran dalam tim tidak dikenal."))


def _team_save_links(
    team: Team, areas: list[Region], members: list[MemberInput], businesses: list[Business]
) -> None:
    team.areas.set(areas)
    team.businesses.set(businesses)
    team.memberships.all().delete()
    TeamMembership.objects.bulk_create(TeamMembership(team=team, user=m.user, role=m.role) for m in members)


# --- Visits ------------------------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    team: Team,
    status: str,
    visit_date: date,
    businesses: list[Business],
    topics: list[str],
    place: Region | None = None,
    outcome: str = "",
    next_step: str = "",
    photo: Any = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    client_uuid: uuid.UUID | None = None,
) -> tuple[Visit, bool]:
    """Record a planned or done visit by ``actor`` (the mentor) for ``team``; returns (visit, created).

    Idempotent by ``client_uuid``: a form sent again (an offline visit re-sent after a lost answer)
    returns the visit already saved, with ``created`` False, and changes nothing. The place defaults to
    the desa of the first business met. Photos are re-encoded (no EXIF, so no GPS of a house).
    """
    if client_uuid is not None:
        existing = _visit_by_uuid(actor, client_uuid)
        if existing is not None:
            return existing, False
    _check_can_record(actor, team)
    place = place or (businesses[0].desa if businesses else None)
    errors: Errors = {}
    if status not in VisitStatus.values:
        add_error(errors, "status", _("Pilih status kunjungan."))
    _check_businesses(errors, actor, team, businesses)
    _check_place(errors, actor, team, place, businesses)
    checks.visit_facts_check(
        errors, status, visit_date, topics, outcome, next_step, photo, latitude, longitude
    )
    image = checks.photo_reencode(errors, photo)
    raise_errors(errors)
    visit = Visit(
        client_uuid=client_uuid or uuid.uuid4(), team=team, mentor=actor, status=status,
        visit_date=visit_date, place=place, topics=checks.topics_ordered(topics), outcome=outcome.strip(),
        next_step=next_step.strip(), latitude=latitude, longitude=longitude,
        completed_at=timezone.now() if status == VisitStatus.DONE else None,
    )  # fmt: skip
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError:
        # The same visit arrived twice at once: the other request saved it first.
        existing = _visit_by_uuid(actor, visit.client_uuid)
        if existing is None:
            raise
        return existing, False
    visit.businesses.set(businesses)
    _save_photo(visit, image)
    return visit, True


def _visit_by_uuid(actor: Any, client_uuid: uuid.UUID) -> Visit | None:
    visit = Visit.objects.filter(client_uuid=client_uuid).first()
    if visit is not None and visit.mentor_id != actor.pk:
        raise ValidationError({"client_uuid": _("Kode kiriman ini sudah dipakai kunjungan lain.")})
    return visit


def _check_can_record(actor: Any, team: Team) -> None:
    if not user_can(actor, Action.ADD):
        raise PermissionDenied(_("Anda tidak dapat mencatat kunjungan."))
    member = TeamMembership.objects.filter(team=team, user=actor).exists()
    if not (member or selectors.can_manage_team(actor, team)):
        raise PermissionDenied(_("Anda bukan anggota %(team)s.") % {"team": team})
    if not team.is_active:
        raise ValidationError({"team": _("Tim ini sudah tidak aktif.")})


def _check_businesses(errors: Errors, actor: Any, team: Team, businesses: list[Business]) -> None:
    """At least one business, each in the actor's scope and covered by the team."""
    if not businesses:
        add_error(errors, "businesses", _("Pilih sedikitnya satu usaha yang ditemui."))
        return
    covered = set(
        Business.objects.restrict(actor, Action.ADD)
        .filter(selectors.team_business_q(team), pk__in=[b.pk for b in businesses])
        .values_list("pk", flat=True)
    )
    for business in businesses:
        if business.pk not in covered:
            add_error(
                errors,
                "businesses",
                _("Usaha %(name)s tidak termasuk wilayah atau daftar %(team)s.")
                % {"name": business, "team": team},
            )


def _check_place(
    errors: Errors, actor: Any, team: Team, place: Region | None, businesses: list[Business]
) -> None:
    if place is None:
        if businesses:  # only when no business was given, which is reported already
            add_error(errors, "place", _("Pilih desa/kelurahan tempat kunjungan."))
        return
    if place.level != RegionLevel.DESA:
        add_error(errors, "place", _("Tempat kunjungan harus sebuah desa/kelurahan."))
    elif not checks.code_inside(place.code, team.region_id):
        add_error(
            errors, "place", _("%(place)s berada di luar wilayah %(team)s.") % {"place": place, "team": team}
        )


def _save_photo(visit: Visit, image: bytes | None) -> None:
    """Write the file last; if saving the row fails after it, the file is removed again."""
    if image is None:
        return
    visit.photo.save("foto.jpg", ContentFile(image), save=False)
    try:
        visit.save(update_fields=["photo"])
    except Exception:
        visit.photo.storage.delete(visit.photo.name)
        raise


@transaction.atomic
def visit_complete(
    *,
    actor: Any,
    visit: Visit,
    visit_date: date,
    topics: list[str],
    outcome: str = "",
    next_step: str = "",
    photo: Any = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Visit:
    """Mark a planned visit as done, with what happened. Its mentor, a lead of its team or a
    supervising operator/admin may do it; a visit already done is refused."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if not selectors.can_change_visit(actor, visit):
        raise PermissionDenied(_("Anda tidak dapat mengubah kunjungan ini."))
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("Kunjungan ini sudah ditandai selesai."))
    errors: Errors = {}
    args = (outcome, next_step, photo, latitude, longitude)
    checks.visit_facts_check(errors, VisitStatus.DONE, visit_date, topics, *args)
    image = checks.photo_reencode(errors, photo)
    raise_errors(errors)
    visit.status, visit.visit_date, visit.topics = VisitStatus.DONE, visit_date, checks.topics_ordered(topics)
    visit.outcome, visit.next_step = outcome.strip(), next_step.strip()
    visit.latitude, visit.longitude, visit.completed_at = latitude, longitude, timezone.now()
    visit.save()
    _save_photo(visit, image)
    return visit


# --- Trainings and events ----------------------------------------------------------------------------


@transaction.atomic
def training_create(
    *,
    actor: Any,
    team: Team,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: Region,
    participants: list[Business],
    venue: str = "",
    description: str = "",
) -> Training:
    """Schedule a training or event (an expo included) of ``team`` at ``place`` (a kab/kota, kecamatan
    or desa inside the team's region) for businesses in the actor's scope."""
    _check_can_record(actor, team)
    errors: Errors = {}
    if not title.strip():
        add_error(errors, "title", _("Isi judul kegiatan."))
    if ends_at < starts_at:
        add_error(errors, "ends_at", _("Waktu selesai harus sesudah waktu mulai."))
    if place.level == RegionLevel.PROVINSI and team.region.level != RegionLevel.PROVINSI:
        add_error(errors, "place", _("Pilih kab/kota, kecamatan atau desa tempat kegiatan."))
    elif not checks.code_inside(place.code, team.region_id):
        add_error(
            errors, "place", _("%(place)s berada di luar wilayah %(team)s.") % {"place": place, "team": team}
        )
    _check_participants(errors, actor, participants)
    raise_errors(errors)
    training = Training.objects.create(
        team=team, kind=kind, title=title.strip(), starts_at=starts_at, ends_at=ends_at, place=place,
        venue=venue.strip(), description=description.strip(), created_by=actor,
    )  # fmt: skip
    TrainingParticipant.objects.bulk_create(
        TrainingParticipant(training=training, business=b) for b in participants
    )
    return training


def _check_participants(errors: Errors, actor: Any, participants: list[Business]) -> None:
    if not participants:
        add_error(errors, "participants", _("Pilih sedikitnya satu usaha peserta."))
        return
    allowed = set(
        Business.objects.restrict(actor, Action.ADD)
        .filter(pk__in=[b.pk for b in participants])
        .values_list("pk", flat=True)
    )
    for business in participants:
        if business.pk not in allowed:
            add_error(errors, "participants", _("Usaha %(name)s di luar wilayah Anda.") % {"name": business})


@transaction.atomic
def training_attendance_set(
    *, actor: Any, training: Training, attended: set[int], follow_up: str
) -> Training:
    """Take attendance (businesses in ``attended`` came, the other participants did not) and write the
    follow-up notes. Only once the training has started."""
    if not selectors.can_change_training(actor, training):
        raise PermissionDenied(_("Anda tidak dapat mengubah kegiatan ini."))
    if timezone.now() < training.starts_at:
        raise ValidationError(_("Kehadiran baru dapat dicatat setelah kegiatan dimulai."))
    participants = set(training.participations.values_list("business_id", flat=True))
    if attended - participants:
        raise ValidationError(_("Ada usaha yang bukan peserta kegiatan ini."))
    if len(follow_up) > checks.MAX_TEXT:
        raise ValidationError({"follow_up": _("Tindak lanjut paling panjang 2.000 karakter.")})
    training.participations.filter(business_id__in=attended).update(attended=True)
    training.participations.exclude(business_id__in=attended).update(attended=False)
    training.follow_up = follow_up.strip()
    training.save(update_fields=["follow_up", "updated_at"])
    return training


@transaction.atomic
def training_material_add(*, actor: Any, training: Training, file: Any, title: str = "") -> TrainingMaterial:
    """Attach a material (PDF or image, judged by its content) to a training."""
    if not selectors.can_change_training(actor, training):
        raise PermissionDenied(_("Anda tidak dapat mengubah kegiatan ini."))
    try:
        file = document_scan_clean(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    name = (file.name or "materi")[-200:]
    material = TrainingMaterial(
        training=training, title=(title.strip() or name)[:200], original_name=name, uploaded_by=actor
    )
    material.file.save(name, file, save=False)
    try:
        material.save()
    except Exception:
        material.file.storage.delete(material.file.name)
        raise
    return material
