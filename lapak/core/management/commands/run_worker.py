import time

from django.core.management.base import BaseCommand

from lapak.core.jobs import jobs_enqueue_periodic, jobs_run_pending, worker_name


class Command(BaseCommand):
    help = "Run background jobs from the database queue (imports, exports, reports)."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true", help="Run what is queued now, then exit.")
        parser.add_argument(
            "--sleep", type=float, default=1.0, help="Seconds to wait when the queue is empty."
        )

    def handle(self, *args: object, once: bool, sleep: float, **options: object) -> None:
        name = worker_name()
        self.stdout.write(f"worker {name} started")
        while True:
            jobs_enqueue_periodic()  # outbox retries, token refresh, order pulls
            ran = jobs_run_pending(worker=name)
            if once:
                self.stdout.write(f"ran {ran} job(s)")
                return
            if not ran:
                time.sleep(sleep)
