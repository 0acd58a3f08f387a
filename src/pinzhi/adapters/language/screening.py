"""Screening merchants' messages to consumers (issue 6 part 5; S3 6.7.2–6.7.3).

A merchant may not abuse, threaten or be vulgar to a consumer, lure the consumer off the platform
(other sites and apps, WeChat, QQ, phone numbers, links, "add me", private or offline deals), leak
personal or business information, or make absolute or misleading claims.

Merchants who want to slip past a filter write 微 信, 微-信, ＶＸ, 薇信, 威信, ①③⑧…, 一三八…, so
matching runs on normalised views of the message, each keeping a map back to the original
characters so that every finding names the exact span:

- `compact`: full-width to half-width, lower case, letter lookalikes folded (ν→v, Ⅹ→x), and every
  space, punctuation mark or symbol between characters removed;
- `digits`: the compact view with Chinese numerals, financial numerals and circled digits turned
  into digits, for phone, QQ, ID and card numbers;
- `pinyin`: the syllables (pypinyin) of the compact view, for homophones of 微信 and 扣扣.

Abuse, threats, vulgarity, off-platform lures and leaked identity or card numbers (valid ones:
checksum or Luhn) block the message. Street addresses (a merchant may be giving its own return
address), business information, false claims, a bare mention of an outside payment method
(微信支付, 支付宝: it may describe checkout, it may steer payment off the platform) and a plain
app name with no contact cue nearby (a band that "shows WeChat messages") are flagged for a
person to review; disguised spellings (薇信, vx, 扣扣) and plain names next to 加, 号, 联系 or
an id block. Links to the platform's own domains (jd.com) are allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pypinyin import lazy_pinyin

BLOCK = "block"
FLAG = "flag"
PASS = "pass"

ABUSE = "abuse"
THREAT = "threat"
VULGAR = "vulgar"
OFF_PLATFORM = "off_platform"
OFF_PLATFORM_MENTION = "off_platform_mention"
OFF_PLATFORM_PAYMENT = "off_platform_payment"
PERSONAL_INFO = "personal_info"
ADDRESS = "address"
BUSINESS_INFO = "business_info"
FALSE_CLAIM = "false_claim"

BLOCKING = frozenset({ABUSE, THREAT, VULGAR, OFF_PLATFORM, PERSONAL_INFO})

_LOOKALIKES = str.maketrans(
    {"ν": "v", "ⅴ": "v", "Ⅴ": "v", "ѵ": "v", "ⅹ": "x", "Ⅹ": "x", "χ": "x", "×": "x",
     "ο": "o", "о": "o", "ԛ": "q", "ɋ": "q", "ⓠ": "q", "ⓥ": "v", "ⓧ": "x", "ⓦ": "w"}
)  # fmt: skip
_NUMERALS = str.maketrans(
    {"零": "0", "〇": "0", "o": "0", "一": "1", "壹": "1", "幺": "1", "l": "1", "二": "2",
     "贰": "2", "三": "3", "叁": "3", "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6",
     "陆": "6", "七": "7", "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
     "⓪": "0", "①": "1", "②": "2", "③": "3", "④": "4", "⑤": "5", "⑥": "6", "⑦": "7",
     "⑧": "8", "⑨": "9", "➀": "1", "➁": "2", "➂": "3", "➃": "4", "➄": "5", "➅": "6",
     "➆": "7", "➇": "8", "➈": "9", "❶": "1", "❷": "2", "❸": "3", "❹": "4", "❺": "5",
     "❻": "6", "❼": "7", "❽": "8", "❾": "9", "⑴": "1", "⑵": "2", "⑶": "3", "⑷": "4",
     "⑸": "5", "⑹": "6", "⑺": "7", "⑻": "8", "⑼": "9"}
)  # fmt: skip
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


@dataclass(frozen=True, slots=True)
class View:
    """A normalised form of the message and, per character, its index in the original."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def _keep(ch: str) -> bool:
    return ch.isalnum()


def compact_view(message: str) -> View:
    """Half-width, lower-case, lookalikes folded, separators between characters removed."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(message):
        folded = ch.translate(_FULLWIDTH).lower().translate(_LOOKALIKES)
        for part in folded:
            if _keep(part) or part in "%":
                chars.append(part)
                origin.append(index)
    return View("".join(chars), tuple(origin))


def digits_view(compact: View) -> View:
    """The compact view with Chinese, financial and circled numerals turned into digits."""
    return View(compact.text.translate(_NUMERALS), compact.origin)


@lru_cache(maxsize=8192)
def _syllable(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return lazy_pinyin(ch)[0]
    return ch


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason to act, with the matched span in the original message."""

    reason: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Screening:
    """The decision on one merchant message."""

    action: str
    reasons: tuple[str, ...]
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "reasons": list(self.reasons),
            "spans": [f.as_dict() for f in self.findings],
        }


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_COMPACT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        ABUSE,
        _rx(
            r"傻[逼比b叉x]|(?<![a-z])sb(?![a-z])|脑残|白痴|弱智|蠢货|蠢猪|废物|智障|神经病|有病吧|"
            r"去死|滚蛋|滚犊子|你滚|给我滚|穷鬼|穷逼|垃圾东西|人渣|贱人|不要脸|狗东西|王八蛋|混蛋"
        ),
    ),
    (
        THREAT,
        _rx(
            r"弄死你|杀了你|砍死|打死你|整死你|搞死你|收拾你|废了你|你等着|走着瞧|让你好看|"
            r"知道你住|上门找你|找人.{0,4}(?:收拾|弄|打)|小心(?:你的|点你)|别让我.{0,4}碰到"
        ),
    ),
    (
        VULGAR,
        _rx(
            r"操你|草你|艹你|肏|cnm|nmsl|草泥马|草拟吗|他妈的?|特么|tmd|妈的|尼玛|你妈|"
            r"卧槽|我靠|屌|鸡巴|婊子|fuck|shit|逼样|装逼"
        ),
    ),
    (
        OFF_PLATFORM,
        _rx(
            r"微信|威信|薇信|徽信|維信|v信|微x|(?<![a-z])(?:vx|wx)|weixin|wechat|vchat|加v|"
            r"(?<![a-z])qq|扣扣|企鹅号|q号|加我(?!们)|加一下我|私聊|私信我|私下(?:交易|联系|转账)|线下交易|"
            r"线下(?:付|转|联系)|绕过平台|不走平台|转账给我|扫码(?:付|转)|"
            r"淘宝|天猫|拼多多|闲鱼|抖音|快手|小红书|微店|唯品会|苏宁|网址|二维码"
        ),
    ),
    (OFF_PLATFORM_PAYMENT, _rx(r"(?:微信|支付宝|银行)(?:支付|付款|转账)|支付宝")),
    (
        FALSE_CLAIM,
        _rx(
            r"最(?:好(?=的|用|吃|喝|质量|品牌|产品)|佳|优|强|棒|低价?|便宜|高级|先进|顶级|权威|正宗|安全|有效|专业|新科技)|"
            r"(?:全网|全国|全球|世界|行业|国内|销量|排名)第一|第一品牌|no\.?1|"
            r"国家级|国际级|世界级|极品|独家|(?:100|百分之?百)%?(?:有效|正品|安全|纯)|"
            r"根治|包治|药到病除|无副作用|永不(?:褪色|变形|磨损|过时)|特效|秘方|祖传"
        ),
    ),
    (
        BUSINESS_INFO,
        _rx(
            r"进货价|进价|成本价|拿货价|出厂价|利润|底价|内部价|后台数据|"
            r"其他买家|别的买家|买家信息|客户信息|客户资料"
        ),
    ),
    (
        ADDRESS,
        _rx(
            r"(?:省|市|区|县|镇)[^,，。]{0,12}(?:路|街|巷|村|小区|号楼|栋|单元|室)"
            r"[0-9一二三四五六七八九十]+"
        ),
    ),
)
_LINK = _rx(
    r"(?:https?://|www\.)[^\s，。]+|(?<![\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|top|cc|vip|xyz|me|io)"
    r"(?![a-z])[^\s，。]*"
)
_OWN_DOMAIN = _rx(r"^(?:https?://)?(?:[a-z0-9-]+\.)*(?:jd|360buy)\.com(?:[/?#]|$)")
_PHONE = _rx(r"(?<![a-z\d])1[3-9]\d{9}(?!\d)")
_LANDLINE = _rx(r"(?<![a-z\d])0[1-9]\d{1,2}\d{7,8}(?!\d)")
_QQ_NUMBER = _rx(r"(?:qq|扣扣|q号|企鹅)(?:号|号码|是|:)?(\d{5,11})")
_ID_NUMBER = _rx(r"(?<!\d)\d{17}[0-9x](?!\d)")
_CARD_NUMBER = _rx(r"(?<!\d)\d{16,19}(?!\d)")
_WEI_STOP = frozenset("为位未味围喂委尾谓胃违伪韦慰畏魏卫唯惟伟纬萎危微")
_HOMOPHONES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("wei", "xin"), "微信"),
    (("kou", "kou"), "扣扣"),
)


def _id_checksum_ok(number: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _luhn_ok(number: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _finding(message: str, view: View, reason: str, start: int, end: int) -> Finding:
    first, last = view.span(start, end)
    return Finding(reason, first, last, message[first:last])


_PLAIN_APPS = frozenset({"微信", "qq", "wechat", "weixin"})
_CONTACT_CUE = _rx(
    r"加|号|联系|搜|找我|私|聊|扫|发我|给我|留|提供|添加|关注|群|好友|[a-z0-9_-]{5,}"
)
_CUE_WINDOW = 6


def _app_reason(compact: View, start: int, end: int) -> str:
    """A plain app name with no contact cue nearby ("shows WeChat messages") is only flagged;
    a disguised spelling, or a plain name next to 加/号/联系/an id, is a lure."""
    if compact.text[start:end] not in _PLAIN_APPS:
        return OFF_PLATFORM
    window = (
        compact.text[max(0, start - _CUE_WINDOW) : start] + compact.text[end : end + _CUE_WINDOW]
    )
    return OFF_PLATFORM if _CONTACT_CUE.search(window) else OFF_PLATFORM_MENTION


def _homophone_findings(message: str, compact: View) -> Iterator[Finding]:
    syllables = [_syllable(ch) for ch in compact.text]
    for target, _word in _HOMOPHONES:
        width = len(target)
        for i in range(len(syllables) - width + 1):
            if tuple(syllables[i : i + width]) != target:
                continue
            chars = compact.text[i : i + width]
            if target[0] == "wei" and chars[0] in _WEI_STOP and chars != "微信":
                continue
            yield _finding(message, compact, _app_reason(compact, i, i + width), i, i + width)


def _number_findings(message: str, digits: View) -> Iterator[Finding]:
    text = digits.text
    for match in _ID_NUMBER.finditer(text):
        if _id_checksum_ok(match.group(0)):
            yield _finding(message, digits, PERSONAL_INFO, match.start(), match.end())
    for match in _CARD_NUMBER.finditer(text):
        if _luhn_ok(match.group(0)) and not _ID_NUMBER.fullmatch(match.group(0)):
            yield _finding(message, digits, PERSONAL_INFO, match.start(), match.end())
    for pattern in (_PHONE, _LANDLINE):
        for match in pattern.finditer(text):
            yield _finding(message, digits, OFF_PLATFORM, match.start(), match.end())
    for match in _QQ_NUMBER.finditer(text):
        yield _finding(message, digits, OFF_PLATFORM, match.start(), match.end())


def _pattern_findings(message: str, compact: View) -> Iterator[Finding]:
    for reason, pattern in _COMPACT_RULES:
        for match in pattern.finditer(compact.text):
            if reason == OFF_PLATFORM:
                reason_here = _app_reason(compact, match.start(), match.end())
            else:
                reason_here = reason
            yield _finding(message, compact, reason_here, match.start(), match.end())


def _link_findings(message: str) -> Iterator[Finding]:
    lowered = message.translate(_FULLWIDTH).lower()
    for match in _LINK.finditer(lowered):
        if not _OWN_DOMAIN.match(match.group(0)):
            yield Finding(
                OFF_PLATFORM, match.start(), match.end(), message[match.start() : match.end()]
            )


def screen(message: str) -> Screening:
    """Block, flag or pass one merchant message, with every reason and matched span."""
    compact = compact_view(message)
    digits = digits_view(compact)
    findings: list[Finding] = []
    for finding in (
        *_pattern_findings(message, compact),
        *_homophone_findings(message, compact),
        *_number_findings(message, digits),
        *_link_findings(message),
    ):
        if finding not in findings:
            findings.append(finding)
    payment_spans = {(f.start, f.end) for f in findings if f.reason == OFF_PLATFORM_PAYMENT}
    findings = [
        f
        for f in findings
        if not (
            f.reason in (OFF_PLATFORM, OFF_PLATFORM_MENTION)
            and any(a <= f.start and f.end <= b for a, b in payment_spans)
        )
    ]
    findings.sort(key=lambda f: (f.start, f.end, f.reason))
    reasons = tuple(dict.fromkeys(f.reason for f in findings))
    if any(reason in BLOCKING for reason in reasons):
        action = BLOCK
    elif reasons:
        action = FLAG
    else:
        action = PASS
    return Screening(action=action, reasons=reasons, findings=tuple(findings))
