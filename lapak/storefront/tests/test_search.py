"""Search in Bahasa Indonesia: stemming, synonyms, typos, prefixes, filters, and the index following
every change. The same tests run on SQLite (FTS5) and PostgreSQL (GIN over to_tsvector)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lapak.catalog.models import Product, ProductCertification
from lapak.conftest import SAMPANG, SURABAYA
from lapak.privacy.models import Purpose
from lapak.privacy.services import consent_withdraw
from lapak.registry.models import Business, DocumentKind, LegalityDocument, VerificationStatus
from lapak.storefront import search
from lapak.storefront.models import PublicProfile, SearchDocument, SearchTerm
from lapak.storefront.selectors import CatalogueFilters, catalogue_search
from lapak.storefront.services import search_rebuild

pytestmark = pytest.mark.django_db


def found(q: str = "", **filters: object) -> list[str]:
    result = catalogue_search(CatalogueFilters(q=q, **filters))  # type: ignore[arg-type]
    return [card.name for card in result.cards]


def test_it_stems_indonesian_words() -> None:
    assert search.index_terms("Kerajinan Anyaman Pandan") == ["rajin", "anyam", "pandan"]
    assert search.index_terms("pengrajin menganyam") == ["rajin", "anyam"]


def test_it_applies_synonyms_to_words_and_phrases(db: None) -> None:
    assert search.index_terms("kripik tempe") == search.index_terms("keripik tempe") == ["keripik", "tempe"]
    assert search.index_terms("krupuk udang") == ["kerupuk", "udang"]
    assert search.index_terms("Batik tulis tangan Madura") == ["batik", "tulis", "madura"]
    assert search.index_terms("oleh-oleh khas") == ["oleholeh", "khas"]


def test_edit_distance_counts_letters_and_transpositions() -> None:
    assert search.edit_distance("batk", "batik", 2) == 1
    assert search.edit_distance("tempee", "tempe", 2) == 1
    assert search.edit_distance("tmepe", "tempe", 2) == 1  # swapped letters
    assert search.edit_distance("krpik", "keripik", 2) == 2
    assert search.edit_distance("kopi", "sapi", 1) == 2  # further than allowed: limit + 1


def test_deletion_variants_reach_two_letters() -> None:
    assert search.deletion_variants("batik", depth=1) == {"batik", "atik", "btik", "baik", "batk", "bati"}
    # tempe; empe tmpe tepe teme temp; mpe epe eme emp tpe tme tmp tee tep tem (no duplicates here)
    assert len(search.deletion_variants("tempe")) == 1 + 5 + 10


@pytest.fixture
def shelf(make_public: Callable[..., Product], sampang_business: Business, make_business: Callable) -> dict:
    """Sampang: Dapur Mak Nah's keripik and Batik Tulis Sekar Jagad's batik; Surabaya: a layer cake."""
    surabaya = make_business(
        SURABAYA, name="Kue Lapis Surabaya", owner_nik="3578015001900002", sector="pangan"
    )
    dapur = make_business(SAMPANG, name="Dapur Mak Nah", owner_nik="3527015203800003", sector="pangan")
    batik = "Batik Tulis Gentongan"
    return {
        "keripik": make_public(dapur, "Keripik Tempe Sagu", price=15_000),
        "batik": make_public(
            sampang_business,
            batik,
            category="fesyen.batik-tulis",
            price=450_000,
            description="Dikerjakan oleh pengrajin batik Tanjung Bumi.",
        ),
        "kue": make_public(surabaya, "Kue Lapis Legit", category="pangan.kue", price=85_000),
    }


def test_it_finds_inflected_forms_by_their_stem(shelf: dict) -> None:
    assert found("kerajinan") == ["Batik Tulis Gentongan"]  # indexed as "pengrajin"


def test_it_finds_a_synonym_spelling(shelf: dict) -> None:
    assert found("kripik") == ["Keripik Tempe Sagu"]


def test_it_corrects_typos(shelf: dict) -> None:
    assert found("kripik tempee") == ["Keripik Tempe Sagu"]
    result = catalogue_search(CatalogueFilters(q="batk"))
    assert [c.name for c in result.cards] == ["Batik Tulis Gentongan"]
    assert [(w.typed, w.terms, w.how) for w in result.words] == [("batk", ("batik",), "typo")]
    assert found("lapsi") == ["Kue Lapis Legit"]  # two letters swapped


def test_it_completes_a_word_being_typed(shelf: dict) -> None:
    assert found("kerip") == ["Keripik Tempe Sagu"]


def test_all_words_must_match_and_unknown_words_are_ignored(shelf: dict) -> None:
    assert found("keripik lapis") == []
    result = catalogue_search(CatalogueFilters(q="keripik qwxzv"))
    assert [c.name for c in result.cards] == ["Keripik Tempe Sagu"]
    assert result.ignored == ["qwxzv"]


def test_it_filters(shelf: dict, sampang_business: Business) -> None:
    everything = ["Batik Tulis Gentongan", "Keripik Tempe Sagu", "Kue Lapis Legit"]
    assert sorted(found()) == everything
    assert sorted(found(kabkota="35.27")) == ["Batik Tulis Gentongan", "Keripik Tempe Sagu"]
    assert sorted(found(category="pangan")) == ["Keripik Tempe Sagu", "Kue Lapis Legit"]
    assert found(category="pangan.kue") == ["Kue Lapis Legit"]
    assert found(sector="kriya") == ["Batik Tulis Gentongan"]
    assert sorted(found(price_min=15_000, price_max=85_000)) == ["Keripik Tempe Sagu", "Kue Lapis Legit"]
    assert found(price_min=100_000) == ["Batik Tulis Gentongan"]
    assert found(q="lapis", kabkota="35.27") == []


def test_it_filters_by_certifications_that_stand(shelf: dict) -> None:
    keripik = shelf["keripik"]
    document = LegalityDocument.objects.create(
        business=keripik.business, kind=DocumentKind.HALAL, number="ID35110000123450324",
        status=VerificationStatus.PENDING,
    )  # fmt: skip
    ProductCertification.objects.create(product=keripik, kind="halal", document=document)
    assert found(certifications=("halal",)) == []  # not verified yet: no public badge
    document.status = VerificationStatus.VERIFIED
    document.save()
    ProductCertification.objects.get(product=keripik).save()  # the product follows its certification
    assert found(certifications=("halal",)) == ["Keripik Tempe Sagu"]
    assert found(certifications=("halal", "bpom")) == []


def test_it_filters_women_owned_only_when_the_owner_shows_it(shelf: dict, sampang_business: Business) -> None:
    assert found(women_owned=True) == []  # Siti Aminah's business, but she has not chosen to show it
    from lapak.storefront.services import profile_save

    profile_save(
        actor=None, business=sampang_business, story="", show_phone=False, region_precision="kabkota",
        show_women_owned=True,
    )  # fmt: skip
    assert found(women_owned=True) == ["Batik Tulis Gentongan"]
    assert PublicProfile.objects.get(business=sampang_business).show_women_owned


def test_it_filters_kopwan_members(shelf: dict, make_business: Callable) -> None:
    kue = shelf["kue"]
    business = kue.business
    business.is_kopwan_member = True
    business.save()
    assert found(kopwan=True) == ["Kue Lapis Legit"]


def test_withdrawn_consent_leaves_the_index_and_the_vocabulary(
    shelf: dict, sampang_business: Business
) -> None:
    assert SearchTerm.objects.get(term="gentong").documents == 1
    consent_withdraw(actor=None, business=sampang_business, purpose=Purpose.KATALOG_PUBLIK)
    assert found("gentongan") == []
    assert found("batk") == []
    assert SearchTerm.objects.get(term="gentong").documents == 0
    assert set(SearchDocument.objects.values_list("name", flat=True)) == {
        "Keripik Tempe Sagu",
        "Kue Lapis Legit",
    }


def test_a_rebuild_gives_the_same_index(shelf: dict) -> None:
    before = sorted(SearchDocument.objects.values_list("product_id", "text", "rank"))
    counts = dict(SearchTerm.objects.filter(documents__gt=0).values_list("term", "documents"))
    assert search_rebuild() == 3
    assert sorted(SearchDocument.objects.values_list("product_id", "text", "rank")) == before
    assert dict(SearchTerm.objects.values_list("term", "documents")) == counts
    assert found("kripik tempee") == ["Keripik Tempe Sagu"]


def test_a_renamed_product_is_found_by_its_new_name(shelf: dict) -> None:
    keripik = shelf["keripik"]
    keripik.name = "Rengginang Lorjuk"
    keripik.save()
    assert found("rengginang") == ["Rengginang Lorjuk"]
    assert found("tempe") == []


def test_the_count_is_capped_and_pages_are_bounded(shelf: dict) -> None:
    result = catalogue_search(CatalogueFilters(), page=99, page_size=2)
    assert (result.total, result.capped, result.pages, result.page, len(result.cards)) == (3, False, 2, 2, 1)


def test_a_broad_search_walks_the_rank_order_to_the_same_page(
    shelf: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lapak.storefront import selectors

    def pages(**filters: Any) -> list[list[str]]:
        results = [catalogue_search(CatalogueFilters(**filters), page=n, page_size=1) for n in (1, 2, 3)]
        return [[card.name for card in result.cards] for result in results]

    sorted_here = pages(), pages(category="pangan")
    monkeypatch.setattr(selectors, "SORT_CAP", 1)  # more hits than that: the database orders the page
    assert (pages(), pages(category="pangan")) == sorted_here
    assert sorted_here == (
        [["Keripik Tempe Sagu"], ["Batik Tulis Gentongan"], ["Kue Lapis Legit"]],
        [["Keripik Tempe Sagu"], ["Kue Lapis Legit"], ["Kue Lapis Legit"]],  # page 3 of 2: the last
    )


def test_price_bands_cover_a_range() -> None:
    assert search.price_terms(20_000, 80_000) == ("xp1", "xp2", "xp3")
    assert search.price_terms(None, 9_999) == ("xp0",)
    assert search.price_terms(None, None) == ()
    assert search.price_band(10_000) == 1 and search.price_band(7_000_000) == 9
