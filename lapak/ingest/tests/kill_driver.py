"""Steps of the worker-kill test, run in their own processes against a scratch database.

    python lapak/ingest/tests/kill_driver.py prepare ROWS   # migrate, regions, a staged batch of ROWS rows
    python lapak/ingest/tests/kill_driver.py state           # prints JSON: job, batch and record counts
    python lapak/ingest/tests/kill_driver.py recover         # what the app does after a dead worker

``DATABASE_URL`` and ``MEDIA_ROOT`` come from the environment (the test sets them).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapak.settings")


def prepare(rows: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from lapak.accounts.demo import demo_users_create
    from lapak.accounts.models import User
    from lapak.core.jobs import job_run_now
    from lapak.ingest import services
    from lapak.regions.services import regions_load

    call_command("migrate", "--noinput", verbosity=0)
    regions_load(province_codes=["35"])
    demo_users_create()
    admin = User.objects.get(username="admin")
    source = services.source_create(actor=admin, code="dinkop", name="Dinas Koperasi", kind="dinkop")
    lines = ["Nama Usaha;Nama Pemilik;No HP;Kecamatan;Kab/Kota"]
    lines += [
        f"Usaha Nomor {index};Pemilik {index};0812{index:08d};Camplong;Sampang" for index in range(rows)
    ]
    upload = SimpleUploadedFile("daftar.csv", ("\n".join(lines) + "\n").encode())
    batch = services.batch_upload(actor=admin, source=source, upload=upload)
    job = job_run_now(
        services.batch_map(actor=admin, batch=batch, mapping=batch.column_mapping, save_profile=True)
    )
    assert job.status == "succeeded", job.message
    batch.refresh_from_db()
    services.batch_commit(actor=admin, batch=batch)  # queued; the worker under test picks it up


def state() -> None:
    from lapak.core.models import Job
    from lapak.ingest.models import ImportBatch, SourceRecord

    job = Job.objects.filter(kind="ingest.commit").order_by("-pk").first()
    batch = ImportBatch.objects.get()
    print(
        json.dumps(
            {
                "job_status": job.status if job else None,
                "batch_status": batch.status,
                "records": SourceRecord.objects.count(),
                "rows_valid": batch.rows_valid,
            }
        )
    )


def recover() -> None:
    from django.utils import timezone

    from lapak.core.jobs import STALE_AFTER, jobs_fail_stale
    from lapak.ingest.models import ImportBatch
    from lapak.ingest.services import batch_recover

    jobs_fail_stale(now=timezone.now() + STALE_AFTER + timedelta(seconds=1))
    batch_recover(ImportBatch.objects.get())


def resume() -> None:
    from lapak.accounts.models import User
    from lapak.core.jobs import job_run_now
    from lapak.ingest import services
    from lapak.ingest.models import ImportBatch

    admin = User.objects.get(username="admin")
    job = job_run_now(services.batch_commit(actor=admin, batch=ImportBatch.objects.get()))
    assert job.status == "succeeded", job.message


if __name__ == "__main__":
    import django

    django.setup()
    from django.conf import settings

    settings.LAPAK_LINK_AFTER_IMPORT = False
    command = sys.argv[1]
    if command == "prepare":
        prepare(int(sys.argv[2]))
    else:
        {"state": state, "recover": recover, "resume": resume}[command]()
