"""A channel's whole bulk-upload export: the feed cut into parts, each part written by a worker process.

Writing XLSX is pure Python and takes one core; a province's 400,000 listings are cut into parts by
listing id and the parts are written by ``workers`` processes at once, each reading its own id range
from the database. With ``workers=1`` (the default, and what tests use) everything runs in this
process, inside the caller's transaction if there is one. Worker processes open their own database
connections, so they only see committed data and must not be started inside a transaction.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.db.models import QuerySet

from lapak.channels.models import Channel, Listing

from .bulk import LISTINGS_PER_FILE, BulkExport, bulk_files_write
from .feed import feed_items, feed_listings
from .templates import BulkTemplate, template_for


def part_bounds(queryset: QuerySet[Listing], size: int) -> list[tuple[int, int]]:
    """``(after, up_to)`` listing-id ranges of at most ``size`` listings each, in id order."""
    bounds: list[tuple[int, int]] = []
    after = count = 0
    last = None
    for pk in queryset.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=20_000):
        count += 1
        last = pk
        if count == size:
            bounds.append((after, pk))
            after, count = pk, 0
    if count and last is not None:
        bounds.append((after, last))
    return bounds


def bulk_export(
    *,
    channel: Channel,
    directory: Path,
    listings: QuerySet[Listing] | None = None,
    site_url: str = "",
    listings_per_file: int = LISTINGS_PER_FILE,
    workers: int = 1,
    template: BulkTemplate | None = None,
) -> BulkExport:
    """Write the bulk-upload files of ``channel`` (all its feed listings, or the given scoped queryset).

    Files are ``<channel>-unggah-massal-NN.xlsx`` in ``directory``; zip them with ``bulk_files_zip``.
    """
    template = template or template_for(channel.code)
    queryset = feed_listings(channel=channel) if listings is None else listings.filter(channel=channel)
    bounds = part_bounds(queryset, listings_per_file) if workers > 1 else []
    if len(bounds) <= 1:
        rows = feed_items(channel=channel, listings=queryset, site_url=site_url)
        return bulk_files_write(
            channel=channel,
            listings_rows=rows,
            directory=directory,
            listings_per_file=listings_per_file,
            template=template,
        )
    if connection.in_atomic_block:
        raise RuntimeError("bulk_export with workers > 1 cannot run inside a transaction")
    tasks = [
        (number, channel.pk, queryset.query, after, up_to, directory, site_url, template)
        for number, (after, up_to) in enumerate(bounds, start=1)
    ]
    connections.close_all()  # each process opens its own connection
    with multiprocessing.get_context("fork").Pool(min(workers, len(tasks))) as pool:
        parts = pool.starmap(_write_part, tasks, chunksize=1)
    export = BulkExport()
    for part in parts:
        export.paths.extend(part.paths)
        export.listings += part.listings
        export.rows += part.rows
        export.flagged += part.flagged
    return export


def _write_part(
    number: int,
    channel_id: int,
    query: Any,
    after: int,
    up_to: int,
    directory: Path,
    site_url: str,
    template: BulkTemplate,
) -> BulkExport:
    """One part, in a worker process: the listings with ``after < id <= up_to`` into their own file."""
    channel = Channel.objects.get(pk=channel_id)
    queryset = Listing.objects.all()
    queryset.query = query
    rows = feed_items(
        channel=channel, listings=queryset.filter(pk__gt=after, pk__lte=up_to), site_url=site_url
    )
    stem = f"{channel.code}-unggah-massal-{number:02d}"
    try:
        part = bulk_files_write(
            channel=channel,
            listings_rows=rows,
            directory=directory,
            listings_per_file=max(up_to - after, 1),
            template=template,
            stem=stem,
        )
    finally:
        connections.close_all()
    if len(part.paths) == 1:  # the usual case: the part is one file, named like a single-process export's
        part.paths = [part.paths[0].rename(directory / f"{stem}.xlsx")]
    return part
