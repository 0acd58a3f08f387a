"""Character-level normal forms shared by the intent, fact and screening code.

Consumers and merchants type full-width digits and letters (１３８, ＶＸ), the JDDC data masks
private values as `[ORDERID_123]`, `[数字x]`, `[金额x]`; the models and patterns see one stable
form: half-width, lower-case Latin letters, each mask folded to a single placeholder character.
"""

from __future__ import annotations

import re

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space

MASK_CHARS: dict[str, str] = {
    "ORDERID": "♠",
    "USERID": "♣",
    "数字": "♯",
    "金额": "¤",
    "日期": "☼",
    "时间": "⌚",
    "电话": "☎",
    "姓名": "☺",
    "地址": "⌂",
    "链接": "⚓",
    "站点": "⚑",
    "组织机构": "♜",
    "邮箱": "✉",
}
_MASK = re.compile(
    r"\[(ORDERID|USERID)_\d+\]|\[(数字|金额|日期|时间|电话|姓名|地址|链接|站点|组织机构|邮箱)x\]"
)
_EMOTICON = re.compile(r"#E-[a-z]\w*(?:\[数字x\])?")
_HTML_SPACE = re.compile(r"&nbsp;|&gt;|&lt;|&amp;")


def halfwidth(text: str) -> str:
    """Full-width ASCII forms and the ideographic space turned into their half-width forms."""
    return text.translate(_FULLWIDTH)


def fold_masks(text: str) -> str:
    """Replace each JDDC mask with its placeholder symbol (see `MASK_CHARS`; none has a case)."""

    def repl(match: re.Match[str]) -> str:
        return MASK_CHARS[match.group(1) or match.group(2)]

    return _MASK.sub(repl, text)


def model_form(text: str) -> str:
    """The form the intent model reads: half-width, lower case, masks folded, emoticon codes
    and HTML entities dropped, whitespace collapsed, long digit runs folded to one digit mark."""
    text = _HTML_SPACE.sub(" ", halfwidth(text))
    text = fold_masks(_EMOTICON.sub("", text)).lower()
    text = re.sub(r"\d{5,}", MASK_CHARS["ORDERID"], text)
    text = re.sub(r"\d+", MASK_CHARS["数字"], text)
    return " ".join(text.split())
