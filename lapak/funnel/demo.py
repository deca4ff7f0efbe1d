"""Demo funnel data: the province's example targets, creator/reseller flags inferred from the registry,
and a first funnel refresh. Runs after the channels demo (the funnel reads its listings and sales)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from lapak.funnel.models import BusinessSupply, Indicator, SupplyMode, SupplySource, Target
from lapak.funnel.services import funnel_refresh
from lapak.registry.models import Business, OnlineMode, Sector

YEAR = 2026
# (programme, indicator, region code or None for the province, value, note)
DEMO_TARGETS = (
    ("Program UMKM Go Digital Jawa Timur 2026", Indicator.MARKETPLACE, None, 27_000,
     "27.000 usaha masuk marketplace dalam setahun."),
    ("Galeri UMKM Dinas Koperasi dan UKM 2026", Indicator.GALERI, None, 500,
     "500 usaha memajang dan menjual produknya di Galeri."),
    ("Sampang Go Digital 2026", Indicator.MARKETPLACE, "35.27", 400,
     "Target kab/kota termiskin di Jawa Timur (BPS 2024)."),
)  # fmt: skip


@dataclass(frozen=True)
class DemoFunnel:
    targets: int
    supply_flags: int
    refreshed: int


def demo_funnel_create() -> DemoFunnel:
    """Targets (kept when they exist), inferred supply flags for businesses without one, a refresh."""
    with transaction.atomic():
        targets = _targets()
        flags = supply_flags_infer()
    return DemoFunnel(targets=targets, supply_flags=flags, refreshed=funnel_refresh())


def _targets() -> int:
    created = 0
    for programme, indicator, region, value, note in DEMO_TARGETS:
        _target, made = Target.objects.get_or_create(
            programme=programme,
            indicator=indicator,
            region_id=region or settings.LAPAK_HOME_PROVINCE,
            period_start=date(YEAR, 1, 1),
            defaults={"period_end": date(YEAR, 12, 31), "value": value, "note": note},
        )
        created += made
    return created


def supply_flags_infer() -> int:
    """Creator or reseller for businesses with no record yet, inferred set-based from registry data:
    the owner's declared online mode, trade businesses as resellers, businesses with products of their
    own in the catalogue as creators. Everyone else stays "not recorded". Returns rows inserted."""
    quote = connection.ops.quote_name
    supply, business = quote(BusinessSupply._meta.db_table), quote(Business._meta.db_table)
    product = quote("catalog_product")
    sql = f"""
        INSERT INTO {supply} (business_id, mode, source, recorded_by_id, recorded_at)
        SELECT b.id,
               CASE WHEN b.online_mode = %s THEN %s WHEN b.online_mode = %s THEN %s
                    WHEN b.sector = %s THEN %s ELSE %s END,
               %s, NULL, %s
        FROM {business} b
        WHERE (b.online_mode IN (%s, %s) OR b.sector = %s
               OR EXISTS (SELECT 1 FROM {product} p WHERE p.business_id = b.id))
          AND NOT EXISTS (SELECT 1 FROM {supply} s WHERE s.business_id = b.id)
    """
    params = [
        OnlineMode.RESELLER, SupplyMode.RESELLER, OnlineMode.CREATOR, SupplyMode.CREATOR,
        Sector.TRADE, SupplyMode.RESELLER, SupplyMode.CREATOR,
        SupplySource.INFERRED, connection.ops.adapt_datetimefield_value(timezone.now()),
        OnlineMode.RESELLER, OnlineMode.CREATOR, Sector.TRADE,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(p) for p in params])
        return max(cursor.rowcount, 0)
