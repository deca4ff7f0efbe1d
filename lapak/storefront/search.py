"""Search in Bahasa Indonesia: the same text pipeline for product text and for queries.

words (lower case, accents dropped) → synonyms (``kripik`` → ``keripik``, phrases first) → Sastrawi
stem (``kerajinan``, ``pengrajin`` → ``rajin``) → synonyms again on the stems. The index stores the
resulting terms per document (``SearchDocument.text``); PostgreSQL matches them through a GIN index on
the generated column ``text_vector`` (``to_tsvector('simple', text)``), SQLite through an FTS5 table over
the same text, so both engines answer the same term queries.

A query word that is no index term is, in this order, completed (``kerip`` → ``keripik``, the most
frequent terms it starts), or corrected to the nearest term within edit distance 1 (4 letters) or 2
(5 or more) using the vocabulary's deletion variants (SymSpell): one indexed lookup, no scan.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from django.db import connection
from django.db.models import F
from django.db.models.functions import Greatest

from .models import SearchTerm, SearchTermVariant, Synonym

WORD = re.compile(r"[0-9a-z]+")
MIN_WORD = 2
MAX_TERM = 60
PREFIX_MIN = 3
PREFIX_TERMS = 8
# Words too common to narrow a search; they are left out of the index and of queries.
STOPWORDS = frozenset(
    [
        "dan",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "dengan",
        "atau",
        "ini",
        "itu",
        "pada",
        "dalam",
        "juga",
        "per",
        "para",
        "the",
        "and",
        "of",
        "for",
    ]
)
# The spellings written in the field for the same thing (phrases allowed); applied to text and queries.
DEFAULT_SYNONYMS: dict[str, str] = {
    "kripik": "keripik",
    "kripic": "keripik",
    "keripick": "keripik",
    "krupuk": "kerupuk",
    "kerupuk kulit": "krecek",
    "sambel": "sambal",
    "tempeh": "tempe",
    "jenang": "dodol",
    "btk": "batik",
    "batik tulis tangan": "batik tulis",
    "batik canting": "batik tulis",
    "bathik": "batik",
    "chips": "keripik",
    "crackers": "kerupuk",
    "coffee": "kopi",
    "honey": "madu",
    "herbal medicine": "jamu",
    "handicraft": "kerajinan",
    "kriya": "kerajinan",
    "oleh oleh": "oleholeh",
    "camilan": "cemilan",
}

CACHE_SECONDS = 60.0


def normalise_words(text: str) -> list[str]:
    """Lower-case words of letters and digits, accents dropped; hyphens and punctuation split words."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return WORD.findall(folded)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi's stem of one word; digits and very short words are kept as they are."""
    if len(word) <= 3 or word.isdigit():
        return word
    return _stemmer().stem(word) or word  # type: ignore[attr-defined]


_synonyms: tuple[float, dict[tuple[str, ...], tuple[str, ...]], int] | None = None


def synonym_map() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """The synonym table as word tuples, and its longest phrase; re-read at most once a minute."""
    global _synonyms
    now = time.monotonic()
    if _synonyms is None or now - _synonyms[0] > CACHE_SECONDS:
        rows = Synonym.objects.values_list("phrase", "canonical")
        mapping = {tuple(normalise_words(p)): tuple(normalise_words(c)) for p, c in rows}
        mapping = {k: v for k, v in mapping.items() if k and v}
        _synonyms = (now, mapping, max((len(k) for k in mapping), default=1))
    return _synonyms[1], _synonyms[2]


def synonyms_forget() -> None:
    """Drop this process's copy of the synonym table (after it changed)."""
    global _synonyms
    _synonyms = None


def apply_synonyms(words: list[str]) -> list[str]:
    """Replace phrases and words by their canonical form, longest phrase first, left to right."""
    mapping, longest = synonym_map()
    if not mapping:
        return words
    result: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            canonical = mapping.get(tuple(words[i : i + size]))
            if canonical is not None:
                result.extend(canonical)
                i += size
                break
        else:
            result.append(words[i])
            i += 1
    return result


def word_terms(words: list[str]) -> list[str]:
    """Index terms of normalised words, in order (duplicates kept): synonyms, stem, synonyms on stems."""
    mapping, _longest = synonym_map()
    terms: list[str] = []
    for word in apply_synonyms(words):
        if word in STOPWORDS or len(word) < MIN_WORD:
            continue
        term = stem(word)
        term = " ".join(mapping.get((term,), (term,)))
        terms.extend(t[:MAX_TERM] for t in term.split() if t not in STOPWORDS)
    return terms


def index_terms(text: str) -> list[str]:
    """The distinct index terms of a text, in first-seen order."""
    return list(dict.fromkeys(word_terms(normalise_words(text))))


# --- Vocabulary: terms with document counts and their deletion variants ------------------------------


def deletion_variants(term: str, depth: int = 2, shortest: int = 3) -> set[str]:
    """The term with up to ``depth`` letters deleted, no shorter than ``shortest`` letters."""
    found = {term}
    for count in range(1, depth + 1):
        if len(term) - count < shortest:
            break
        for positions in combinations(range(len(term)), count):
            found.add("".join(c for i, c in enumerate(term) if i not in positions))
    return found


def vocabulary_add(counts: Mapping[str, int]) -> None:
    """Count ``n`` more documents for each term; new terms get their variants. One update per distinct
    ``n``, so a batch of documents costs a handful of queries, not one per document."""
    terms = {t for t, n in counts.items() if n > 0}
    if not terms:
        return
    existing = set(SearchTerm.objects.filter(term__in=terms).values_list("term", flat=True))
    new = terms - existing
    if new:
        SearchTerm.objects.bulk_create([SearchTerm(term=t) for t in new], ignore_conflicts=True)
        ids = dict(SearchTerm.objects.filter(term__in=new).values_list("term", "pk"))
        SearchTermVariant.objects.bulk_create(
            [SearchTermVariant(variant=v, term_id=ids[t]) for t in new for v in deletion_variants(t)],
            ignore_conflicts=True,
            batch_size=2000,
        )
    for n, group in _by_count(counts).items():
        SearchTerm.objects.filter(term__in=group).update(documents=F("documents") + n)


def vocabulary_remove(counts: Mapping[str, int]) -> None:
    """Count ``n`` documents less for each term, never below zero (terms at zero stay, unused, until the
    next rebuild)."""
    for n, group in _by_count(counts).items():
        SearchTerm.objects.filter(term__in=group).update(documents=Greatest(F("documents") - n, 0))


def _by_count(counts: Mapping[str, int]) -> dict[int, list[str]]:
    groups: dict[int, list[str]] = {}
    for term, n in counts.items():
        if n > 0:
            groups.setdefault(n, []).append(term)
    return groups


# --- Query words: exact, completed or corrected ------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    """One word of the query and the index terms it stands for (any of them may match)."""

    typed: str
    terms: tuple[str, ...]
    how: str  # "exact", "prefix", "typo" or "unknown"


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a transposition counts 1), or ``limit + 1`` when further."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(term: str) -> int:
    if len(term) < 4 or term.isdigit():
        return 0
    return 1 if len(term) == 4 else 2


def correct(term: str) -> str | None:
    """The nearest index term within the allowed edit distance (then the most frequent), or None."""
    limit = allowed_typos(term)
    if not limit:
        return None
    variants = deletion_variants(term, depth=limit, shortest=max(1, len(term) - limit))
    candidates = (
        SearchTermVariant.objects.filter(variant__in=variants, term__documents__gt=0)
        .values_list("term__term", "term__documents")
        .distinct()
    )
    scored = []
    for candidate, documents in candidates:
        distance = edit_distance(term, candidate, limit)
        if distance <= limit:
            scored.append((distance, -documents, candidate))
    return min(scored)[2] if scored else None


def completions(term: str) -> list[str]:
    """The most frequent index terms that start with ``term`` (for a word still being typed)."""
    if len(term) < PREFIX_MIN:
        return []
    rows = SearchTerm.objects.filter(term__startswith=term, documents__gt=0).order_by("-documents", "term")
    return list(rows.values_list("term", flat=True)[:PREFIX_TERMS])


def query_words(text: str, *, max_words: int = 8) -> list[QueryWord]:
    """The query's words with the index terms each one matches."""
    words = [w for w in normalise_words(text) if len(w) >= MIN_WORD][: max_words * 2]
    terms = list(dict.fromkeys(word_terms(words)))[:max_words]
    known = dict(SearchTerm.objects.filter(term__in=terms).values_list("term", "documents"))
    result = []
    for term in terms:
        if known.get(term, 0) > 0:
            result.append(QueryWord(term, (term,), "exact"))
        elif completed := completions(term):
            result.append(QueryWord(term, tuple(completed), "prefix"))
        elif corrected := correct(term):
            result.append(QueryWord(term, (corrected,), "typo"))
        else:
            result.append(QueryWord(term, (), "unknown"))
    return result


# --- The engine's match expression ------------------------------------------------------------------


def facet_terms(
    *, kabkota: str = "", category: str = "", sector: str = "", certifications: tuple[str, ...] = (),
    women_owned: bool = False, kopwan: bool = False, unggulan: bool = False, price: int | None = None,
) -> list[str]:  # fmt: skip
    """Filter values as index terms; the leading "x" and a type letter keep them apart from words."""
    terms = []
    if kabkota:
        terms.append("xk" + _alnum(kabkota))
    if category:
        terms.append(("xc" if "." in category else "xg") + _alnum(category))
    if sector:
        terms.append("xs" + _alnum(sector))
    terms += ["x" + _alnum(name) for name in certifications]
    terms += [term for term, wanted in (("xwo", women_owned), ("xkw", kopwan), ("xung", unggulan)) if wanted]
    if price is not None:
        terms.append(f"xp{price_band(price)}")
    return terms


# Price bands (Rupiah) as index terms "xp0" … "xp9": a price filter becomes a few terms in the full-text
# match, so only products in the band are visited to check the exact price.
PRICE_BANDS = (10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000)


def price_band(price: int) -> int:
    return next((i for i, upper in enumerate(PRICE_BANDS) if price < upper), len(PRICE_BANDS))


def price_terms(low: int | None, high: int | None) -> tuple[str, ...]:
    """The band terms a price range overlaps; () when the range is open on both sides."""
    if low is None and high is None:
        return ()
    first, last = price_band(low or 0), price_band(high) if high is not None else len(PRICE_BANDS)
    return tuple(f"xp{band}" for band in range(first, last + 1))


def _alnum(value: str) -> str:
    return "".join(c for c in value.lower() if c.isascii() and c.isalnum())


def match_sql(groups: list[tuple[str, ...]]) -> tuple[str, list[str]] | None:
    """A boolean SQL condition on ``storefront_searchdocument``: every group matches (any of its
    terms), for this database; None when there is no group."""
    groups = [group for group in groups if group]
    if not groups:
        return None
    if connection.vendor == "postgresql":
        query = " & ".join("(" + " | ".join(group) + ")" for group in groups)
        sql = "storefront_searchdocument.text_vector @@ to_tsquery('simple'::regconfig, %s)"
        return sql, [query]
    query = " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)
    sql = (
        "storefront_searchdocument.product_id IN "
        "(SELECT rowid FROM storefront_search_fts WHERE storefront_search_fts MATCH %s)"
    )
    return sql, [query]
