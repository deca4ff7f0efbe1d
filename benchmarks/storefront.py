"""The public catalogue under load: page throughput through gunicorn, and search latency at a million.

    python benchmarks/storefront.py                          # 100,000 public products; search at 1,000,000
    python benchmarks/storefront.py --size 5000 --search-size 20000 --duration 5

Builds its own PostgreSQL database (``lapak_storefront_bench`` on the local server, or
``--database-url``; kept between runs, ``--rebuild`` starts over), loading set-based with COPY: the
regions, ``size / 4`` generated businesses (``registry.demo``) whose owners consent to the public
catalogue, then ``--size`` curated products with a SKU, a completed kurasi, a live storefront listing
(half also live on Shopee with a listing URL) and their search documents and vocabulary.

Pages: starts gunicorn on loopback (``--workers`` processes, ``--worker-class``) and drives it with wrk
(installed with apt-get when missing and run as root; else a Python load generator with keep-alive
connections across processes): catalogue pages (home, kab/kota, category and sector lists, page 2),
product pages (a hot set of ``--hot`` products), conditional requests answered 304, and product pages
spread over every product (cache misses). Search: the products are extended to ``--search-size``, all
public, and a set of queries (exact words, synonyms, typos, prefixes, several words, with and without
filters) runs in-process through ``catalogue_search`` (count, page, public check and cards).

Prints ``name: value unit`` lines; the targets are ``catalogue_rps``/``product_rps`` >= 1,000 req/s with
``catalogue_p99``/``product_p99`` < 100 ms, and ``search_p95`` < 100 ms.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import create_database, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lapak_storefront_bench"
PRODUCTS_PER_BUSINESS = 4

# (kind, category, sector): what the generated products are.
KINDS = [
    ("Keripik", "pangan.keripik", "pangan"), ("Kerupuk", "pangan.keripik", "pangan"),
    ("Rengginang", "pangan.keripik", "pangan"), ("Dodol", "pangan.manisan", "pangan"),
    ("Sambal", "pangan.sambal", "pangan"), ("Kue Kering", "pangan.kue", "pangan"),
    ("Kopi Bubuk", "minuman.kopi", "pangan"), ("Teh Herbal", "minuman.teh", "pangan"),
    ("Jamu", "herbal.jamu", "herbal"), ("Batik Tulis", "fesyen.batik-tulis", "fashion"),
    ("Batik Cap", "fesyen.batik-cap", "fashion"), ("Tas Anyaman", "kriya.anyaman", "kriya"),
    ("Tikar", "kriya.anyaman", "kriya"), ("Ukiran", "kriya.kayu", "kriya"),
    ("Gerabah", "kriya.keramik", "kriya"), ("Madu", "agro.biji", "agro"),
]  # fmt: skip
VARIANTS = [
    "Singkong", "Tempe", "Pisang", "Talas", "Ikan Tenggiri", "Udang", "Balado", "Pedas Manis", "Gentongan",
    "Tanjung Bumi", "Robusta", "Arabika", "Kunyit Asam", "Beras Kencur", "Pandan", "Mendong", "Rotan",
    "Bambu", "Jati", "Lorjuk", "Nangka", "Salak", "Kelor", "Jahe Merah", "Sirih", "Kencana", "Sekar Jagad",
]  # fmt: skip
MAKERS = ["Bu Sri", "Mak Nah", "Cak Holil", "Pak Slamet", "Mbak Yuli", "Sumber Rejeki", "Barokah", "Lestari"]
STORY = "{kind} {variant} buatan {maker}, dikerjakan oleh pengrajin {place} dengan bahan pilihan."
QUERIES = [
    "keripik", "kripik tempe", "kripik tempee", "batk", "batik tulis", "kerajinan", "tas anyaman pandan",
    "kopi", "kopi robusta", "jamu kunyit asam", "sambal", "dodol salak", "kerip", "anyman", "gerabah",
    "madu kelor", "krupuk udang", "rengginang lorjuk", "teh jahe merah", "ukiran jati", "sekar jagad",
    "pengrajin bambu", "pisang", "oleh-oleh", "tenggiri", "singkong balado", "beras kencur", "zzqx",
]  # fmt: skip
FILTERS: list[dict[str, Any]] = [
    {}, {"kabkota": "35.27"}, {"certifications": ("halal",)}, {"price_min": 20_000, "price_max": 80_000},
    {"category": "pangan"}, {"kabkota": "35.07", "women_owned": True},
]  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000, help="public products for the page load")
    parser.add_argument("--search-size", type=int, default=1_000_000, help="public products for search")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page kind")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync, gthread)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--hot", type=int, default=1000, help="distinct product pages in the hot set")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    return parser.parse_args()


# --- Loading -----------------------------------------------------------------------------------------


def copy_rows(model: Any, rows: Iterator[dict[str, Any]], *, with_id: bool = True) -> int:
    """COPY rows into a model's table: every concrete column, the field default where a row gives none."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = []
            for field in fields:
                value = row[field.attname] if field.attname in row else field.get_default()
                values.append(json.dumps(value) if field.attname in json_fields else value)
            copy.write_row(values)
            count += 1
    return count


def prepare_base(size: int, search_size: int, rebuild: bool) -> dict[str, float]:
    """Regions, users and the businesses (with consent) for ``search_size`` products."""
    from django.core.management import call_command
    from django.db import connection

    from lapak.accounts.demo import demo_users_create
    from lapak.regions.models import Region
    from lapak.regions.services import indicators_seed, regions_load
    from lapak.registry.demo import businesses_insert
    from lapak.registry.models import Business

    call_command("migrate", "--noinput", verbosity=0)
    if not Region.objects.filter(code="35").exists():
        regions_load(province_codes=["35"])
        indicators_seed()
    demo_users_create()
    businesses = math.ceil(search_size / PRODUCTS_PER_BUSINESS)
    if Business.objects.count() == businesses and not rebuild:
        return {}
    log(f"loading {businesses:,} businesses")
    with connection.cursor() as cursor:
        cursor.execute(
            "truncate registry_business, registry_legalitydocument, catalog_product, privacy_consent, "
            "storefront_searchdocument, storefront_searchterm, storefront_searchtermvariant, "
            "storefront_publicprofile, channels_salesorder cascade"
        )
    started = time.perf_counter()
    businesses_insert(size=businesses)
    figures = {"load_businesses_s": time.perf_counter() - started}
    started = time.perf_counter()
    load_consents()
    figures["load_consents_s"] = time.perf_counter() - started
    return figures


def load_consents() -> None:
    from django.db import transaction

    from lapak.privacy.models import Consent, Purpose
    from lapak.privacy.selectors import wording_current
    from lapak.registry.models import Business

    wording = wording_current(Purpose.KATALOG_PUBLIK)
    assert wording is not None
    now = datetime.now().astimezone()
    ids = list(Business.objects.order_by("pk").values_list("pk", flat=True))  # not during the COPY
    rows = (
        {
            "business_id": pk,
            "purpose": Purpose.KATALOG_PUBLIK,
            "granted": True,
            "wording_id": wording.pk,
            "wording_version": wording.version,
            "wording_sha256": wording.text_sha256,
            "given_at": now,
            "source": "demo",
            "withdrawn_at": None,
        }
        for pk in ids
    )
    with transaction.atomic():
        copy_rows(Consent, rows, with_id=False)


class Catalogue:
    """Generated products: names from word lists, their index text computed once per combination."""

    def __init__(self) -> None:
        from lapak.channels.models import Channel
        from lapak.curation.models import RubricVersion
        from lapak.regions.models import Region, RegionLevel
        from lapak.registry.models import Business

        self.places = dict(Region.objects.filter(level=RegionLevel.KABKOTA).values_list("code", "name"))
        self.businesses = list(
            Business.objects.order_by("pk").values_list(
                "pk", "kabkota_id", "is_kopwan_member", "owner_sex", "name"
            )
        )
        self.channels = dict(Channel.objects.values_list("code", "pk"))
        version = RubricVersion.objects.filter(rubric__code="umum").values_list("pk", flat=True).first()
        self.version = version
        self.now = datetime.now().astimezone()
        self.texts: dict[tuple, str] = {}

    def product(self, product_id: int) -> dict[str, Any]:
        rng = random.Random(product_id)
        business = self.businesses[(product_id - 1) // PRODUCTS_PER_BUSINESS % len(self.businesses)]
        kind, category, sector = KINDS[rng.randrange(len(KINDS))]
        variant, maker = rng.choice(VARIANTS), rng.choice(MAKERS)
        place = self.places.get(business[1], "Jawa Timur")
        return {
            "id": product_id, "business": business, "kind": kind, "category": category, "sector": sector,
            "variant": variant, "maker": maker, "place": place, "name": f"{kind} {variant} {maker}",
            "description": STORY.format(kind=kind, variant=variant, maker=maker, place=place),
            "price": rng.randrange(8_000, 400_000, 500), "decision": rng.choice((1, 2, 2, 3)),
            "score": rng.randrange(600, 950) / 10, "halal": sector == "pangan" and rng.random() < 0.4,
            "unggulan": rng.random() < 0.005,
        }  # fmt: skip

    def facets(self, p: dict[str, Any]) -> str:
        from lapak.storefront.search import facet_terms

        business = p["business"]
        terms = facet_terms(
            kabkota=business[1], category=p["category"], sector=p["sector"],
            certifications=("halal",) if p["halal"] else (), women_owned=business[3] == "P",
            kopwan=business[2], unggulan=p["unggulan"], price=p["price"],
        )  # fmt: skip
        return " ".join([*terms, *facet_terms(category=p["category"].split(".")[0])])

    def index_text(self, p: dict[str, Any]) -> str:
        from django.utils import translation

        from lapak.catalog.taxonomy import category_get
        from lapak.storefront.search import index_terms

        key = (p["kind"], p["variant"], p["maker"], p["place"], p["category"], p["business"][4], p["halal"])
        if key not in self.texts:
            category = category_get(p["category"])
            with translation.override("id"):
                labels = f"{category.name} {category.group_name}" if category else ""
            extra = "Sertifikat halal" if p["halal"] else ""
            text = f"{p['name']} {p['description']} {labels} {p['business'][4]} {p['place']} {extra}"
            self.texts[key] = " ".join(index_terms(text))
        return self.texts[key]


def load_products(first: int, count: int) -> dict[str, float]:
    """Products ``first`` … ``first + count - 1``, all public, with everything the storefront reads."""
    from django.db import connection, transaction

    from lapak.catalog.models import Product, Sku
    from lapak.channels.models import Listing
    from lapak.curation.models import CurationRound, CurationStatus
    from lapak.storefront.documents import document_rank
    from lapak.storefront.models import SearchDocument

    catalogue = Catalogue()
    now = catalogue.now
    started = time.perf_counter()
    batch = 50_000
    for start in range(first, first + count, batch):
        items = [catalogue.product(pk) for pk in range(start, min(start + batch, first + count))]
        for p in items:  # before the COPY: nothing else may use the connection while it runs
            p["text"] = catalogue.index_text(p)
            p["facets"] = catalogue.facets(p)
        with transaction.atomic():
            copy_rows(
                Product,
                (
                    {
                        "id": p["id"],
                        "business_id": p["business"][0],
                        "name": p["name"],
                        "description": p["description"],
                        "category": p["category"],
                        "created_at": now,
                        "updated_at": now,
                    }
                    for p in items
                ),
            )
            copy_rows(
                Sku,
                (
                    {
                        "id": p["id"],
                        "product_id": p["id"],
                        "code": f"SKU-{p['id']}",
                        "price": p["price"],
                        "stock": 25,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for p in items
                ),
            )
            copy_rows(
                CurationRound,
                (
                    {
                        "id": p["id"],
                        "product_id": p["id"],
                        "number": 1,
                        "rubric_version_id": catalogue.version,
                        "status": "selesai",
                        "decision": p["decision"],
                        "total_score": p["score"],
                        "opened_at": now,
                        "completed_at": now,
                    }
                    for p in items
                ),
            )
            copy_rows(
                CurationStatus,
                (
                    {
                        "product_id": p["id"],
                        "round_id": p["id"],
                        "decision": p["decision"],
                        "score": p["score"],
                        "decided_at": now,
                    }
                    for p in items
                ),
            )
            copy_rows(Listing, _listings(items, catalogue.channels, now), with_id=False)
            copy_rows(
                SearchDocument,
                (
                    {
                        "product_id": p["id"],
                        "business_id": p["business"][0],
                        "kabkota": p["business"][1],
                        "sector": p["sector"],
                        "category": p["category"],
                        "category_group": p["category"].split(".")[0],
                        "price_min": p["price"],
                        "halal": p["halal"],
                        "women_owned": p["business"][3] == "P",
                        "kopwan": p["business"][2],
                        "unggulan": p["unggulan"],
                        "name": p["name"],
                        "rank": document_rank(
                            unggulan=p["unggulan"], decision=p["decision"], score=p["score"]
                        ),
                        "text": p["text"],
                        "facets": p["facets"],
                        "updated_at": now,
                    }
                    for p in items
                ),
            )
        log(f"  {start + len(items) - first:,} / {count:,} products")
    with connection.cursor() as cursor:
        for table in ("catalog_product", "catalog_sku", "curation_curationround"):
            cursor.execute(
                f"select setval(pg_get_serial_sequence('{table}', 'id'), (select max(id) from {table}))"
            )
    return {"load_products_s": time.perf_counter() - started}


def _listings(
    items: list[dict[str, Any]], channels: dict[str, int], now: datetime
) -> Iterator[dict[str, Any]]:
    for p in items:
        yield {"product_id": p["id"], "channel_id": channels["lapak"], "state": "live", "last_synced_at": now,
               "idempotency_key": uuid.uuid4(), "created_at": now, "updated_at": now}  # fmt: skip
        if p["id"] % 2 == 0:
            yield {"product_id": p["id"], "channel_id": channels["shopee"], "state": "live",
                   "external_id": str(p["id"]), "external_url": f"https://shopee.co.id/product/1/{p['id']}",
                   "idempotency_key": uuid.uuid4(), "created_at": now, "updated_at": now}  # fmt: skip


def rebuild_vocabulary() -> float:
    """The vocabulary from the documents, set-based, then each term's deletion variants."""
    from django.db import connection, transaction

    from lapak.storefront.models import SearchTerm, SearchTermVariant
    from lapak.storefront.search import deletion_variants

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("truncate storefront_searchtermvariant, storefront_searchterm")
        cursor.execute(
            "insert into storefront_searchterm (term, documents) select term, count(*) from "
            "(select distinct product_id, unnest(string_to_array(text, ' ')) as term "
            "from storefront_searchdocument) t where term <> '' group by term"
        )
        terms = list(SearchTerm.objects.values_list("pk", "term"))
        rows = ({"term_id": pk, "variant": v} for pk, term in terms for v in deletion_variants(term))
        copy_rows(SearchTermVariant, rows, with_id=False)
        cursor.execute("analyze")
    return time.perf_counter() - started


def ensure_products(target: int) -> dict[str, float]:
    from django.db import connection

    from lapak.catalog.models import Product

    have = Product.objects.count()
    if have >= target:
        return {}
    log(f"loading products {have + 1:,} … {target:,}")
    with connection.cursor() as cursor:
        cursor.execute("drop index if exists sf_doc_text_gin")  # built once after the load: much faster
    figures = load_products(have + 1, target - have)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("create index sf_doc_text_gin on storefront_searchdocument using gin (text_vector)")
    figures["build_gin_index_s"] = time.perf_counter() - started
    figures["build_vocabulary_s"] = rebuild_vocabulary()
    with connection.cursor() as cursor:
        cursor.execute("vacuum analyze storefront_searchdocument")  # as autovacuum keeps production
    from lapak.storefront.services import catalogue_bump

    catalogue_bump()
    return figures


# --- Page load through gunicorn ----------------------------------------------------------------------

LUA = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local etag = os.getenv("BENCH_ETAG")
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  if etag ~= nil and etag ~= "" then
    return wrk.format("GET", paths[i], {["If-None-Match"] = etag})
  end
  return wrk.format("GET", paths[i])
end
"""


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    log("installing wrk (apt-get)")
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "wrk"],
        check=False,
        capture_output=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("wrk")


def start_gunicorn(args: argparse.Namespace, log_path: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": args.database_url, "LAPAK_TESTING": "0", "DEBUG": "0",
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECRET_KEY": "benchmark-secret-key",
           "LAPAK_FIELD_KEY": "benchmark-field-key"}  # fmt: skip
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"), "lapak.wsgi", "-b", f"127.0.0.1:{args.port}",
        "-w", str(args.workers), "-k", args.worker_class, "--threads", str(args.threads),
        "--backlog", "2048", "--access-logfile", "/dev/null", "--error-logfile", log_path,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/etalase/", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"gunicorn did not start; see {log_path}")


def run_wrk(
    wrk: str, base: str, paths: list[str], seconds: int, connections: int, etag: str = ""
) -> tuple[float, float]:
    """(requests per second, p99 in ms) of a wrk run over ``paths``."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "paths.txt").write_text("\n".join(paths) + "\n")
        (Path(folder) / "bench.lua").write_text(LUA)
        env = {**os.environ, "BENCH_PATHS": str(Path(folder) / "paths.txt"), "BENCH_ETAG": etag}
        output = subprocess.run(
            [
                wrk,
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                str(Path(folder) / "bench.lua"),
                base,
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        log(f"  {errors.group(1)} non-2xx/3xx responses")
    return rps, p99


def _python_worker(base: str, paths: list[str], seconds: float, etag: str, queue: Any) -> None:
    import http.client

    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    headers = {"If-None-Match": etag} if etag else {}
    latencies: list[float] = []
    index = random.randrange(len(paths))
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        index = (index + 1) % len(paths)
        started = time.perf_counter()
        try:
            connection.request("GET", paths[index], headers=headers)
            response = connection.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            continue
        latencies.append(time.perf_counter() - started)
    queue.put(latencies)


def run_python(
    base: str, paths: list[str], seconds: int, connections: int, etag: str = ""
) -> tuple[float, float]:
    """A load generator in processes (keep-alive where the server keeps the connection open)."""
    queue: Any = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_python_worker, args=(base, paths, seconds, etag, queue))
        for _ in range(connections)
    ]
    for process in processes:
        process.start()
    latencies = [x for _ in processes for x in queue.get()]
    for process in processes:
        process.join()
    latencies.sort()
    return len(latencies) / seconds, latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0.0


def warm(runner: Any, base: str, paths: list[str], connections: int, *, rounds: int = 20) -> None:
    """Each worker process has its own page cache: load in 5-second rounds until the rate stops rising
    (every worker has rendered every page), at most ``rounds`` rounds."""
    previous = 0.0
    for number in range(rounds):
        rps, _p99 = runner(base, paths, 5, connections)
        log(f"  warming {number + 1}: {rps:,.0f} req/s")
        if previous and rps < previous * 1.1:
            return
        previous = max(previous, rps)


def page_load(args: argparse.Namespace) -> dict[str, float]:
    from lapak.regions.models import Region, RegionLevel
    from lapak.storefront.caching import catalogue_stamp
    from lapak.storefront.selectors import public_products

    public = public_products().count()
    ids = list(public_products().order_by("pk").values_list("pk", flat=True)[: args.hot])
    every = list(public_products().order_by("?").values_list("pk", flat=True)[:20_000])
    kabkotas = list(Region.objects.filter(level=RegionLevel.KABKOTA).values_list("code", flat=True))
    groups = ["pangan", "minuman", "fesyen", "kriya", "herbal", "agro"]
    catalogue = ["/etalase/", *(f"/etalase/cari/?kabkota={k}" for k in kabkotas)]
    catalogue += [f"/etalase/cari/?kategori={g}" for g in groups] + [
        f"/etalase/cari/?kategori={g}&hal=2" for g in groups
    ]
    catalogue += [f"/etalase/cari/?sektor={s}" for s in ("pangan", "kriya", "fashion", "herbal")]
    products = [f"/etalase/produk/{pk}/" for pk in ids]
    spread = [f"/etalase/produk/{pk}/" for pk in every]
    etag = f'"{catalogue_stamp()[0]}-id"'
    wrk = ensure_wrk()
    runner = (lambda *a, **k: run_wrk(wrk, *a, **k)) if wrk else run_python
    log(f"load generator: {'wrk' if wrk else 'python'}; {public:,} public products")
    base = f"http://127.0.0.1:{args.port}"
    figures: dict[str, float] = {"pages_public_products": public}
    with tempfile.NamedTemporaryFile(suffix=".log", delete=False) as handle:
        log_path = handle.name
    server = start_gunicorn(args, log_path)
    try:
        started = time.perf_counter()
        for path in catalogue + products:  # every page rendered once, in whichever worker
            urllib.request.urlopen(base + path).read()
        figures["first_render_ms_mean"] = (time.perf_counter() - started) * 1000 / len(catalogue + products)
        warm(runner, base, catalogue + products, args.connections)
        runs = [("catalogue", catalogue, ""), ("product", products, "")]
        runs += [("conditional", products, etag), ("product_uncached", spread, "")]
        for name, paths, tag in runs:
            rps, p99 = runner(base, paths, args.duration, args.connections, etag=tag)
            figures[f"{name}_rps"], figures[f"{name}_p99"] = rps, p99
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


# --- Search -------------------------------------------------------------------------------------------


def search_latency(repeat: int = 3) -> dict[str, float]:
    from django.db import connection

    from lapak.storefront.models import SearchDocument
    from lapak.storefront.selectors import CatalogueFilters, catalogue_search

    cases = [CatalogueFilters(q=q, **f) for q in QUERIES for f in FILTERS]
    first: list[float] = []
    timings: list[float] = []
    hits = 0
    for run in range(repeat):
        for filters in cases:
            started = time.perf_counter()
            result = catalogue_search(filters)
            elapsed = (time.perf_counter() - started) * 1000
            (first if run == 0 else timings).append(elapsed)
            hits += bool(result.total)
    connection.close()
    timings = timings or first
    return {
        "search_documents": SearchDocument.objects.count(),
        "search_queries": len(cases),
        "search_p50": statistics.median(timings),
        "search_p95": percentile(timings, 0.95),
        "search_max": max(timings),
        "search_first_run_p95": percentile(first, 0.95),
        "search_with_results_share": hits / (len(cases) * repeat),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


UNITS = {"_rps": "req/s", "_p99": "ms", "_p95": "ms", "_p50": "ms", "_max": "ms", "_s": "s", "_ms_mean": "ms"}


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def report(figures: dict[str, float]) -> None:
    for name, value in figures.items():
        unit = next((u for suffix, u in UNITS.items() if name.endswith(suffix)), "")
        text = f"{value:,.0f}" if float(value).is_integer() or value >= 100 else f"{value:,.2f}"
        print(f"{name}: {text} {unit}".rstrip(), flush=True)


def main() -> None:
    args = parse_args()
    search_size = max(args.search_size, args.size)
    create_database(args.database_url, fresh=args.rebuild)
    setup_django(args.database_url)
    figures = prepare_base(args.size, search_size, args.rebuild)
    figures |= ensure_products(args.size)
    report(figures)
    if not args.skip_pages:
        report(page_load(args))
    if not args.skip_search:
        report(ensure_products(search_size))
        report(search_latency())


if __name__ == "__main__":
    main()
