"""Public pages: what they show and hide, HTTP caching (ETag, Last-Modified, 304), JSON-LD, Open Graph,
the sitemap and photo serving; the owner's public-profile page."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from lapak.catalog.models import Product
from lapak.conftest import PASSWORD
from lapak.privacy.models import Consent, Purpose
from lapak.registry.models import Business
from lapak.storefront.models import PublicProfile

from .conftest import NIK, OWNER, PHONE, add_photo, consent, make_product, marketplace_listing

pytestmark = pytest.mark.django_db
SHOPEE = "https://shopee.co.id/product/7001/991"


def product_url(product: Product) -> str:
    return reverse("storefront:product", kwargs={"pk": product.pk})


def get(url: str, **headers: str) -> Any:
    return Client().get(url, headers=headers)


def test_the_home_page_lists_public_products_only(public_product: Product, make_business: Any) -> None:
    hidden = make_product(make_business("35.78", name="Kue Lapis", owner_nik="3578015001900002"), "Kue Lapis")
    response = get(reverse("storefront:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keripik Tempe Sagu" in html
    assert hidden.name not in html  # curated and live, but its owner gave no consent
    assert "csrfmiddlewaretoken" not in html and "Set-Cookie" not in str(response.headers)


def test_a_product_page_shows_the_product_and_where_to_buy_it(public_product: Product) -> None:
    marketplace_listing(public_product, "shopee", SHOPEE)
    html = get(product_url(public_product)).content.decode()
    assert "<h1>Keripik Tempe Sagu</h1>" in html
    assert "Rp15.000" in html
    assert f'href="{SHOPEE}"' in html
    assert "Batik Tulis Sekar Jagad" in html  # the maker


@pytest.mark.parametrize("step", ["uncurated", "unconsented", "not_live", "withdrawn"])
def test_a_product_that_is_not_public_is_404(step: str, sampang_business: Business, rubrics: None) -> None:
    from lapak.channels.models import Listing
    from lapak.curation.models import Decision
    from lapak.privacy.services import consent_withdraw

    from .conftest import curate

    product = make_product(sampang_business, curated=step != "uncurated")
    if step != "unconsented":
        consent(sampang_business)
    if step == "not_live":
        curate(product, decision=Decision.PERLU_PEMBINAAN)
        assert Listing.objects.get(product=product, channel__code="lapak").state == "delisted"
    if step == "withdrawn":
        consent_withdraw(actor=None, business=sampang_business, purpose=Purpose.KATALOG_PUBLIK)
    assert get(product_url(product)).status_code == 404
    assert get(reverse("storefront:business", kwargs={"pk": sampang_business.pk})).status_code == 404
    assert "Keripik Tempe Sagu" not in get(reverse("storefront:search") + "?q=keripik").content.decode()
    assert f"/etalase/produk/{product.pk}/" not in _sitemap_text()


def _sitemap_text() -> str:
    index = get(reverse("storefront:sitemap")).content.decode()
    files = re.findall(r"<loc>http://testserver([^<]+)</loc>", index)
    return "".join(get(path).content.decode() for path in files)


def test_public_pages_show_nothing_personal(public_product: Product) -> None:
    business_url = reverse("storefront:business", kwargs={"pk": public_product.business_id})
    pages = [reverse("storefront:home"), product_url(public_product), business_url]
    masked = public_product.business.owner_nik_masked
    for url in pages:
        html = get(url).content.decode()
        for secret in (NIK, masked, OWNER, PHONE, "siti", "@contoh"):
            assert secret.lower() not in html.lower(), f"{secret} on {url}"


def test_the_phone_shows_only_when_the_owner_chose_it(public_product: Product) -> None:
    PublicProfile.objects.create(business=public_product.business, show_phone=True, story="Sejak 1998.")
    from lapak.storefront.services import catalogue_bump

    catalogue_bump()
    html = get(product_url(public_product)).content.decode()
    assert f'href="tel:{PHONE}"' in html
    assert "Sejak 1998." in html
    assert NIK not in html and OWNER not in html


def test_json_ld_describes_a_product_with_offers(public_product: Product) -> None:
    marketplace_listing(public_product, "shopee", SHOPEE)
    add_photo(public_product)
    html = get(product_url(public_product)).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    assert data["@type"] == "Product"
    assert data["name"] == "Keripik Tempe Sagu"
    offers = data["offers"]
    assert (offers["@type"], offers["lowPrice"], offers["priceCurrency"]) == ("AggregateOffer", 15000, "IDR")
    assert [(o["url"], o["seller"]["name"]) for o in offers["offers"]] == [(SHOPEE, "Shopee")]
    assert data["image"][0].startswith("http://testserver/etalase/foto/")


def test_json_ld_cannot_break_out_of_its_script(public_product: Product) -> None:
    public_product.description = "</script><script>alert(1)</script>"
    public_product.save()
    html = get(product_url(public_product)).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "alert" in block and "<" not in block
    assert json.loads(block)["description"] == "alert(1)"  # tags stripped, text kept


def test_open_graph_tags_let_whatsapp_show_a_preview(public_product: Product) -> None:
    photo = add_photo(public_product)
    html = get(product_url(public_product)).content.decode()
    url = f"http://testserver{product_url(public_product)}"
    assert '<meta property="og:title" content="Keripik Tempe Sagu">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:image" content="http://testserver/etalase/foto/{photo.pk}/kecil/">' in html
    assert '<meta property="og:type" content="product">' in html
    assert f'<link rel="canonical" href="{url}">' in html


def test_pages_carry_validators_and_answer_304(public_product: Product) -> None:
    url = product_url(public_product)
    first = get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert re.fullmatch(r'"\d+\.\d+-id"', etag)
    assert first["Cache-Control"] == "public, no-cache"
    again = get(url, if_none_match=etag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert get(url, if_modified_since=last_modified).status_code == 304
    assert get(url, if_modified_since=http_date(0)).status_code == 200
    assert get(url, if_none_match=etag.replace("-id", "-en")).status_code == 200


def test_a_change_makes_old_validators_stale(public_product: Product) -> None:
    url = product_url(public_product)
    etag = get(url)["ETag"]
    public_product.name = "Keripik Tempe Sagu Pedas"
    public_product.save()
    response = get(url, if_none_match=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Keripik Tempe Sagu Pedas" in response.content.decode()


def test_a_cached_page_costs_one_query(public_product: Product, django_assert_num_queries: Any) -> None:
    url = product_url(public_product)
    get(url)
    with django_assert_num_queries(1):  # the catalogue version
        response = get(url)
    assert "Keripik Tempe Sagu" in response.content.decode()
    with django_assert_num_queries(1):
        assert get(url, if_none_match=response["ETag"]).status_code == 304


def test_the_sitemap_lists_exactly_the_public_products(
    public_product: Product, sampang_business: Business, make_business: Any
) -> None:
    second = make_product(sampang_business, "Rengginang Lorjuk")
    make_product(make_business("35.78", name="Kue Lapis", owner_nik="3578015001900002"), "Kue Lapis")
    text = _sitemap_text()
    products = set(re.findall(r"/etalase/produk/(\d+)/", text))
    assert products == {str(public_product.pk), str(second.pk)}
    assert re.findall(r"/etalase/usaha/(\d+)/", text) == [str(sampang_business.pk)]
    response = get(reverse("storefront:sitemap"))
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content.decode().count("<sitemap>") == 2  # pages and businesses, products 1-50.000


def test_photos_of_public_products_are_served_with_validators(public_product: Product) -> None:
    photo = add_photo(public_product)
    url = reverse("storefront:thumbnail", kwargs={"pk": photo.pk})
    response = get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xff\xd8") and len(body) == photo.thumbnail.size
    assert get(url, if_none_match=response["ETag"]).status_code == 304
    Consent.objects.filter(business=public_product.business).delete()  # no consent any more
    from lapak.storefront.services import catalogue_bump

    catalogue_bump()
    assert get(url).status_code == 404
    assert get(url, if_none_match=response["ETag"]).status_code == 404


def test_photos_of_other_products_are_404(sampang_business: Business, rubrics: None) -> None:
    photo = add_photo(make_product(sampang_business, curated=False))
    assert get(reverse("storefront:photo", kwargs={"pk": photo.pk})).status_code == 404


def test_images_are_responsive_and_lazy(public_product: Product) -> None:
    photo = add_photo(public_product)
    html = get(reverse("storefront:home")).content.decode()
    thumb, full = f"/etalase/foto/{photo.pk}/kecil/", f"/etalase/foto/{photo.pk}/"
    assert f'srcset="{thumb} 400w, {full} {photo.width}w"' in html
    assert 'loading="lazy"' in html


def test_search_reports_a_bad_filter_and_ignores_it(public_product: Product) -> None:
    html = get(reverse("storefront:search") + "?q=kripik&harga_min=50000&harga_max=100").content.decode()
    assert "Harga sampai harus lebih besar dari harga dari." in html
    assert "Keripik Tempe Sagu" not in html  # harga_min still applies, harga_max is dropped
    html = get(reverse("storefront:search") + "?q=kripik&harga_min=abc").content.decode()
    assert "Keripik Tempe Sagu" in html


def test_the_language_link_sets_the_cookie_and_changes_the_etag(public_product: Product) -> None:
    client = Client()
    etag = client.get(product_url(public_product))["ETag"]
    response = client.get(
        reverse("storefront:language", kwargs={"code": "en"}) + "?next=https://jahat.example/"
    )
    assert response["Location"] == reverse("storefront:home")
    assert client.get(product_url(public_product))["ETag"] == etag.replace("-id", "-en")


def test_the_owner_edits_the_public_profile(public_product: Product, users: dict) -> None:
    client = Client()
    client.login(username="pemilik", password=PASSWORD)
    url = reverse("storefront:profile", kwargs={"pk": public_product.business_id})
    data = {"story": "Keripik dari dapur kami.", "region_precision": "kecamatan", "show_phone": "on"}
    assert client.post(url, data).status_code == 302
    html = get(product_url(public_product)).content.decode()
    assert "Keripik dari dapur kami." in html and PHONE in html


def test_staff_may_read_but_not_change_the_public_profile(public_product: Product, users: dict) -> None:
    client = Client()
    client.login(username="operator", password=PASSWORD)
    url = reverse("storefront:profile", kwargs={"pk": public_product.business_id})
    assert client.get(url).status_code == 200
    assert client.post(url, {"story": "x", "region_precision": "alamat"}).status_code == 403
    assert not PublicProfile.objects.exists()


def test_withdrawing_consent_on_the_owner_page_unpublishes_at_once(
    public_product: Product, users: dict
) -> None:
    url = product_url(public_product)
    etag = get(url)["ETag"]
    client = Client()
    client.login(username="pemilik", password=PASSWORD)
    page = reverse("privacy:business", kwargs={"pk": public_product.business_id})
    answer = {"purpose": Purpose.KATALOG_PUBLIK, "answer": "withdraw", "reason": "tutup"}
    assert client.post(page, answer).status_code == 302
    assert get(url).status_code == 404
    assert get(url, if_none_match=etag).status_code == 404
    assert "Keripik Tempe Sagu" not in get(reverse("storefront:search") + "?q=keripik").content.decode()
    consent_row = Consent.objects.get(business=public_product.business)
    assert consent_row.withdrawn_by == users["pemilik"] and consent_row.withdrawal_reason == "tutup"
    entry = LogEntry.objects.get_for_object(consent_row).filter(action=LogEntry.Action.UPDATE).get()
    assert "withdrawn_at" in entry.changes_dict
    assert entry.actor == users["pemilik"]


def test_tracking_parameters_share_the_cached_page(
    public_product: Product, django_assert_num_queries: Any
) -> None:
    url = product_url(public_product)
    get(url)
    with django_assert_num_queries(1):
        assert get(f"{url}?fbclid=abc").status_code == 200
    html = get(reverse("storefront:search") + "?utm_source=wa&q=keripik").content.decode()
    assert "utm_source" not in html and "next=/etalase/cari/%3Fq%3Dkeripik" in html
