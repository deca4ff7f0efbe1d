"""Background jobs of the channels app."""

from django.utils.translation import gettext_lazy as _

from lapak.core.jobs import JobContext, job_handler


@job_handler("channels.outbox", label=_("Kirim perubahan ke marketplace"))
def outbox(context: JobContext) -> None:
    from lapak.channels.delivery import outbox_deliver_due

    report = outbox_deliver_due()
    context.report(report.delivered + report.postponed + report.failed, force=True)


@job_handler("channels.tokens", label=_("Perbarui token toko marketplace"))
def tokens(context: JobContext) -> None:
    import httpx2

    from lapak.channels.services import connections_refresh_due

    with httpx2.Client(timeout=20) as client:
        refreshed = connections_refresh_due(client=client)
    context.report(refreshed, force=True)
