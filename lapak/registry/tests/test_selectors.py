from __future__ import annotations

from typing import Any

import pytest

from lapak.registry.models import Business
from lapak.registry.selectors import business_page, business_sorted

pytestmark = pytest.mark.django_db


def test_it_pages_with_an_exact_total_under_the_cap(make_business: Any) -> None:
    for i in range(7):
        make_business(name=f"Usaha {i}")
    page = business_page(queryset=business_sorted(Business.objects.all(), "name"), number=2, page_size=3)
    assert [b.name for b in page.rows] == ["Usaha 3", "Usaha 4", "Usaha 5"]
    assert (page.total, page.total_capped, page.pages, page.start_index, page.end_index) == (
        7,
        False,
        3,
        4,
        6,
    )


def test_it_caps_the_count_and_clamps_the_page_number(make_business: Any) -> None:
    for i in range(5):
        make_business(name=f"Usaha {i}")
    page = business_page(queryset=Business.objects.order_by("name"), number=99, page_size=2, count_cap=3)
    assert (page.total, page.total_capped, page.number) == (3, True, 2)


def test_it_keeps_a_search_window_of_matches_only(make_business: Any) -> None:
    from lapak.registry.selectors import business_search_window

    for i in range(4):
        make_business(name=f"Keripik {i}")
    make_business(name="Batik")
    window = business_search_window(Business.objects.filter(name__icontains="keripik"), cap=2)
    assert window.count() == 3  # the cap plus one, so the page can say "more"
    assert all(name.startswith("Keripik") for name in window.values_list("name", flat=True))
