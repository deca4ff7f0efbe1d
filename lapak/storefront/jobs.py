"""Background work of the public catalogue: a full index rebuild (after synonyms change, or to repair),
the marks of a newly confirmed produk unggulan list, and a daily pass for certificates that expired
(a date passing is no event a receiver could follow)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy

from lapak.core.jobs import JobContext, job_every, job_handler

REBUILD_JOB = "storefront.search_rebuild"
UNGGULAN_JOB = "storefront.unggulan_refresh"
DAILY_JOB = "storefront.daily_refresh"


@job_handler(REBUILD_JOB, label=gettext_lazy("Bangun ulang indeks pencarian etalase"))
def rebuild(context: JobContext) -> None:
    from .services import search_rebuild

    def progress(done: int, total: int) -> None:
        if context.job.total != total:
            context.set_total(total)
        context.checkpoint(done)

    search_rebuild(progress=progress)
    context.report(context.job.total, force=True)


@job_handler(UNGGULAN_JOB, label=gettext_lazy("Tandai produk unggulan di etalase"))
def unggulan_refresh(context: JobContext) -> None:
    from .services import catalogue_kabkota_changed

    context.set_total(1)
    catalogue_kabkota_changed(kabkota=str(context.params.get("kabkota", "")))
    context.report(1, force=True)


@job_handler(DAILY_JOB, label=gettext_lazy("Perbarui sertifikat kedaluwarsa di etalase"))
def daily_refresh(context: JobContext) -> None:
    from .services import catalogue_refresh_expired

    context.set_total(1)
    catalogue_refresh_expired()
    context.report(1, force=True)


job_every(DAILY_JOB, timedelta(days=1))
