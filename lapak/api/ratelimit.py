"""Requests per token (per address without one) in a fixed window, counted in Django's cache.

The counter lives in the cache named by ``LAPAK_API_RATE_CACHE`` (default: ``default``). Django's default
local-memory cache counts per process: with several server processes, point it at a shared cache
(database or Redis) so the limit holds across them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

# Requests per window (seconds), by kind of caller; ``LAPAK_API_RATE_LIMITS`` overrides any of them.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "public": (60, 60),
    "partner": (600, 60),
    "staff": (300, 60),
}


@dataclass(frozen=True)
class RateState:
    limit: int
    remaining: int
    reset_seconds: int  # until the window ends
    exceeded: bool


def rate_limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "LAPAK_API_RATE_LIMITS", {})}


def rate_limit_hit(*, kind: str, bucket: str, now: float | None = None) -> RateState:
    """Count one request of ``bucket`` (a token or an address) against the limit of its ``kind``."""
    limit, window = rate_limits()[kind]
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    key = f"lapak-api-rate:{bucket}:{window_start}"
    cache = caches[getattr(settings, "LAPAK_API_RATE_CACHE", "default")]
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    reset = max(1, math.ceil(window_start + window - now))
    return RateState(
        limit=limit, remaining=max(0, limit - count), reset_seconds=reset, exceeded=count > limit
    )
