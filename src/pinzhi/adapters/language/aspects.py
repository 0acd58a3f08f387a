"""What a review says about quality, logistics, service, price and match with the description.

Product grading (S1 7.1.1) reads the share of reviews praising quality (`quality_praise_rate`);
the consumer-voice reports read the polarity per aspect. A review is cut into clauses at
punctuation and at contrast words (但是, 不过 …); a clause naming two aspects is cut again where
the second aspect starts (质量好物流慢 → 质量好 | 物流慢), because Chinese puts the opinion after
its topic. Each clause takes its polarity from a small opinion lexicon in which a negator flips
the word that follows (不好, 不太满意, 没有色差, 一点也不贵); fixed phrases that look negated but
praise (没得说, 没毛病, 不错) are matched whole first. A clause with no opinion word is scored by
the sentiment model, and when that is unsure too it takes the polarity of the whole review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from enum import StrEnum

import numpy as np

from pinzhi.adapters.language.sentiment import SentimentModel, shipped_model


class Aspect(StrEnum):
    QUALITY = "quality"  # 质量
    LOGISTICS = "logistics"  # 物流 / 快递 / 发货
    SERVICE = "service"  # 客服 / 态度
    PRICE = "price"  # 价格 / 性价比
    DESCRIPTION_MATCH = "description_match"  # 与描述相符 / 色差 / 尺码


POSITIVE, NEGATIVE = "positive", "negative"

_TERMS = {
    Aspect.QUALITY: "质量|品质|做工|材质|质感|用料|工艺|正品|假货|次品|瑕疵",
    Aspect.LOGISTICS: "物流|快递|发货|送货|配送|到货|送到|派送|运输|快递员|送货员",
    Aspect.SERVICE: "客服|服务|态度|售后|卖家|商家|店家|掌柜|前台",
    Aspect.PRICE: "价格|价钱|价位|性价比|便宜|划算|实惠|(?<![宝珍可富])贵(?![州宾族阳])|优惠",
    Aspect.DESCRIPTION_MATCH: (
        "描述|相符|不符|色差|尺码|尺寸|实物|图片|照片|偏大|偏小|货不对板|图不符"
    ),
}
# Opinion words, longest first inside each group; aspect-specific words sit with the general ones
# because a clause has already been narrowed to one topic when they are read.
_PRAISE_PHRASES = (
    "没得说|没的说|没话说|没毛病|无可挑剔|没问题|没有问题|不错|不赖|错不了|挑不出|没挑的|杠杠的"
)
_POSITIVE_WORDS = (
    "好极了|很好|精细|精致|精美|细致|结实|耐用|牢固|扎实|满意|喜欢|放心|靠谱|给力|超值|值得|"
    "划算|实惠|便宜|优惠|相符|一致|一样|合适|合身|正品|及时|迅速|神速|快|好|棒|赞|可以|还行|"
    "热情|耐心|周到|贴心|专业|礼貌|新鲜|舒服|漂亮|完美|清晰|干净|值"
)
_NEGATIVE_WORDS = (
    "一般般|一般|太差|很差|差劲|粗糙|劣质|垃圾|烂|次品|假货|瑕疵|破损|坏了|坏|损坏|掉色|起球|"
    "开线|异味|色差|偏大|偏小|不符|失望|后悔|糟糕|恶心|坑|骗|慢|晚|迟|贵|敷衍|冷淡|恶劣|"
    "不耐烦|态度差|差|问题|毛病|麻烦|退货|投诉|无语|郁闷|生气|套路|"
    "有待提高|有待改进|有待加强|有待改善|需要改进|需要提高"
)
# "not as … as": 没有想象中的好, 不像描述的那么好 — a negator a few characters before its word
_NEGATOR_SPANS = r"(?:没有|没|不如|不像)想象中?的?|(?:没有|不如|不像).{0,6}?那么"
_NEGATORS = (
    "不是很|不是太|不怎么|不太|不够|并不|并没有|并没|一点也不|一点都不|毫不|没有|没|不|无|未|别"
)
_DEGREE = "很|太|非常|特别|挺|蛮|比较|相当|有点|有些|十分|超级|超|真的|真|也|都|还|更|最|好"


def _longest_first(alternatives: str) -> str:
    """A regex alternation tries its branches in order: put 快递员 before 快递."""
    return "|".join(sorted(alternatives.split("|"), key=len, reverse=True))


_OPINION = re.compile(
    rf"(?P<praise>{_longest_first(_PRAISE_PHRASES)})"
    rf"|(?P<neg>{_NEGATOR_SPANS}|{_longest_first(_NEGATORS)})?(?:{_DEGREE})*"
    rf"(?:(?P<pos>{_longest_first(_POSITIVE_WORDS)})|(?P<bad>{_longest_first(_NEGATIVE_WORDS)}))"
)
_ASPECT = re.compile(
    "|".join(f"(?P<{a.name}>{_longest_first(terms)})" for a, terms in _TERMS.items())
)
# a wish names a shortcoming: 做工要是再精细点就好了, 便宜点就更好了
_WISH = re.compile(r"就更?(?:好|完美)了")
_BY_GROUP = {aspect.name: aspect for aspect in Aspect}
_CLAUSE_BREAK = re.compile(r"[,.!?;:~，。！？；：、…~\s]+|但是|但|可是|不过|然而|只是")
_UNSURE = (0.35, 0.65)


def clauses(text: str) -> list[str]:
    """The review cut at punctuation and contrast words, then before each further aspect term
    that does not directly follow the previous one (物流快递很快 stays whole)."""
    return [segment for segment, _ in _segments(text)]


def _segments(text: str) -> Iterator[tuple[str, set[Aspect]]]:
    """Every clause with the aspects it names."""
    for clause in _CLAUSE_BREAK.split(text):
        if not clause:
            continue
        start, last_end = 0, -1
        named: set[Aspect] = set()
        for match in _ASPECT.finditer(clause):
            if named and match.start() > last_end:
                yield clause[start : match.start()], named
                start, named = match.start(), set()
            named.add(_BY_GROUP[str(match.lastgroup)])
            last_end = match.end()
        yield clause[start:], named


def lexicon_polarity(clause: str) -> int:
    """+1 praise, -1 complaint, 0 no opinion word: the sum of signed opinion words, each flipped
    by a negator in front of it (不好 −1, 不慢 +1, 没有色差 +1); a wish (…就好了) is a complaint."""
    if _WISH.search(clause):
        return -1
    total = 0
    for match in _OPINION.finditer(clause):
        if match["praise"]:
            total += 1
            continue
        sign = 1 if match["pos"] else -1
        total += -sign if match["neg"] else sign
    return int(np.sign(total))


def aspects_of(
    texts: Sequence[str], *, model: SentimentModel | None = None
) -> list[dict[str, str]]:
    """For each review, the aspects it mentions with their polarity ("positive"/"negative").

    Mentions of one aspect are combined by majority; a tie counts as negative, since a mixed
    verdict on an aspect is a complaint the merchant has to hear. Each distinct text is read
    once: reviews repeat (好评, 质量很好 …), and a day's run reads months of them.
    """
    distinct = list(dict.fromkeys(texts))
    found = dict(zip(distinct, _distinct_aspects(distinct, model or shipped_model()), strict=True))
    return [dict(found[text]) for text in texts]


def _distinct_aspects(texts: Sequence[str], model: SentimentModel) -> list[dict[str, str]]:
    mentions = [_mentions(text) for text in texts]
    undecided = sorted({c for found in mentions for _, c, polarity in found if polarity == 0})
    clause_scores = dict(zip(undecided, model.probabilities(undecided).tolist(), strict=True))
    unsure = [i for i, found in enumerate(mentions) if any(p == 0 for _, _, p in found)]
    review_scores = dict(
        zip(unsure, model.probabilities([texts[i] for i in unsure]).tolist(), strict=True)
    )
    results = []
    for index, found in enumerate(mentions):
        votes: dict[Aspect, int] = {}
        for aspect, clause, polarity in found:
            sign = polarity or _model_sign(clause_scores[clause], review_scores[index])
            votes[aspect] = votes.get(aspect, 0) + sign
        results.append({a.value: POSITIVE if v > 0 else NEGATIVE for a, v in votes.items()})
    return results


def _mentions(text: str) -> list[tuple[Aspect, str, int]]:
    """(aspect, clause, lexicon polarity) for every aspect named in every clause."""
    if not _ASPECT.search(text):
        return []
    found = []
    for clause, named in _segments(text):
        if named:
            polarity = lexicon_polarity(clause)
            found += [(aspect, clause, polarity) for aspect in sorted(named)]
    return found


def _model_sign(clause_score: float, review_score: float) -> int:
    low, high = _UNSURE
    score = review_score if low < clause_score < high else clause_score
    return 1 if score >= 0.5 else -1


def quality_praise_rate(reviews: Sequence[str], *, model: SentimentModel | None = None) -> float:
    """Share of reviews praising quality (质量好, 做工精细, 质量没得说 …; not 质量一般/不好), the
    quality-praise mention rate of product grading (S1 7.1.1). 0.0 for no reviews."""
    if not reviews:
        return 0.0
    return sum(praises_quality(reviews, model=model)) / len(reviews)


def praises_quality(reviews: Sequence[str], *, model: SentimentModel | None = None) -> list[bool]:
    """For each review, whether it praises quality: what `quality_praise_rate` counts, for many
    products' reviews read in one batch."""
    return [a.get(Aspect.QUALITY.value) == POSITIVE for a in aspects_of(reviews, model=model)]
