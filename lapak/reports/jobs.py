"""Background jobs of the reports app: make one report, and the hourly check that queues the previous
month's reports on the 1st."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from lapak.core.jobs import JobContext, job_every, job_handler
from lapak.core.models import Job
from lapak.reports.services import GENERATE_JOB, MONTHLY_JOB

GENERATE_STEPS = 4  # figures, PDF, XLSX, archive


@job_handler(GENERATE_JOB, label=gettext_lazy("Buat laporan"))
def generate(context: JobContext) -> None:
    from lapak.reports.models import Report
    from lapak.reports.services import report_generate

    report = Report.objects.select_related("region", "unggulan_list").get(pk=context.params["report_id"])
    context.set_total(GENERATE_STEPS)
    report_generate(report=report, progress=lambda step: context.report(step, force=True))
    Job.objects.filter(pk=context.job.pk).update(message=report.title)
    context.report(GENERATE_STEPS, force=True)


@job_handler(MONTHLY_JOB, label=gettext_lazy("Jadwalkan laporan bulanan"))
def monthly(context: JobContext) -> None:
    from lapak.reports.services import reports_schedule_monthly

    queued = reports_schedule_monthly(today=timezone.localdate())
    message = gettext("%(n)s laporan bulanan diantrekan.") % {"n": len(queued)}
    Job.objects.filter(pk=context.job.pk).update(message=message)
    context.report(len(queued), force=True)


job_every(MONTHLY_JOB, timedelta(hours=1))
