"""Server time of the business list page with many businesses in PostgreSQL.

    python benchmarks/registry_list.py              # 1,000,000 businesses
    python benchmarks/registry_list.py --size 100000

Builds its own database (``lapak_bench`` on the local server, or ``--database-url``), loads the regions,
the demo users and ``--size`` generated businesses (kept between runs of the same size; ``--rebuild`` starts
over), then requests filtered, sorted pages in-process through Django's test client and prints the median
and p95 server time per scenario and overall, one ``name: value unit`` line each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import businesses_ready, create_database, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lapak_bench"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per scenario")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def prepare(size: int, rebuild: bool) -> None:
    from lapak.accounts.demo import demo_users_create

    loaded = businesses_ready(size, rebuild=rebuild)
    demo_users_create()
    if loaded is not None:
        print(f"load_rows_per_s: {size / loaded:.0f} rows/s")


SCENARIOS = {
    # name: (username, query)
    "operator_sector_sorted": ("operator.sampang", {"sector": "pangan", "sort": "name"}),
    "operator_page_5_women_mikro": (
        "operator.sampang",
        {"women_owned": "ya", "size_class": "mikro", "sort": "-updated_at", "page": "5"},
    ),
    "admin_kabkota_sector_sorted": ("admin", {"kabkota": "35.09", "sector": "fashion", "sort": "name"}),
    "admin_province_sorted_by_name": ("admin", {"sort": "name"}),
    "admin_kecamatan_legality": (
        "admin",
        {"kabkota": "35.07", "kecamatan": "35.07.01", "legality_status": "menunggu"},
    ),
    "pimpinan_type_kopwan": ("pimpinan", {"type": "kopwan", "sort": "kabkota"}),
}
# Reported apart: the whole page (filter form included) and a free-text search, which has no index yet.
EXTRA_SCENARIOS = {
    "full_page_admin_kabkota": ("admin", {"kabkota": "35.78", "sort": "name"}, False),
    "search_operator_name": ("operator.sampang", {"q": "keripik"}, True),
    "search_admin_province_name": ("admin", {"q": "keripik"}, True),
}


def measure(requests: int) -> dict[str, list[float]]:
    from django.test import Client
    from django.urls import reverse

    from lapak.accounts.models import User

    timings: dict[str, list[float]] = {}
    url = reverse("registry:business_list")
    table_only = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "business-table"}
    cases = {name: (user, query, True) for name, (user, query) in SCENARIOS.items()} | EXTRA_SCENARIOS
    for name, (username, query, htmx) in cases.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        headers = table_only if htmx else {}
        requests_here = requests if name in SCENARIOS or name.startswith("full") else max(5, requests // 6)
        for _ in range(3):
            client.get(url, query, **headers)
        samples = []
        for _ in range(requests_here):
            started = time.perf_counter()
            response = client.get(url, query, **headers)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        timings[name] = samples
    return timings


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    args = parse_args()
    create_database(args.database_url, fresh=False)
    setup_django(args.database_url)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    prepare(args.size, args.rebuild)
    timings = measure(args.requests)
    print(f"businesses: {args.size} rows")
    for name, samples in timings.items():
        print(f"{name}_median: {statistics.median(samples):.1f} ms")
        print(f"{name}_p95: {p95(samples):.1f} ms")
    everything = [s for name, samples in timings.items() if name in SCENARIOS for s in samples]
    print(f"list_page_median: {statistics.median(everything):.1f} ms")
    print(f"list_page_p95: {p95(everything):.1f} ms")


if __name__ == "__main__":
    main()
