"""Forms of field mentoring: they parse input and hand it to the services, which hold the rules."""

from __future__ import annotations

import re
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import User
from lapak.accounts.scoping import Action
from lapak.mentoring import selectors
from lapak.mentoring.models import MemberRole, OrganisationKind, Team, Topic, TrainingKind, VisitStatus
from lapak.mentoring.services import MEMBER_ROLES, MemberInput
from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Business

DATE = {"type": "date"}
DATETIME = {"type": "datetime-local"}
COORDINATE = {"inputmode": "decimal", "step": "any", "autocomplete": "off"}
SIX_PLACES = Decimal("0.000001")
AREA_LEVELS = Q(level__in=[RegionLevel.KABKOTA, RegionLevel.KECAMATAN])


def _under_any(codes: list[str]) -> Q:
    """Regions at or below any of ``codes``."""
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(code=code) | Q(code__startswith=f"{code}.")
    return q


class ServiceErrorsMixin:
    """Put a service's ``ValidationError`` on the fields it names (others on the whole form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]
            return
        for key, messages in error.message_dict.items():
            shown = key in self.fields and not self.fields[key].widget.is_hidden
            self.add_error(key if shown else None, messages)  # type: ignore[attr-defined]


def _coordinate(value: Decimal | None) -> Decimal | None:
    """A phone gives 15 decimals; 6 (about 10 cm) is what is stored."""
    return None if value is None else value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


class VisitFactsForm(ServiceErrorsMixin, forms.Form):
    """What happened at a visit: shared by recording a visit and marking a planned one done."""

    visit_date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    topics = forms.MultipleChoiceField(
        label=_("Topik"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    outcome = forms.CharField(label=_("Hasil"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(
        label=_("Langkah berikutnya"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.FileField(
        label=_("Foto (boleh kosong)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPG, PNG atau WEBP, minimal 500 x 500 piksel. Data lokasi di dalam foto dihapus."),
    )
    latitude = forms.DecimalField(label=_("Lintang"), required=False, widget=forms.NumberInput(COORDINATE))
    longitude = forms.DecimalField(label=_("Bujur"), required=False, widget=forms.NumberInput(COORDINATE))

    def clean_latitude(self) -> Decimal | None:
        return _coordinate(self.cleaned_data.get("latitude"))

    def clean_longitude(self) -> Decimal | None:
        return _coordinate(self.cleaned_data.get("longitude"))

    def facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ("visit_date", "topics", "outcome", "next_step", "photo", "latitude", "longitude")
        return {key: data.get(key) for key in keys}


class VisitForm(VisitFactsForm):
    """A visit typed on a phone. Businesses and the desa are listed by the template (a short list the
    page filters offline); the fields here accept any business or desa and the service checks scope."""

    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    team = forms.ModelChoiceField(label=_("Tim"), queryset=Team.objects.none(), empty_label=None)
    status = forms.ChoiceField(
        label=_("Status"), choices=VisitStatus.choices, initial=VisitStatus.DONE, widget=forms.RadioSelect
    )
    businesses = forms.ModelMultipleChoiceField(
        label=_("Usaha yang ditemui"), queryset=Business.objects.none(), required=False
    )
    place = forms.ModelChoiceField(
        label=_("Desa/kelurahan tempat kunjungan"),
        queryset=Region.objects.filter(level=RegionLevel.DESA),
        required=False,
    )
    field_order = ["client_uuid", "team", "status", "visit_date", "businesses", "place", "topics"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = selectors.recordable_teams(user=user)  # type: ignore[attr-defined]
        self.fields["businesses"].queryset = Business.objects.restrict(user, Action.ADD)  # type: ignore[attr-defined]
        self.fields["businesses"].error_messages["invalid_choice"] = _(
            "Usaha yang dipilih tidak ditemukan di wilayah Anda."
        )

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.facts(),
            "team": data["team"],
            "status": data["status"],
            "businesses": list(data.get("businesses") or []),
            "topics": list(data.get("topics") or []),
            "place": data.get("place"),
            "client_uuid": data.get("client_uuid"),
        }


class VisitCompleteForm(VisitFactsForm):
    def service_data(self) -> dict[str, Any]:
        return {**self.facts(), "topics": list(self.cleaned_data.get("topics") or [])}


def _codes(text: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", text.strip()) if code]


class TeamForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Nama tim"), max_length=150)
    organisation_kind = forms.ChoiceField(label=_("Jenis organisasi"), choices=OrganisationKind.choices)
    organisation = forms.CharField(
        label=_("Organisasi"), max_length=200, help_text=_("Misalnya Dinas Koperasi dan UKM Kab. Sampang.")
    )
    region = forms.ModelChoiceField(label=_("Wilayah induk"), queryset=Region.objects.none())
    areas = forms.ModelMultipleChoiceField(
        label=_("Wilayah tugas (kab/kota, kecamatan)"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    desa_codes = forms.CharField(
        label=_("Desa/kelurahan tugas (kode Kemendagri)"),
        required=False,
        help_text=_("Pisahkan dengan koma, misalnya 35.27.01.2001."),
    )
    business_ids = forms.CharField(
        label=_("Daftar usaha (ID)"), required=False, help_text=_("ID usaha dipisahkan koma.")
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Anggota"), queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    leads = forms.ModelMultipleChoiceField(
        label=_("Ketua tim"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Ketua melihat semua kunjungan timnya di halaman supervisi."),
    )
    is_active = forms.BooleanField(label=_("Tim aktif"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        bases = selectors.team_kabkota_choices(user=user)
        self.fields["region"].queryset = bases  # type: ignore[attr-defined]
        codes = list(bases.values_list("code", flat=True))
        areas = Region.objects.filter(AREA_LEVELS).filter(_under_any(codes)).order_by("code")
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]
        people = User.objects.filter(role__in=MEMBER_ROLES, is_active=True).order_by("first_name", "username")
        self.fields["members"].queryset = people  # type: ignore[attr-defined]
        self.fields["leads"].queryset = people  # type: ignore[attr-defined]

    def clean_desa_codes(self) -> list[Region]:
        codes = _codes(self.cleaned_data.get("desa_codes", ""))
        found = {r.code: r for r in Region.objects.filter(code__in=codes, level=RegionLevel.DESA)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(_("Kode desa tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
        return list(found.values())

    def clean_business_ids(self) -> list[Business]:
        text = self.cleaned_data.get("business_ids", "")
        ids = [int(v) for v in _codes(text) if v.isdigit()]
        if len(ids) != len(_codes(text)):
            raise ValidationError(_("ID usaha hanya berisi angka, dipisahkan koma."))
        found = {b.pk: b for b in Business.objects.visible_to(self.user).filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise ValidationError(_("Usaha tidak ditemukan: %(ids)s.") % {"ids": ", ".join(missing)})
        return list(found.values())

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        leads = set(data.get("leads") or [])
        people = list(data["members"]) + [u for u in leads if u not in data["members"]]
        return {
            "name": data["name"],
            "organisation_kind": data["organisation_kind"],
            "organisation": data["organisation"],
            "region": data["region"],
            "areas": list(data.get("areas") or []) + data["desa_codes"],
            "businesses": data["business_ids"],
            "members": [MemberInput(u, MemberRole.LEAD if u in leads else MemberRole.MEMBER) for u in people],
        }

    @staticmethod
    def initial_for(team: Team) -> dict[str, Any]:
        memberships = list(team.memberships.select_related("user"))
        return {
            "name": team.name,
            "organisation_kind": team.organisation_kind,
            "organisation": team.organisation,
            "region": team.region_id,
            "areas": [r.code for r in team.areas.exclude(level=RegionLevel.DESA)],
            "desa_codes": ", ".join(team.areas.filter(level=RegionLevel.DESA).values_list("code", flat=True)),
            "business_ids": ", ".join(str(pk) for pk in team.businesses.values_list("pk", flat=True)),
            "members": [m.user_id for m in memberships],
            "leads": [m.user_id for m in memberships if m.role == MemberRole.LEAD],
            "is_active": team.is_active,
        }


class TrainingForm(ServiceErrorsMixin, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Tim penyelenggara"), queryset=Team.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), choices=TrainingKind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Mulai"), widget=forms.DateTimeInput(DATETIME, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"), widget=forms.DateTimeInput(DATETIME, format="%Y-%m-%dT%H:%M")
    )
    place = forms.ModelChoiceField(
        label=_("Wilayah (kab/kota atau kecamatan)"), queryset=Region.objects.none()
    )
    venue = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Keterangan"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Usaha peserta"), queryset=Business.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = selectors.recordable_teams(user=user)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        codes = list(teams.values_list("region_id", flat=True))
        places = Region.objects.filter(AREA_LEVELS).filter(_under_any(codes)).order_by("code")
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["participants"].queryset = Business.objects.restrict(user, Action.ADD)  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["participants"] = list(data.get("participants") or [])
        return data


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
    follow_up = forms.CharField(
        label=_("Tindak lanjut"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, business_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(pk, pk) for pk in business_ids]  # type: ignore[attr-defined]


class MaterialForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Judul materi"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Berkas"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
        help_text=_("PDF atau gambar, paling besar 5 MB."),
    )


class SupervisorFilterForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Tim"), queryset=Team.objects.none(), required=False)
    kabkota = forms.ModelChoiceField(label=_("Kab/kota"), queryset=Region.objects.none(), required=False)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(DATE))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(DATE))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = selectors.supervisor_teams(user=user)  # type: ignore[attr-defined]
        self.fields["kabkota"].queryset = selectors.supervisor_kabkota_choices(user=user)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        kabkota = data.get("kabkota")
        return {
            "team": data.get("team"),
            "kabkota": kabkota.code if kabkota else "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


def today_initial() -> dict[str, Any]:
    return {"visit_date": timezone.localdate()}


def visit_initial() -> dict[str, Any]:
    """Today, and a fresh client UUID: the page keeps it when the visit waits on the device."""
    return {**today_initial(), "client_uuid": uuid.uuid4()}
