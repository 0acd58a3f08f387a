"""Reading conversations in the JDDC layout (JD.com customer-service exchanges).

A JDDC line is the conversation so far: customer and agent turns joined by ASCII commas, usually
with a trailing comma, the last turn being the consumer's latest message. Speakers are not marked,
so agent turns are recognised by their service phrasing (亲, 小妹, 为您, emoticon codes `#E-s…`).
Private data is masked: `[ORDERID_123]`, `[数字x]`, `[金额x]`, `[日期x]`, `[姓名x]`, `[链接x]` …
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AGENT = re.compile(
    r"#E-s|亲爱的|亲亲|^亲|小妹|妹子|为您|帮您|给您|请您|您的|请问您|还请您|麻烦您|稍等|"
    r"有什么问题我可以|核实|抱歉|理解哦|呢~|哦~|哈~"
)
_ORDER_HEADER = re.compile(r"^咨询订单号[:：]")
_ACK_WORDS = (
    "好的",
    "好吧",
    "好滴",
    "好哒",
    "好嘞",
    "好了",
    "好",
    "嗯嗯",
    "嗯",
    "恩",
    "哦哦",
    "哦",
    "噢",
    "喔",
    "ok",
    "okay",
    "行吧",
    "行",
    "可以",
    "知道了",
    "明白了",
    "明白",
    "了解了",
    "了解",
    "懂了",
    "谢谢你",
    "谢谢您",
    "谢谢亲",
    "谢谢",
    "谢了",
    "谢啦",
    "谢",
    "多谢",
    "非常感谢",
    "太感谢你了",
    "感谢",
    "thx",
    "thanks",
    "麻烦你了",
    "麻烦您了",
    "麻烦了",
    "辛苦了",
    "辛苦你了",
    "辛苦您了",
    "辛苦",
    "拜拜",
    "再见",
    "还在吗",
    "还在么",
    "在吗",
    "在么",
    "在不在",
    "在",
    "人呢",
    "有人吗",
    "你好",
    "您好",
    "hi",
    "hello",
    "亲亲",
    "亲",
    "美女",
    "是的",
    "是啊",
    "是",
    "对的",
    "对啊",
    "对",
    "队",
    "yes",
    "没有了",
    "没有",
    "没了",
    "没事了",
    "没事",
    "那就好",
    "那好吧",
    "那好",
    "搞定",
    "收到",
    "稍等",
    "等等",
    "那",
    "哈",
    "啊",
    "呀",
    "吧",
    "的",
    "了",
    "呢",
    "啦",
    "哇",
    "额",
    "呃",
    "那我",
    "我",
)
_ACK = re.compile("(?:" + "|".join(sorted(_ACK_WORDS, key=len, reverse=True)) + ")*", re.IGNORECASE)
_EMOTICON = re.compile(r"#E-[a-z]\w*(?:\[数字x\])?|\[姓名x\]")
_PUNCT = re.compile(r"[\s\W_~～]+")


@dataclass(frozen=True, slots=True)
class Conversation:
    """A conversation split into turns; `latest` is the consumer's latest message."""

    turns: tuple[str, ...]

    @property
    def latest(self) -> str:
        return self.turns[-1] if self.turns else ""

    @property
    def earlier(self) -> tuple[str, ...]:
        return self.turns[:-1]

    def consumer_turns(self) -> tuple[str, ...]:
        """Turns that do not read like the agent's (the latest one is always kept)."""
        kept = [t for t in self.earlier if not looks_like_agent(t)]
        return (*kept, self.latest) if self.turns else ()


def parse(line: str) -> Conversation:
    """Split one JDDC line (or a single message) into turns, dropping empty ones."""
    turns = tuple(t.strip() for t in line.rstrip("\r\n").split(",") if t.strip())
    return Conversation(turns=turns)


def looks_like_agent(turn: str) -> bool:
    """True when a turn reads like the service agent (or is the order header the shop inserts)."""
    return bool(_AGENT.search(turn) or _ORDER_HEADER.search(turn))


def is_acknowledgement(turn: str) -> bool:
    """True for a turn that carries no need of its own: thanks, ok, greetings, 'are you there'."""
    bare = _PUNCT.sub("", _EMOTICON.sub("", turn))
    return _ACK.fullmatch(bare) is not None
