"""The rollup refresh as a periodic job: every 5 minutes from the worker loop."""

from datetime import timedelta

from django.utils.translation import gettext, gettext_lazy

from lapak.core.jobs import JobContext, job_every, job_handler
from lapak.core.models import Job
from lapak.insights.services import REFRESH_JOB, rollups_refresh

REFRESH_EVERY = timedelta(minutes=5)


@job_handler(REFRESH_JOB, label=gettext_lazy("Perbarui rekap dasbor"))
def refresh(context: JobContext) -> None:
    context.set_total(1)
    result = rollups_refresh(full=True if context.params.get("full") else None)
    message = gettext("%(orders)s pesanan baru, %(kec)s kecamatan dihitung ulang%(full)s.") % {
        "orders": f"{result.orders:,}".replace(",", "."),
        "kec": f"{result.kecamatans:,}".replace(",", "."),
        "full": gettext(" (penuh)") if result.full else "",
    }
    Job.objects.filter(pk=context.job.pk).update(message=message)
    context.report(1, force=True)


job_every(REFRESH_JOB, REFRESH_EVERY)
