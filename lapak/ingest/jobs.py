"""Job handlers of the ingest app: staging a file, committing a batch, linking records."""

from django.utils.translation import gettext_lazy as _

from lapak.core.jobs import JobContext, job_handler
from lapak.ingest import linking, services
from lapak.ingest.report import batch_report_run

REPORT_JOB = "ingest.report"


@job_handler(services.STAGE_JOB, label=_("Pemeriksaan berkas impor"))
def stage(context: JobContext) -> None:
    services.batch_stage_run(context)


@job_handler(services.COMMIT_JOB, label=_("Impor ke data sumber"))
def commit(context: JobContext) -> None:
    services.batch_commit_run(context)


@job_handler(linking.LINK_JOB, label=_("Penautan rekaman (record linkage)"))
def link(context: JobContext) -> None:
    linking.batch_link_run(context)


@job_handler(REPORT_JOB, label=_("Laporan validasi impor (XLSX)"))
def report(context: JobContext) -> None:
    batch_report_run(context)
