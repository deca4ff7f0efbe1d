"""Demo: bring the dashboards' rollups up to date after the other demos made their data."""

from __future__ import annotations

from datetime import timedelta

from lapak.insights.services import RefreshResult, rollups_refresh


def demo_insights_create() -> RefreshResult:
    """A full refresh with no commit lag: the demo command is the only writer while it runs."""
    return rollups_refresh(commit_lag=timedelta(0), full=True)
