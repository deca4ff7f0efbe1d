"""Background jobs of the channels app."""

import contextlib
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from lapak.core.jobs import JobContext, job_every, job_handler


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


@job_handler("channels.orders", label=_("Ambil pesanan dari marketplace"))
def orders(context: JobContext) -> None:
    """Pull every connected shop's new orders into the ledger; one shop failing does not stop the rest."""
    import httpx2

    from lapak.channels.delivery import orders_pull
    from lapak.channels.models import ChannelKind, ConnectionStatus, ShopConnection
    from lapak.channels.transport import ChannelError

    connections = ShopConnection.objects.filter(
        status=ConnectionStatus.ACTIVE, channel__kind=ChannelKind.API, channel__status="active"
    ).select_related("channel", "business")
    context.set_total(connections.count())
    with httpx2.Client(timeout=20) as client:
        for done, connection in enumerate(connections, start=1):
            # A failed pull leaves its watermark where it was: the next run pulls the same window again.
            with contextlib.suppress(ChannelError):
                orders_pull(connection=connection, client=client)
            context.report(done)


job_every("channels.outbox", timedelta(minutes=1))
job_every("channels.tokens", timedelta(minutes=10))
job_every("channels.orders", timedelta(minutes=15))


@job_handler("channels.bulk_file", label=_("Berkas unggah massal marketplace"))
def bulk_file(context: JobContext) -> None:
    """Write a channel's bulk-upload file for the listings the requester may see; the listings it carries
    that were waiting (ready) count as sent."""
    import tempfile
    from pathlib import Path

    from django.core.files import File
    from django.utils import timezone

    from lapak.accounts.models import User
    from lapak.channels.files import bulk_export, bulk_files_zip
    from lapak.channels.models import Channel, ListingState
    from lapak.channels.selectors import listings_visible

    channel = Channel.objects.get(pk=context.params["channel_id"])
    user = User.objects.get(pk=context.params["user_id"])
    listings = listings_visible(user=user).filter(
        channel=channel, state__in=[ListingState.READY, ListingState.SUBMITTED, ListingState.LIVE]
    )
    context.set_total(listings.count())
    with tempfile.TemporaryDirectory(prefix="lapak-bulk-") as folder:
        export = bulk_export(
            channel=channel,
            directory=Path(folder),
            listings=listings,
            site_url=context.params.get("site_url", ""),
        )
        stamp = timezone.localdate().isoformat()
        if len(export.paths) == 1:
            result, name = export.paths[0], f"{channel.code}-unggah-massal-{stamp}.xlsx"
        else:
            result, name = (
                bulk_files_zip(export.paths, Path(folder) / "berkas.zip"),
                f"{channel.code}-{stamp}.zip",
            )
        with result.open("rb") as handle:
            context.attach_result(name, File(handle))
    # READY → SUBMITTED is always allowed (services.TRANSITIONS): one UPDATE, not a save per listing.
    listings.filter(state=ListingState.READY).update(
        state=ListingState.SUBMITTED, error_code="", error_text="", updated_at=timezone.now()
    )
    context.report(export.listings, force=True)
