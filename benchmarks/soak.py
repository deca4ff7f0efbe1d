"""Soak test: every role browsing, imports and marketplace syncs at once, for minutes, on loopback.

    python benchmarks/soak.py                       # 10 minutes on the embedded SQLite default
    python benchmarks/soak.py --minutes 2 --size 2000
    python benchmarks/soak.py --database postgres://$(id -un)@/lapak_soak

It builds its own platform (a fresh database with demo data in a temporary folder), serves it with gunicorn,
runs the job worker beside it, starts marketplace sandboxes (TikTok Shop, Shopee) that the demo shops are
pointed at, and then, until the time is up:
- one client thread per demo role signs in and walks the pages it can reach from its menu (links found by
  crawling, so new pages join the soak on their own), GET only, with the public catalogue for anonymous
  visitors;
- an operator imports a CSV of new businesses every minute (check and commit, as `ingest_file` does);
- the sandboxes receive new orders and the order pull is queued every minute, besides the worker's own
  periodic outbox, token and rollup work.

Prints the figures as ``name: value unit``: requests, errors (5xx or no answer, target 0), pages that
answered 4xx although linked from the user's own pages, p50/p99 latency, and the memory of the web server
and the job worker in the first, middle and last minute (target: flat once warm).
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ROLES = ["admin", "operator.sampang", "pendamping", "kurator", "pemilik", "pimpinan", "dekranasda"]
DEMO_PASSWORD = "lapak-demo"
KEYS = {"app_key": "soak-app", "app_secret": "soak-secret"}
DEMO_TOKEN = "demo-sandbox-token"  # the token the demo shops hold (lapak.channels.demo.DEMO_TOKEN)
SKIP = re.compile(r"^/(akun/keluar|static/|i18n/|media/)|/unduh|/hapus|/batal|\.(xlsx|pdf|csv)")
PULL_ORDERS = "from lapak.core.jobs import job_enqueue; job_enqueue(kind='channels.orders', params={})"
LINK = re.compile(r'href="(/[^"#]*)"')


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    slowest: dict[str, float] = field(default_factory=dict)  # page pattern -> slowest answer
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    imports: int = 0
    import_failures: list[str] = field(default_factory=list)
    syncs: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    command = [PYTHON, "-m", "lapak", "manage", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=check)


def platform_env(work: Path, database: str, channel_keys: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database or f"sqlite:///{work / 'soak.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "LAPAK_TESTING": "0",
        "LAPAK_2FA_REQUIRED": "0",
        "LAPAK_LINK_AFTER_IMPORT": "1",
        "SECRET_KEY": "soak-secret-key-not-for-production",
        "LAPAK_FIELD_KEY": "soak-field-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LAPAK_CHANNEL_KEYS": channel_keys,
        "LOG_LEVEL": "WARNING",
    }


def start_sandboxes() -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from lapak.channels.sandbox import SandboxServer
    from lapak.channels.sandbox.platforms import ShopeePlatform, TiktokPlatform

    servers = {
        "tiktok": SandboxServer(TiktokPlatform(**KEYS, access_token=DEMO_TOKEN)),
        "shopee": SandboxServer(ShopeePlatform(**KEYS, access_token=DEMO_TOKEN)),
    }
    for server in servers.values():
        server.__enter__()
    return servers


def point_channels_at(env: dict[str, str], servers: dict[str, object]) -> None:
    updates = "; ".join(
        f"Channel.objects.filter(code={code!r}).update(base_url={server.url!r}, requests_per_second=50)"  # type: ignore[attr-defined]
        for code, server in servers.items()
    )
    manage(env, "shell", "-c", f"from lapak.channels.models import Channel; {updates}")


def add_sandbox_orders(servers: dict[str, object], serial: int) -> None:
    stamp = int(time.time())
    tiktok = {
        "id": f"58{serial:08d}", "status": "COMPLETED", "create_time": stamp, "update_time": stamp,
        "recipient_address": {"region_code": "ID", "district_info": [
            {"address_level_name": "province", "address_name": "Jawa Barat"},
            {"address_level_name": "city", "address_name": "Kota Bandung"}]},
        "line_items": [{"id": f"S{serial}", "seller_sku": "SOAK-1", "sale_price": "25000"}],
    }  # fmt: skip
    shopee = {
        "order_sn": f"2612{serial:06d}", "order_status": "COMPLETED",
        "create_time": stamp, "update_time": stamp,
        "recipient_address": {"state": "DKI Jakarta", "city": "Jakarta Selatan", "region": "ID"},
        "item_list": [{"model_sku": "SOAK-1", "model_quantity_purchased": 1, "model_discounted_price": 25000,
                       "model_id": 1}],
    }  # fmt: skip
    servers["tiktok"].platform.add_order(tiktok)  # type: ignore[attr-defined]
    servers["shopee"].platform.add_order(shopee)  # type: ignore[attr-defined]


class Visitor:
    """One signed-in user (or an anonymous one) with its own cookies, walking its own pages."""

    def __init__(self, base: str, username: str | None) -> None:
        self.base = base
        self.username = username or "publik"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as error:
            body, status = "", error.code
        return status, body, time.perf_counter() - started

    def sign_in(self) -> None:
        if self.username == "publik":
            return
        _status, body, _ = self.get("/akun/masuk/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        data = urllib.parse.urlencode(
            {
                "username": self.username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            }
        ).encode()
        request = urllib.request.Request(
            self.base + "/akun/masuk/", data=data, headers={"Referer": self.base}
        )
        try:
            self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            if error.code != 302:
                raise RuntimeError(f"{self.username} could not sign in: {error.code}") from error

    def crawl(self, start: str, limit: int) -> list[str]:
        seen, queue = {start}, deque([start])
        while queue and len(seen) < limit:
            status, body, _ = self.get(queue.popleft())
            if status != 200:
                continue
            for link in LINK.findall(body):
                path = link.replace("&amp;", "&")
                if path not in seen and not SKIP.search(path) and len(seen) < limit:
                    seen.add(path)
                    queue.append(path)
        return sorted(seen)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def browse(visitor: Visitor, pages: list[str], deadline: float, figures: Figures) -> None:
    while time.monotonic() < deadline:
        path = random.choice(pages)
        try:
            status, _body, seconds = visitor.get(path)
        except OSError as error:
            with figures.lock:
                figures.errors.append(f"{visitor.username} {path}: {error}")
            continue
        with figures.lock:
            figures.latencies.append(seconds)
            pattern = re.sub(r"\d+", "N", path.split("?")[0])
            figures.slowest[pattern] = max(seconds, figures.slowest.get(pattern, 0.0))
            if status >= 500:
                figures.errors.append(f"{visitor.username} {path}: {status}")
            elif status >= 400:
                figures.refused.append(f"{visitor.username} {path}: {status}")


def import_businesses(env: dict[str, str], work: Path, serial: int, figures: Figures) -> None:
    path = work / f"impor-{serial}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Nama Usaha", "Nama Pemilik", "L/P", "Kecamatan", "Kab/Kota", "Jenis Usaha"])
        for row in range(200):
            name = f"Usaha Soak {serial}-{row}"
            writer.writerow(
                [name, f"Pemilik {serial}-{row}", "P", "Camplong", "Kab. Sampang", "Makanan olahan"]
            )
    result = manage(env, "ingest_file", str(path), "--source", "dinkop-2026", "--user", "operator.sampang",
                    "--commit", check=False)  # fmt: skip
    with figures.lock:
        if result.returncode == 0:
            figures.imports += 1
        else:
            figures.import_failures.append((result.stderr or result.stdout).strip()[-300:])


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for candidate in [pid, *children(pid)]:
            try:
                status = Path(f"/proc/{candidate}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            total += int(match.group(1)) if match else 0
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--size", type=int, default=5000, help="demo businesses")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--database", default="", help="a PostgreSQL URL (default: SQLite in a temp folder)")
    args = parser.parse_args()

    servers = start_sandboxes()
    keys = json.dumps({code: KEYS for code in servers})
    with tempfile.TemporaryDirectory(prefix="lapak-soak-") as folder:
        work = Path(folder)
        env = platform_env(work, args.database, keys)
        if args.database:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from _setup import create_database

            create_database(args.database, fresh=True)
        started = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "demo_data", "--size", str(args.size))
        point_channels_at(env, servers)
        print(f"setup_seconds: {time.monotonic() - started:.1f} s")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "lapak.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
             "--threads", "4", "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        worker_log = (work / "worker.log").open("w")
        worker = subprocess.Popen(
            [PYTHON, "-m", "lapak", "worker"], cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT
        )
        try:
            run(args, env, work, base, servers, [server.pid, worker.pid])
            report_jobs(env, work / "worker.log")
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=30)
            for sandbox in servers.values():
                sandbox.__exit__(None, None, None)  # type: ignore[attr-defined]


def wait_until_up(base: str) -> None:
    for _ in range(60):
        try:
            urllib.request.urlopen(base + "/akun/masuk/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def run(
    args: argparse.Namespace, env: dict[str, str], work: Path, base: str, servers: dict, pids: list[int]
) -> None:
    wait_until_up(base)
    visitors = [Visitor(base, name) for name in ROLES] + [Visitor(base, None)]
    pages = {}
    for visitor in visitors:
        visitor.sign_in()
        pages[visitor.username] = visitor.crawl("/etalase/" if visitor.username == "publik" else "/", 120)
    print(f"pages_crawled: {sum(len(p) for p in pages.values())} pages")

    figures = Figures()
    deadline = time.monotonic() + args.minutes * 60
    threads = [
        threading.Thread(target=browse, args=(v, pages[v.username], deadline, figures), daemon=True)
        for v in visitors
    ]
    for thread in threads:
        thread.start()
    memory: list[tuple[float, float, float]] = []  # time, web server MB, job worker MB
    serial = 0
    next_minute = time.monotonic()
    while time.monotonic() < deadline:
        now = time.monotonic()
        memory.append((now, rss_mb(pids[:1]), rss_mb(pids[1:])))
        if now >= next_minute:
            serial += 1
            add_sandbox_orders(servers, serial)
            manage(env, "shell", "-c", PULL_ORDERS)
            figures.syncs += 1
            threading.Thread(target=import_businesses, args=(env, work, serial, figures), daemon=True).start()
            next_minute = now + 60
        time.sleep(5)
    for thread in threads:
        thread.join(timeout=60)
    report(figures, memory, args.minutes)


JOB_COUNTS = (
    "import json; from django.db.models import Count; from lapak.core.models import Job; "
    "print(json.dumps(list(Job.objects.values_list('kind', 'status').annotate(n=Count('id')))))"
)


def report_jobs(env: dict[str, str], log: Path) -> None:
    """Background jobs count as traffic too: a failed import, sync or report is an error of the soak."""
    last_line = manage(env, "shell", "-c", JOB_COUNTS).stdout.strip().splitlines()[-1]
    counts = {(kind, status): n for kind, status, n in json.loads(last_line)}
    failed = {kind: n for (kind, status), n in counts.items() if status == "failed"}
    done = sum(n for (_kind, status), n in counts.items() if status == "succeeded")
    print(f"jobs_succeeded: {done} jobs")
    print(f"jobs_failed: {sum(failed.values())} jobs")
    for kind, number in sorted(failed.items()):
        print(f"  failed {kind}: {number}", file=sys.stderr)
    if failed:
        print(log.read_text()[-3000:], file=sys.stderr)


def minute_average(memory: list[tuple[float, float, float]], at: float, column: int) -> float:
    """Average RSS of one process group over the minute that starts ``at`` seconds into the run."""
    start = memory[0][0]
    window = [row[column] for row in memory if at <= row[0] - start < at + 60] or [memory[-1][column]]
    return sum(window) / len(window)


def report(figures: Figures, memory: list[tuple[float, float, float]], minutes: float) -> None:
    total = len(figures.latencies)
    print(f"requests: {total} requests")
    print(f"requests_per_s: {total / (minutes * 60):.1f} req/s")
    print(f"errors: {len(figures.errors)} requests")
    print(f"refused_linked_pages: {len(figures.refused)} requests")
    print(f"latency_p50: {percentile(figures.latencies, 0.50) * 1000:.0f} ms")
    print(f"latency_p99: {percentile(figures.latencies, 0.99) * 1000:.0f} ms")
    for pattern, seconds in sorted(figures.slowest.items(), key=lambda item: -item[1])[:8]:
        print(f"  slowest {pattern}: {seconds * 1000:.0f} ms", file=sys.stderr)
    print(f"imports_committed: {figures.imports} files")
    print(f"import_failures: {len(figures.import_failures)} files")
    print(f"order_syncs_queued: {figures.syncs} syncs")
    # Warm-up (imports of lazily loaded modules, template and query caches, first visits of each page)
    # fills the first minutes; a leak keeps growing. So growth is shown for the whole run and for its
    # second half, per process group, with the minute-by-minute curve on stderr.
    last = max(0.0, memory[-1][0] - memory[0][0] - 60)
    middle = last / 2
    for column, name in ((1, "server"), (2, "worker")):
        first, mid, end = (minute_average(memory, at, column) for at in (0.0, middle, last))
        print(f"memory_{name}_first_minute: {first:.0f} MB")
        print(f"memory_{name}_last_minute: {end:.0f} MB")
        print(f"memory_{name}_growth: {end - first:.0f} MB")
        print(f"memory_{name}_growth_second_half: {end - mid:.0f} MB")
        curve = [f"{minute_average(memory, m * 60.0, column):.0f}" for m in range(int(last // 60) + 1)]
        print(f"  {name} MB per minute: {' '.join(curve)}", file=sys.stderr)
    for line in (figures.errors + figures.refused + figures.import_failures)[:15]:
        print(f"  {line}", file=sys.stderr)


if __name__ == "__main__":
    main()
