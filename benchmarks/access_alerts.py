"""Time of the hourly access-alert run (``lapak.privacy.alerts``) over a large access log.

    python benchmarks/access_alerts.py                       # 1,000,000 log rows over a year, SQLite
    python benchmarks/access_alerts.py --days 30             # the same rows in a month: 33,000 a day
    python benchmarks/access_alerts.py --database-url postgres:///lapak_bench_alerts

Builds its own database (a temporary SQLite file unless ``--database-url`` names a PostgreSQL one, which
is dropped and created again), migrates it, adds ``--users`` staff accounts (1 % deactivated) and
``--size`` access-log rows spread evenly over the last ``--days`` days and hours (70 % unmasked views,
30 % exports, one export in five with a row count), plus a few accounts that cross each threshold today.
Then times ``access_alerts_detect`` as the job runs it (every rule over its current and previous window,
then the email), a second run over the same log (must create nothing), and each rule's GROUP BY on its
own. Prints ``name: value unit`` lines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import create_database, setup_django  # noqa: E402

CHUNK = 50_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="access-log rows")
    parser.add_argument("--days", type=int, default=365, help="days the rows are spread over")
    parser.add_argument("--users", type=int, default=300, help="staff accounts")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: temporary SQLite)")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def report(name: str, value: float, unit: str) -> None:
    shown = f"{value:,.0f}" if unit in ("rows", "alerts", "accounts") else f"{value:,.2f}"
    print(f"{name}: {shown} {unit}", flush=True)


def build_users(count: int) -> list[int]:
    from lapak.accounts.models import Role, User

    User.objects.create(username="admin.bench", role=Role.ADMIN_PROVINSI, email="dpo@contoh.go.id")
    staff = [
        User(username=f"operator.{n}", role=Role.OPERATOR_KABKOTA, is_active=n % 100 != 7)
        for n in range(count)
    ]
    User.objects.bulk_create(staff, batch_size=1000)
    return list(User.objects.filter(role=Role.OPERATOR_KABKOTA).order_by("pk").values_list("pk", flat=True))


def log_rows(size: int, users: list[int], now: datetime, days: int, seed: int):  # type: ignore[no-untyped-def]
    """``size`` rows (user, action, object, reason, detail, ip, time), evenly over ``days`` before now."""
    rng = random.Random(seed)
    span = days * 86_400
    for n in range(size):
        export = rng.random() < 0.3
        detail = {"rows": rng.randint(10, 400)} if export and rng.random() < 0.2 else {"field": "phone"}
        at = now - timedelta(seconds=span * (n + 0.5) / size)
        yield (
            rng.choice(users), "export" if export else "unmask", f"business:{rng.randint(1, 2_000_000)}",
            "Verifikasi identitas atau legalitas", json.dumps(detail), "10.0.0.1", at,
        )  # fmt: skip


def hot_rows(users: list[int], now: datetime) -> list[tuple]:
    """Today: one account over each volume threshold; last night: one over the night threshold."""
    morning = now.replace(hour=9, minute=0, second=0, microsecond=0)
    night = (now - timedelta(days=1)).replace(hour=23, minute=0, second=0, microsecond=0)
    rows = [(users[0], "unmask", "business:1", "", "{}", None, morning)] * 80
    rows += [(users[1], "export", "api:business_list", "", '{"rows": 500}', None, morning)] * 30
    rows += [(users[2], "unmask", "business:2", "", "{}", None, night)] * 12
    return rows


def load(rows) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    sql = (
        "INSERT INTO core_accesslog (user_id, action, object_repr, reason, detail, ip_address, created_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    batch: list[tuple] = []
    stamp = connection.ops.adapt_datetimefield_value  # SQLite keeps naive UTC text, as the ORM writes it
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            batch.append((*row[:-1], stamp(row[-1])))
            if len(batch) == CHUNK:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def timed(work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def main() -> None:
    args = parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="lapak-bench-alerts-")
    url = args.database_url or f"sqlite:///{Path(scratch.name) / 'alerts.sqlite3'}"
    if url.startswith("postgres"):
        create_database(url, fresh=True)
    os.environ["EMAIL_URL"] = "memorymail://"  # the alert mail goes nowhere
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from lapak.core.models import AccessLog
    from lapak.privacy import alerts

    call_command("migrate", verbosity=0)
    now = timezone.localtime().replace(hour=15, minute=30, second=0, microsecond=0)
    users = build_users(args.users)
    _, seconds = timed(lambda: load(log_rows(args.size, users, now, args.days, args.seed)))
    load(hot_rows(users, now))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE core_accesslog")
    print(f"database: {connection.vendor}", flush=True)
    report("log_rows", AccessLog.objects.count(), "rows")
    report("load_seconds", seconds, "s")

    created, first = timed(lambda: alerts.access_alerts_detect(now=now))
    again, second = timed(lambda: alerts.access_alerts_detect(now=now))
    report("alerts_created", created, "alerts")
    report("detect_first_run", first * 1000, "ms")
    report("detect_second_run", second * 1000, "ms")
    report("alerts_created_second_run", again, "alerts")
    for rule in alerts.ALERT_RULES:
        start, end = alerts.rule_windows(rule, now)[1]
        matches, spent = timed(lambda rule=rule, start=start, end=end: alerts.rule_matches(rule, start, end))
        report(f"rule_{rule.name}", spent * 1000, "ms")
        report(f"rule_{rule.name}_accounts", len(matches), "accounts")
    scratch.cleanup()


if __name__ == "__main__":
    main()
