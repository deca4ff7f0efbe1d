"""Demo data of the public catalogue: the owners of the demo businesses with curated products consent to
the public catalogue (recorded as demo consent on the current wording), choose a public profile, and the
search index is built. Their marketplace listings get a listing URL (the channels demo writes the ids
only), so the "buy on" links have somewhere to go. Runs after the channels demo; skipped when any demo
consent exists. Same seed, same choices.
"""

from __future__ import annotations

import random

from auditlog.context import disable_auditlog
from django.db import transaction

from lapak.channels.defaults import PRODUCT_PAGES, product_page_url
from lapak.channels.models import Listing, ListingState
from lapak.curation.selectors import curated_products
from lapak.privacy.models import Consent, ConsentSource, Purpose
from lapak.privacy.selectors import wording_current
from lapak.privacy.services import consent_grant
from lapak.registry.models import Business, Sector

from .models import PublicProfile, RegionPrecision
from .services import search_rebuild

# Where a listing of each channel lives, as its shop pages show it (ids from the channels demo).
STORIES: dict[str, str] = {
    Sector.FOOD: "Resep keluarga sejak {year}, dimasak setiap pagi dari bahan petani sekitar {region}.",
    Sector.CRAFT: "Dikerjakan tangan oleh perajin {region} sejak {year}; setiap barang sedikit berbeda.",
    Sector.FASHION: "Motif khas {region}, dibatik dan dijahit ibu-ibu sekitar rumah produksi sejak {year}.",
    Sector.HERBAL: "Racikan turun-temurun dari {region}, diolah bersih dan dikemas rapi sejak {year}.",
}


def demo_storefront_create(*, seed: int = 2026) -> int:
    """Consent, profiles and listing URLs for the demo; returns the number of public products."""
    wording = wording_current(Purpose.KATALOG_PUBLIK)
    demo_consents = Consent.objects.filter(source=ConsentSource.DEMO, purpose=Purpose.KATALOG_PUBLIK)
    if wording is None or demo_consents.exists():
        return 0
    rng = random.Random(seed)
    business_ids = set(curated_products().values_list("business_id", flat=True))
    businesses = Business.objects.filter(pk__in=business_ids).select_related("kabkota").order_by("pk")
    with disable_auditlog(), transaction.atomic():
        for business in businesses:
            _profile(business, rng)
            consent_grant(
                actor=None, business=business, purpose=Purpose.KATALOG_PUBLIK, wording=wording,
                source=ConsentSource.DEMO,
            )  # fmt: skip
        _listing_urls()
        return search_rebuild()


def _profile(business: Business, rng: random.Random) -> None:
    template = STORIES.get(business.sector, "Usaha dari {region} sejak {year}.")
    year = business.founded_year or rng.randint(1995, 2020)
    PublicProfile.objects.update_or_create(
        business=business,
        defaults={
            "story": template.format(region=business.kabkota.name, year=year),
            "show_phone": bool(business.phone) and rng.random() < 0.5,
            "region_precision": rng.choice([RegionPrecision.KABKOTA, RegionPrecision.KECAMATAN]),
            "show_women_owned": business.women_owned,
        },
    )


def _listing_urls() -> None:
    """Demo listings were made live without a marketplace: give them the page a real one would have."""
    live = Listing.objects.filter(state=ListingState.LIVE, external_url="", channel__code__in=PRODUCT_PAGES)
    for listing in live.select_related("channel", "product"):
        shop_id = str(7000 + listing.product.business_id)
        url = product_page_url(listing.channel.code, shop_id=shop_id, item_id=listing.external_id)
        Listing.objects.filter(pk=listing.pk).update(external_url=url)
