import time
from typing import Any

from auditlog.context import disable_auditlog
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from lapak.accounts.demo import DEMO_OWNER, DEMO_PASSWORD, demo_owner_link, demo_users_create
from lapak.accounts.models import User
from lapak.api.demo import demo_api_tokens_create
from lapak.catalog.demo import demo_products_create
from lapak.channels.demo import demo_channels_create
from lapak.channels.models import SalesLine, SalesOrder
from lapak.curation.demo import demo_curation_create
from lapak.funnel.demo import demo_funnel_create
from lapak.ingest.demo import demo_sources_create
from lapak.insights.demo import demo_insights_create
from lapak.mentoring.demo import demo_mentoring_create
from lapak.privacy.demo import demo_privacy_create
from lapak.regions.models import Region
from lapak.regions.services import indicators_seed, regions_load
from lapak.registry.demo import businesses_insert
from lapak.registry.models import Business, LegalityDocument
from lapak.reports.demo import demo_reports_create
from lapak.storefront.demo import demo_storefront_create


class Command(BaseCommand):
    help = (
        "Fill the database with demo data: regions (if missing), one demo account per role and generated "
        "Jawa Timur businesses with legality documents. Businesses are skipped when some exist already."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=20_000, help="Number of businesses (default 20000).")
        parser.add_argument("--seed", type=int, default=2026, help="Seed; the same seed gives the same data.")
        parser.add_argument(
            "--reset", action="store_true", help="Delete all businesses and their documents first."
        )

    def handle(self, *args: Any, size: int, seed: int, reset: bool, **options: Any) -> None:
        started = time.perf_counter()
        self._regions()
        logins = demo_users_create()
        self.stdout.write(f"Akun demo ({len(logins)}), kata sandi '{DEMO_PASSWORD}':")
        for login in logins:
            self.stdout.write(f"  {login.username:<18} {login.role:<17} {login.description}")
        if reset:
            self._reset()
        if Business.objects.exists():
            self.stdout.write(
                "Sudah ada data usaha; pembuatan usaha dilewati (pakai --reset untuk mengulang)."
            )
        else:
            self._businesses(size, seed)
        demo_owner_link(User.objects.get(username=DEMO_OWNER))
        demo_sources_create()
        self._products(seed)
        self._curation(seed)
        self._channels(seed)
        self._mentoring(seed)
        self._funnel()
        self.stdout.write("\n".join(demo_api_tokens_create()))
        self.stdout.write(f"Etalase: {demo_storefront_create(seed=seed):,} produk tampil (persetujuan demo).")
        self.stdout.write(f"Rekap dasbor: {demo_insights_create().orders:,} pesanan diterapkan.")
        requests, incidents = demo_privacy_create()
        self.stdout.write(f"Privasi: {requests} permintaan pemilik data, {incidents} insiden latihan.")
        self._reports()  # last: the report reads what every demo above made
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {time.perf_counter() - started:.1f} s."))

    def _reports(self) -> None:
        tick = time.perf_counter()
        report = demo_reports_create()
        if report is not None:
            state = report.get_status_display() if not report.message else f"gagal: {report.message}"
            self.stdout.write(f"Laporan: {report.title} ({state}) dalam {time.perf_counter() - tick:.1f} s.")

    def _regions(self) -> None:
        if Region.objects.filter(code="35").exists():
            return
        self.stdout.write("Memuat wilayah Kemendagri …")
        tick = time.perf_counter()
        count = regions_load()
        indicators = indicators_seed()
        self.stdout.write(
            f"  {count:,} wilayah dan {indicators} indikator dalam {time.perf_counter() - tick:.1f} s"
        )

    def _reset(self) -> None:
        tick = time.perf_counter()
        if connection.vendor == "postgresql":
            # CASCADE also empties whatever hangs off a business (documents and, later, products).
            # Deferred foreign-key checks still pending in a surrounding transaction would block TRUNCATE.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # Sales lines hang off their orders without a database constraint: named here.
                cursor.execute(
                    f"TRUNCATE {Business._meta.db_table}, {LegalityDocument._meta.db_table}, "
                    f"{SalesLine._meta.db_table} CASCADE"
                )
        else:
            # The ORM follows every on_delete rule; a demo reset does not belong in the change log.
            with disable_auditlog(), transaction.atomic():
                SalesOrder.objects.all().delete()  # the ledger protects its businesses from deletion
                Business.objects.all().delete()
        self.stdout.write(f"Usaha dan dokumen dihapus dalam {time.perf_counter() - tick:.1f} s.")

    def _products(self, seed: int) -> None:
        tick = time.perf_counter()
        created = demo_products_create(seed=seed)
        if created:
            elapsed = time.perf_counter() - tick
            self.stdout.write(f"{created:,} produk demo dengan foto dalam {elapsed:.1f} s.")

    def _curation(self, seed: int) -> None:
        curated = demo_curation_create(seed=seed)
        if curated:
            self.stdout.write(f"{curated} produk demo dikurasi; produk unggulan Kota Surabaya ditetapkan.")

    def _channels(self, seed: int) -> None:
        orders = demo_channels_create(seed=seed)
        if orders:
            self.stdout.write(f"{orders:,} pesanan demo (daring, luring, arsip Bukalapak).")

    def _mentoring(self, seed: int) -> None:
        made = demo_mentoring_create(seed=seed)
        if made:
            self.stdout.write(
                f"Pendampingan: {made.teams} tim, {made.visits} kunjungan, {made.trainings} kegiatan."
            )

    def _funnel(self) -> None:
        tick = time.perf_counter()
        made = demo_funnel_create()
        self.stdout.write(
            f"Corong: {made.targets} target contoh, {made.supply_flags:,} tanda kreator/reseller, "
            f"{made.refreshed:,} usaha dihitung dalam {time.perf_counter() - tick:.1f} s."
        )

    def _businesses(self, size: int, seed: int) -> None:
        self.stdout.write(f"Membuat {size:,} usaha (seed {seed}) …")
        tick = time.perf_counter()

        def progress(done: int) -> None:
            elapsed = time.perf_counter() - tick
            self.stdout.write(f"  {done:>10,} / {size:,} usaha  {elapsed:6.1f} s  {done / elapsed:,.0f}/s")

        inserted = businesses_insert(size=size, seed=seed, progress=progress)
        elapsed = time.perf_counter() - tick
        documents = LegalityDocument.objects.count()
        rate = inserted / elapsed if elapsed else 0
        self.stdout.write(
            f"{inserted:,} usaha dan {documents:,} dokumen dalam {elapsed:.1f} s ({rate:,.0f} usaha/s)."
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Business._meta.db_table}, {LegalityDocument._meta.db_table}")
