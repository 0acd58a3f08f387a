"""Wording that advertising and listing text may not use (S2 7.7; 广告法 Art. 9, 16–17, 28).

Absolute terms (最佳, 第一, 顶级, 唯一), official-sounding endorsements (国家级), certainty no
seller can promise (100%, 绝对, 永久) and medical claims (治愈, 根治, 无副作用) are found with
the term, where it stands and why it is a problem.

The rules read a *normal form* of the text, made by the language adapter: half-width, lower case,
lookalike letters folded, and every space or punctuation mark between characters removed, so
"最 佳", "第-一" and "１００％" are read as 最佳, 第一 and 100%. The normal form keeps, per
character, its index in the original, so each finding points at the original characters.

Ordinary words that merely contain a banned character are not findings: 最近, 最后, 最好冷藏
(advice), 最低温度 (a specification), 第一次, 第一时间, "100%纯棉" (a fibre-content label is a
fact, GB/T 29862), 永久牌 (a brand), 绝对值 (a number). English words are not read: the normal
form joins words, so word boundaries are gone; "No.1" is the exception.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pinzhi.domain.listings.models import FindingKind


class NormalForm(Protocol):
    """Text in the compared form and, per character, the index of its source character."""

    @property
    def text(self) -> str: ...

    @property
    def origin(self) -> tuple[int, ...]: ...


@dataclass(frozen=True, slots=True)
class ClaimFinding:
    kind: FindingKind
    term: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class ClaimRule:
    kind: FindingKind
    pattern: re.Pattern[str]
    reason: str


_MATERIALS = (
    r"(?:纯?棉|全棉|纯?羊毛|羊绒|纯?蚕丝|桑蚕丝|真丝|亚麻|涤纶|聚酯|锦纶|牛皮|cotton|wool|silk)"
)
_ORDINAL_NOUNS = r"[次天步个批章节页条件年代季期位届轮课集层排款]|时间|眼|印象|手|阶段|部分"

RULES: tuple[ClaimRule, ...] = (
    ClaimRule(
        FindingKind.ABSOLUTE_CLAIM,
        re.compile(
            r"(?:史上|全网|全国|全球|世界|宇宙)?最(?:佳|好(?=的|用|吃|喝|看|质量|品牌|产品|选择|$)|优|强|棒|低价|便宜|"
            r"高级|高档|先进|顶级|权威|正宗|安全|有效|专业|受欢迎|畅销|热销|流行|时尚|新科技|舒适|耐用|"
            r"实惠|划算|值得)"
        ),
        "a superlative (最…) claims to beat every other product; such absolute terms are banned "
        "in advertising (广告法 Art. 9(3))",
    ),
    ClaimRule(
        FindingKind.ABSOLUTE_CLAIM,
        re.compile(rf"(?:全网|全国|全球|世界|行业|国内|销量|排名|品类)?第一(?!{_ORDINAL_NOUNS})"),
        "a first-place claim (第一) cannot be proven to the consumer; an absolute term "
        "(广告法 Art. 9(3))",
    ),
    ClaimRule(
        FindingKind.ABSOLUTE_CLAIM,
        re.compile(r"(?<![a-z])no1(?![0-9])|顶级|頂級|极品|唯一|独一无二|首选|独家"),
        "an absolute term (顶级, 唯一, 首选, No.1…) ranks the product above all others "
        "(广告法 Art. 9(3))",
    ),
    ClaimRule(
        FindingKind.OFFICIAL_ENDORSEMENT,
        re.compile(r"国家级|國家級|国际级|世界级|全球级|宇宙级|特供|专供|国家(?:认证|推荐)|领导人"),
        "an official-sounding level or endorsement (国家级…) the seller cannot grant itself "
        "(广告法 Art. 9(2)-(3))",
    ),
    ClaimRule(
        FindingKind.GUARANTEE_CLAIM,
        re.compile(
            rf"(?:(?<![0-9])100%|百分之?百)(?!{_MATERIALS})|絕對|绝对(?!值)|永久(?!牌)|"
            r"永不(?:褪色|变形|磨损|过时)"
        ),
        "a certainty (100%, 绝对, 永久) that no seller can promise is misleading "
        "(广告法 Art. 4, 28)",
    ),
    ClaimRule(
        FindingKind.MEDICAL_CLAIM,
        re.compile(
            r"治愈|根治|包治|药到病除|无副作用|無副作用|零副作用|无毒副作用|疗效(?:最|第一|保证)|特效药"
        ),
        "a promise to cure, or of no side effects, is a medical claim ordinary goods may not "
        "make (广告法 Art. 16–17)",
    ),
)


def find_claims(
    original: str, normal: NormalForm, rules: Sequence[ClaimRule] = RULES
) -> list[ClaimFinding]:
    """Every banned term in `original`, read through `normal`, in order of position.

    Where two rules match overlapping text (最佳 inside 全网最佳) the longest match wins.
    """
    spans: list[ClaimFinding] = []
    for rule in rules:
        for match in rule.pattern.finditer(normal.text):
            start = normal.origin[match.start()]
            end = normal.origin[match.end() - 1] + 1
            spans.append(ClaimFinding(rule.kind, original[start:end], start, end, rule.reason))
    spans.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[ClaimFinding] = []
    for finding in spans:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept
