"""Demand gaps (S1 8): what consumers ask for that no live listing offers.

Consumers name what they want in recognisable frames — 有没有大码的, 有XL的吗, 希望有无糖款,
要是有礼盒装就好了. The frame's content is the wanted thing; it is a gap when it is asked for
often enough and no live listing's title mentions it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = r"[^，。？！、,.?!;；:：\s吗呢吧啊呀]{1,8}?"
_FRAMES = re.compile(
    rf"有没有(?:卖|出)?(?P<a>{_WORD})(?:的|款)?(?:吗|呢|啊|呀|[？?，,。!！]|$)"
    rf"|有(?P<b>{_WORD})(?:的|款)吗"
    rf"|希望(?:能|可以)?(?:有|出)(?P<c>{_WORD})(?:的|款)?(?:[，,。!！]|$)"
    rf"|(?:要是|如果)(?:能)?(?:有|出)(?P<d>{_WORD})(?:的|款)?就(?:更)?好了"
)
_FILLER = (
    "这个", "那个", "别的", "其他", "什么", "货", "现货", "库存", "优惠", "活动", "人", "赠品",
    "发票", "包邮", "运费险", "客服", "售后",
)  # fmt: skip
"""Asked-for words that are not product features (stock, promotions, invoices, service)."""


@dataclass(frozen=True)
class DemandGap:
    phrase: str
    mentions: int


def wanted_phrases(texts: Iterable[str]) -> Counter[str]:
    """How many texts ask for each wanted thing (a text counts once per thing)."""
    found: Counter[str] = Counter()
    for text in texts:
        seen = set()
        for match in _FRAMES.finditer(text or ""):
            phrase = next(g for g in match.groups() if g)
            phrase = phrase.removesuffix("的").removesuffix("款")
            if len(phrase) >= 1 and not any(f in phrase for f in _FILLER):
                seen.add(phrase)
        found.update(seen)
    return found


def demand_gaps(
    asked: Counter[str], titles: Sequence[str], *, min_mentions: int = 3, top: int = 10
) -> list[DemandGap]:
    """Phrases asked for at least `min_mentions` times that no title contains, most asked first."""
    gaps = [
        DemandGap(phrase, count)
        for phrase, count in asked.items()
        if count >= min_mentions and not any(phrase in title for title in titles)
    ]
    gaps.sort(key=lambda g: (-g.mentions, g.phrase))
    return gaps[:top]
