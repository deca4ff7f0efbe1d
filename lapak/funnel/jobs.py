"""The funnel's background job: a refresh of every business, daily from the worker loop (documents
expire and sales months pass without any event) or when an admin asks."""

from datetime import timedelta

from django.utils.translation import gettext, gettext_lazy

from lapak.core.jobs import JobContext, job_every, job_handler
from lapak.core.models import Job
from lapak.funnel.services import REFRESH_JOB, funnel_refresh


@job_handler(REFRESH_JOB, label=gettext_lazy("Hitung ulang corong go-digital"))
def refresh_all(context: JobContext) -> None:
    context.set_total(1)
    written = funnel_refresh()
    message = gettext("%(n)s usaha dihitung ulang.") % {"n": f"{written:,}".replace(",", ".")}
    Job.objects.filter(pk=context.job.pk).update(message=message)
    context.report(1, force=True)


job_every(REFRESH_JOB, timedelta(days=1))
