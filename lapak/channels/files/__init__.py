"""The file side of channels: bulk-upload sheets out, seller reports and offline sales in.

- ``templates``: each channel's mass-upload sheet as data; ``feed``: listings read in chunks;
  ``bulk``: the XLSX writer (streamed, bounded memory); ``export``: a whole channel, in parts
  written by worker processes.
- ``layouts``: the columns of sales files as data; ``sales_import``: checking a file row by row and
  loading it all or nothing; ``ledger_bulk``: the set-based load into the sales ledger (COPY + one
  merge statement on PostgreSQL); ``offline``: the offline sales template.
"""

from .bulk import BulkExport, bulk_file_write, bulk_files_write, bulk_files_zip
from .export import bulk_export
from .feed import FeedItem, feed_items, feed_listings
from .ledger_bulk import LedgerLine, LedgerResult, ledger_bulk_ingest
from .offline import offline_template_write
from .parsing import ImportReport, RowError
from .sales_import import offline_sales_import, sales_file_import
from .templates import TEMPLATES, BulkTemplate, template_for

__all__ = [
    "TEMPLATES",
    "BulkExport",
    "BulkTemplate",
    "FeedItem",
    "ImportReport",
    "LedgerLine",
    "LedgerResult",
    "RowError",
    "bulk_export",
    "bulk_file_write",
    "bulk_files_write",
    "bulk_files_zip",
    "feed_items",
    "feed_listings",
    "ledger_bulk_ingest",
    "offline_sales_import",
    "offline_template_write",
    "sales_file_import",
    "template_for",
]
