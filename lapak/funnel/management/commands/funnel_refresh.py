import time
from typing import Any

from django.core.management.base import BaseCommand

from lapak.funnel.services import funnel_refresh


class Command(BaseCommand):
    help = (
        "Recompute every business's funnel stage from facts. Run daily (cron or a timer): documents "
        "expire and sales months pass without any event that would trigger a refresh."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        written = funnel_refresh()
        self.stdout.write(f"{written:,} usaha dihitung ulang dalam {time.perf_counter() - started:.1f} s.")
