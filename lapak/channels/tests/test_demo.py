"""The demo fills every channels page: shops, live listings, online and offline sales, Bukalapak's past."""

from io import StringIO

import pytest
from django.core.management import call_command

from lapak.channels.demo import demo_channels_create
from lapak.channels.models import Listing, ListingState, SalesOrder, ShopConnection


@pytest.mark.django_db
def test_the_demo_makes_listings_and_a_year_of_sales(regions: None) -> None:
    call_command("demo_data", size=300, stdout=StringIO())
    assert Listing.objects.filter(channel__code="lapak", state=ListingState.LIVE).exists()
    assert Listing.objects.filter(channel__code="tiktok", state=ListingState.LIVE).exists()
    assert Listing.objects.filter(channel__code="bukalapak", needs_migration=True).exists()
    assert ShopConnection.objects.filter(channel__code="shopee").exists()
    online = SalesOrder.objects.filter(is_online=True, channel__code__in=["tiktok", "shopee"])
    assert online.exists() and online.exclude(buyer_country="ID").exists()
    assert SalesOrder.objects.filter(is_online=False, source="galeri").exists()
    assert SalesOrder.objects.filter(source="channel_file", channel__code="bukalapak").exists()
    assert all(order.total_amount == sum(line.amount for line in order.lines.all()) for order in online[:50])
    assert demo_channels_create() == 0  # a second run adds nothing
