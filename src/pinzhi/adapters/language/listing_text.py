"""Listing text for the listings domain: the wording check and search relevance (C15).

The wording check reads the same normal form as merchant-message screening (`screening.
compact_view`: half-width, lower case, lookalikes folded, separators removed), so spaced or
full-width spellings (最 佳, 第-一, １００％) are caught; the rule list itself lives in the domain
(`domain/listings/claims.py`).

Search relevance is character n-gram overlap: the share of the query's character bigrams (single
characters for a one-character query) found in the title, plus a bonus when the whole query
appears as written. No word segmenter is needed, so it is deterministic and starts instantly.
"""

from __future__ import annotations

from pinzhi.adapters.language.screening import compact_view
from pinzhi.domain.listings.claims import ClaimFinding, find_claims

MIN_SHARE = 50
"""Percent of the query's grams a title must contain to match at all."""
WHOLE_QUERY_BONUS = 50


def check_listing_text(text: str) -> list[ClaimFinding]:
    """The banned or misleading wording in one listing title or ad headline."""
    return find_claims(text, compact_view(text))


def _grams(text: str) -> set[str]:
    if len(text) <= 1:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


class TitleRelevance:
    """Scores titles against one query: 0 for no match, else 50–150 (higher is closer).

    `hints` are the query's Chinese characters: a matching title contains at least one of them
    as written (normalising leaves Chinese characters alone), so the store can narrow the rows.
    """

    def __init__(self, query: str) -> None:
        self.wanted = compact_view(query).text
        self.grams = _grams(self.wanted)
        self.hints = tuple(sorted({ch for ch in self.wanted if "\u4e00" <= ch <= "\u9fff"}))

    def __call__(self, title: str) -> int:
        if not self.grams:
            return 0
        seen = compact_view(title).text
        share = 100 * sum(gram in seen for gram in self.grams) // len(self.grams)
        if share < MIN_SHARE:
            return 0
        return share + (WHOLE_QUERY_BONUS if self.wanted in seen else 0)
