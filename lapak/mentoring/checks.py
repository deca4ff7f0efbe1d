"""Checks of what a mentor types, shared by the visit services: dates, topics, GPS and photo.

Each check adds Indonesian messages to an ``Errors`` dict keyed by form field, so one answer lists
every problem at once; ``raise_errors`` turns it into the ``ValidationError`` the services raise.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.catalog.photos import photo_process
from lapak.mentoring.models import Topic, VisitStatus

# Indonesia's extent (Weh island to Rote, Sumatra's west coast to the Papua New Guinea border), with a
# small margin for coastal readings: a position outside it is a mistyped or swapped coordinate.
LATITUDE_RANGE = (Decimal("-11.2"), Decimal("6.3"))
LONGITUDE_RANGE = (Decimal("94.7"), Decimal("141.1"))
MAX_TEXT = 2000
MAX_PAST_DAYS = 366


Errors = dict[str, list[str]]


def add_error(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def raise_errors(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def code_inside(code: str, region_code: str) -> bool:
    """Whether region ``code`` is ``region_code`` itself or lies below it (Kemendagri codes nest)."""
    return code == region_code or code.startswith(f"{region_code}.")


def visit_facts_check(
    errors: Errors,
    status: str,
    visit_date: date | None,
    topics: list[str],
    outcome: str,
    next_step: str,
    photo: Any,
    latitude: Decimal | None,
    longitude: Decimal | None,
) -> None:
    """Date, topics, texts, and for a done visit only: photo and GPS."""
    done = status == VisitStatus.DONE
    visit_date_check(errors, done, visit_date)
    unknown = set(topics) - set(Topic.values)
    if unknown:
        add_error(
            errors, "topics", _("Topik tidak dikenal: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        )
    if done and not topics:
        add_error(errors, "topics", _("Pilih sedikitnya satu topik yang dibahas."))
    for key, text in (("outcome", outcome), ("next_step", next_step)):
        if len(text) > MAX_TEXT:
            add_error(
                errors, key, _("Paling panjang %(n)s karakter.") % {"n": f"{MAX_TEXT:,}".replace(",", ".")}
            )
    if not done and photo:
        add_error(errors, "photo", _("Foto hanya untuk kunjungan yang sudah dilakukan."))
    if not done and (latitude is not None or longitude is not None):
        add_error(errors, "latitude", _("Lokasi GPS hanya dicatat untuk kunjungan yang sudah dilakukan."))
    elif done:
        gps_check(errors, latitude, longitude)


def visit_date_check(errors: Errors, done: bool, visit_date: date | None) -> None:
    today = timezone.localdate()
    if visit_date is None:
        add_error(errors, "visit_date", _("Isi tanggal kunjungan."))
    elif done and visit_date > today:
        add_error(
            errors, "visit_date", _("Kunjungan yang sudah dilakukan tidak boleh bertanggal setelah hari ini.")
        )
    elif done and visit_date < today - timedelta(days=MAX_PAST_DAYS):
        add_error(errors, "visit_date", _("Tanggal kunjungan lebih dari setahun yang lalu. Periksa lagi."))
    elif not done and visit_date < today:
        add_error(
            errors,
            "visit_date",
            _("Tanggal rencana sudah lewat. Catat sebagai kunjungan yang sudah dilakukan."),
        )
    elif not done and visit_date > today + timedelta(days=MAX_PAST_DAYS):
        add_error(errors, "visit_date", _("Rencana kunjungan paling jauh setahun ke depan."))


def gps_check(errors: Errors, latitude: Decimal | None, longitude: Decimal | None) -> None:
    """Both or neither, and inside Indonesia's bounding box."""
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        add_error(errors, "latitude", _("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))
        return
    inside = LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]
    inside = inside and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
    if not inside:
        add_error(
            errors,
            "latitude",
            _("Titik GPS (%(lat)s, %(lon)s) berada di luar wilayah Indonesia. Periksa lintang dan bujur.")
            % {"lat": latitude, "lon": longitude},
        )


def photo_reencode(errors: Errors, photo: Any) -> bytes | None:
    """The photo checked by content and re-encoded before anything is written."""
    if not photo or "photo" in errors:
        return None
    try:
        return photo_process(photo, size=getattr(photo, "size", None)).image
    except ValidationError as error:
        errors.setdefault("photo", []).extend(error.messages)
        return None


def topics_ordered(topics: list[str]) -> list[str]:
    return [code for code in Topic.values if code in set(topics)]
