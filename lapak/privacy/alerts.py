"""Alerts on unusual personal-data access (DPIA P11; UU PDP Pasal 35 and 39): an account that unmasks or
exports far more than usual, reads at night, or reads after it was deactivated shows the pattern of an
insider or of a stolen account. The hourly job tells the data protection officer by email and on the page
*Privasi → Log akses → Peringatan akses*.

The rules are data, like the retention schedule: the page lists them with their thresholds and the job
applies them. Each rule is one GROUP BY over the access log per window. Windows are fixed (a calendar day
or a night, in local time), so a later run finds the same (rule, account, window) again and updates its
count instead of adding a second alert (constraint ``privacy_alert_once``). Each run looks at the current
and the previous window: the last hour of a day is judged by the first run of the next one.

The thresholds are proposals for the data protection officer to confirm or change after a few weeks of
real use; nothing here blocks access, it only reports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, IntegerField, Max, Min, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import Role, User
from lapak.core.jobs import JobContext, job_every, job_handler
from lapak.core.models import AccessAction, AccessLog, Job

from .alert_models import AccessAlert, AlertStatus

logger = logging.getLogger(__name__)

ALERT_JOB = "privacy.access_alerts"
# Outside working hours: 22:00 to 05:00 in the province's local time (settings.TIME_ZONE, Asia/Jakarta).
NIGHT_STARTS = time(22, 0)
NIGHT_LENGTH = timedelta(hours=7)
# Reads of personal data; imports are uploads by the Dinas and are not counted.
READS = Q(action__in=[AccessAction.UNMASK, AccessAction.EXPORT])

Window = Callable[[datetime], tuple[datetime, datetime]]


def day_window(moment: datetime) -> tuple[datetime, datetime]:
    """The local calendar day (00:00 to 24:00) holding ``moment``."""
    local = timezone.localtime(moment)
    start = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    return start, start + timedelta(days=1)


def night_window(moment: datetime) -> tuple[datetime, datetime]:
    """The night (22:00 to 05:00 local) holding ``moment``, or else the last one before it."""
    local = timezone.localtime(moment)
    day = local.date() if local.time() >= NIGHT_STARTS else local.date() - timedelta(days=1)
    start = datetime.combine(day, NIGHT_STARTS, tzinfo=local.tzinfo)
    return start, start + NIGHT_LENGTH


def _count() -> Any:
    return Count("pk")


def _rows_sum() -> Any:
    return Sum(Cast(KT("detail__rows"), IntegerField()))


@dataclass(frozen=True)
class AlertRule:
    """One pattern of unusual access: which log rows count, over what window, above what number."""

    name: str
    title: Promise
    description: Promise
    threshold: int  # an alert when the measure is above this
    unit: Promise
    window: Window = field(compare=False)
    window_label: Promise
    entries: Q = field(compare=False)
    measure: Callable[[], Any] = field(default=_count, compare=False)


DAY, NIGHT = _("per hari (00.00 s.d. 24.00 WIB)"), _("per malam (22.00 s.d. 05.00 WIB)")

ALERT_RULES: tuple[AlertRule, ...] = (
    AlertRule(
        "bulk_reveals", _("Banyak data pribadi dibuka"),
        _("NIK, telepon atau pindaian dokumen yang dibuka tanpa samaran oleh satu akun (termasuk lewat API)"),
        50, _("kali dibuka"), day_window, DAY, Q(action=AccessAction.UNMASK),
    ),
    AlertRule(
        "bulk_exports", _("Banyak ekspor data"),
        _("Ekspor dan unduhan data oleh satu akun (setiap halaman daftar API dihitung satu ekspor)"),
        20, _("ekspor"), day_window, DAY, Q(action=AccessAction.EXPORT),
    ),
    AlertRule(
        "exported_rows", _("Banyak baris diekspor"),
        _("Baris dalam ekspor yang mencatat jumlahnya (daftar usaha, API, corong, orang terdampak)"),
        5000, _("baris"), day_window, DAY, Q(action=AccessAction.EXPORT, detail__has_key="rows"), _rows_sum,
    ),
    AlertRule(
        "night_reads", _("Akses di luar jam kerja"),
        _("Data pribadi dibuka atau diekspor antara pukul 22.00 dan 05.00 WIB"),
        5, _("akses"), night_window, NIGHT, READS,
    ),
    AlertRule(
        "inactive_account", _("Akses oleh akun nonaktif"),
        _("Data pribadi dibuka atau diekspor oleh akun yang kini dinonaktifkan (misalnya lewat token API)"),
        0, _("akses"), day_window, DAY, READS & Q(user__is_active=False),
    ),
)  # fmt: skip
RULES_BY_NAME = {rule.name: rule for rule in ALERT_RULES}


# --- Detection --------------------------------------------------------------------------------------


def rule_windows(rule: AlertRule, now: datetime) -> list[tuple[datetime, datetime]]:
    """The previous and the current (or last finished) window of ``rule`` as of ``now``."""
    current = rule.window(now)
    previous = rule.window(current[0] - timedelta(microseconds=1))
    return [previous, current]


def rule_matches(rule: AlertRule, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The accounts above ``rule``'s threshold in [start, end), with their measure and first and last
    access: one GROUP BY over the access log (its ``created_at`` index bounds the scan)."""
    entries = AccessLog.objects.filter(rule.entries, created_at__gte=start, created_at__lt=end)
    return list(
        entries.filter(user__isnull=False)
        .order_by()  # the model's ordering would join the GROUP BY
        .values("user_id")
        .annotate(measure=rule.measure(), first_at=Min("created_at"), last_at=Max("created_at"))
        .filter(measure__gt=rule.threshold)
    )


def _alerts_save(rule: AlertRule, start: datetime, end: datetime, matches: list[dict[str, Any]]) -> int:
    """Update the alerts already made for this window and create the others; returns how many are new."""
    found = {match["user_id"]: match for match in matches}
    if not found:
        return 0
    existing = list(AccessAlert.objects.filter(rule=rule.name, window_start=start, user_id__in=found))
    grown = []
    for alert in existing:
        match = found[alert.user_id]
        now_seen = (match["measure"], match["first_at"], match["last_at"])
        if (alert.count, alert.first_at, alert.last_at) != now_seen:
            alert.count, alert.first_at, alert.last_at = now_seen
            grown.append(alert)
    AccessAlert.objects.bulk_update(grown, ["count", "first_at", "last_at"])
    known = {alert.user_id for alert in existing}
    names = dict(User.objects.filter(pk__in=set(found) - known).values_list("pk", "username"))
    new = [
        AccessAlert(
            rule=rule.name, user_id=user_id, username=names.get(user_id, ""), window_start=start,
            window_end=end, count=match["measure"], first_at=match["first_at"], last_at=match["last_at"],
        )
        for user_id, match in found.items()
        if user_id not in known
    ]  # fmt: skip
    AccessAlert.objects.bulk_create(new)
    return len(new)


def access_alerts_detect(*, now: datetime | None = None) -> int:
    """Apply every rule to its recent windows, then email the admins about new alerts; returns how many
    alerts were created. Running it again over the same log creates none."""
    now = now or timezone.now()
    created = 0
    for rule in ALERT_RULES:
        for start, end in rule_windows(rule, now):
            with transaction.atomic():
                created += _alerts_save(rule, start, end, rule_matches(rule, start, end))
    access_alerts_notify(now=now)
    return created


# --- Notification -----------------------------------------------------------------------------------


def alert_recipients() -> list[str]:
    """The email addresses of the active province admins: the data protection desk."""
    admins = User.objects.filter(role=Role.ADMIN_PROVINSI, is_active=True).exclude(email="")
    return sorted(set(admins.values_list("email", flat=True)))


def _alert_line(alert: AccessAlert) -> str:
    rule = RULES_BY_NAME.get(alert.rule)
    start, end = timezone.localtime(alert.window_start), timezone.localtime(alert.window_end)
    title, unit = (rule.title, rule.unit) if rule else (alert.rule, "")
    span = f"{start:%d-%m-%Y %H:%M} s.d. {end:%d-%m-%Y %H:%M}"
    return f"- {alert.username or '?'}: {title}, {alert.count} {unit} ({span})"


def access_alerts_notify(*, now: datetime | None = None) -> int:
    """Email the province admins one message naming every open alert not yet sent; returns how many it
    named. The mail holds account names and counts only, no personal data of owners. A mail that fails
    leaves the alerts unsent, so the next run tries again (and the job shows the error)."""
    pending = list(
        AccessAlert.objects.filter(status=AlertStatus.OPEN, notified_at__isnull=True).order_by("first_at")
    )
    recipients = alert_recipients()
    if not pending or not recipients:
        if pending:
            logger.warning("%s access alert(s) but no active admin_provinsi with an email", len(pending))
        return 0
    subject = gettext("[Lapak] %(n)s peringatan akses data pribadi") % {"n": len(pending)}
    body = "\n".join(
        [
            gettext("Lapak menemukan akses data pribadi yang tidak biasa:"),
            "",
            *(_alert_line(alert) for alert in pending),
            "",
            gettext("Periksa dan tanggapi di Privasi → Log akses → Peringatan akses (%(path)s).")
            % {"path": reverse("privacy:access_alerts")},
        ]
    )
    send_mail(subject, body, None, recipients)
    AccessAlert.objects.filter(pk__in=[alert.pk for alert in pending]).update(
        notified_at=now or timezone.now()
    )
    return len(pending)


# --- The officer's answer and the page ----------------------------------------------------------------


def access_alert_acknowledge(*, actor: Any, alert: AccessAlert, note: str) -> AccessAlert:
    """Close an open alert with what the officer checked and found (for instance the operator's task)."""
    note = note.strip()
    if not note:
        raise ValidationError(_("Tulis catatan hasil pemeriksaan."))
    done = AccessAlert.objects.filter(pk=alert.pk, status=AlertStatus.OPEN).update(
        status=AlertStatus.ACKNOWLEDGED, acknowledged_by=actor, acknowledged_at=timezone.now(), note=note
    )
    if not done:
        raise ValidationError(_("Peringatan ini sudah ditanggapi."))
    alert.refresh_from_db()
    return alert


def access_alerts_open() -> QuerySet[AccessAlert]:
    """Alerts still waiting for the officer, latest activity first."""
    return AccessAlert.objects.filter(status=AlertStatus.OPEN).order_by("-last_at", "-pk")


def access_alerts_acknowledged(limit: int = 50) -> QuerySet[AccessAlert]:
    """The latest answered alerts, with who answered."""
    answered = AccessAlert.objects.filter(status=AlertStatus.ACKNOWLEDGED).select_related("acknowledged_by")
    return answered.order_by("-acknowledged_at", "-pk")[:limit]


@dataclass(frozen=True)
class AlertRow:
    alert: AccessAlert
    rule: AlertRule | None
    log_url: str


def alert_rows(alerts: Iterable[AccessAlert]) -> list[AlertRow]:
    """Each alert with its rule and the access log filtered to its account and window."""
    page = reverse("privacy:access_log")
    rows = []
    for alert in alerts:
        since = timezone.localtime(alert.window_start).date()
        until = timezone.localtime(alert.window_end - timedelta(microseconds=1)).date()
        query = urlencode({"username": alert.username, "since": since, "until": until})
        rows.append(AlertRow(alert, RULES_BY_NAME.get(alert.rule), f"{page}?{query}"))
    return rows


# --- The hourly job ---------------------------------------------------------------------------------


@job_handler(ALERT_JOB, label=gettext_lazy("Peringatan log akses: periksa volume akses data pribadi"))
def access_alerts_job(context: JobContext) -> None:
    context.set_total(len(ALERT_RULES))
    created = access_alerts_detect()
    message = gettext("Peringatan baru: %(n)s") % {"n": created}
    Job.objects.filter(pk=context.job.pk).update(message=message)
    context.report(len(ALERT_RULES), force=True)


job_every(ALERT_JOB, timedelta(hours=1))
