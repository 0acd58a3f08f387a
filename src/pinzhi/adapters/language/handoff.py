"""When the bot hands a conversation to a human agent (issue 6 part 4; S1 9.7.2, S3 6.7.3).

`should_hand_off` is a pure decision on the consumer's latest message, the consumer's earlier
turns, the detected intent and the model's confidence. It hands off:

- always on an explicit request for a person (S1 9.7.2: the consumer can reach a human at once);
- when the bot is not confident of the intent;
- when the consumer complains or is angry (insults, anger words, runs of ！！ or ？？？);
- when the consumer repeats a need the bot has not settled;
- when the consumer is elderly (S1 9.4.3 priority access), flagged by the caller;
- when the matter needs human judgement: disputes, compensation, quality disputes, complaints to
  regulators (投诉, 12315, 315).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pinzhi.adapters.language.jddc import is_acknowledgement
from pinzhi.adapters.language.text_forms import halfwidth

DEFAULT_CONFIDENCE_THRESHOLD = 0.3
_RECENT_TURNS = 2

HUMAN_REQUESTED = "human_requested"
LOW_CONFIDENCE = "low_confidence"
COMPLAINT = "complaint"
ANGRY = "angry"
REPEATED = "repeated"
ELDERLY = "elderly"
NEEDS_JUDGEMENT = "needs_judgement"

_HUMAN = re.compile(
    r"转人工|人工客服|人工服务|人工坐席|找人工|要人工|接人工|^人工$|真人|活人|换个?客服|"
    r"你是(?:不是)?机器人|机器人吧|找你们?(?:领导|主管|经理)|客服电话"
)
_ANGER = re.compile(
    r"垃圾|骗子|骗人|欺骗|坑人|坑爹|太坑|黑店|气死|什么破|破玩意|恶心|滚|他妈|妈的|tmd|sb|傻[逼b]|"
    r"脑残|有病|废物|混蛋|无语|太差|差劲|忽悠|恶劣|受不了|搞什么|什么鬼|别说没用的|别废话|"
    r"什么态度|态度.{0,3}差|不负责|耍我|玩我|差评|不想再|再也不|火大|愤怒|崩溃|太过分|过分了|"
    r"怎么回事啊|到底.{0,6}(?:怎么|什么|还要|啥)|凭什么|浪费我|欺负|算(?:啥|什么)事|找你们干[嘛吗]|"
    r"干什么吃的|怎么又|都说好了|打压",
    re.IGNORECASE,
)
_PUNCTUATION_ANGER = re.compile(r"[!！]{2,}|[?？]{3,}")
_JUDGEMENT = re.compile(
    r"纠纷|争议|赔偿|赔付|索赔|补偿|投诉|12315|(?<!\d)315(?!\d)|消协|消费者协会|工商|市场监管|"
    r"鉴定|假货|假冒|律师|起诉|法院|报警|维权|退一赔|假一赔|双倍|三倍|质量问题.{0,8}(?:不认|不承认|不给)|"
    r"专员介入|纠纷单|仲裁"
)
_REPEAT_WORDS = re.compile(
    r"说过了|说了多少遍|说了好几遍|我都说了|我已经说了|又问|重复|第[二三四五2-5]次|好几次|"
    r"每次都|每一次都|问了.{0,4}[遍次]|还是没(?:有)?(?:解决|人|回复|处理)|一直没人|"
    r"说了?[两三四五几好多]+遍|一直没有?(?:处理|解决|回复|联系)|没人联系|就是不处理"
)


def _bigrams(text: str) -> set[str]:
    bare = re.sub(r"\W+", "", text)
    return {bare[i : i + 2] for i in range(len(bare) - 1)}


def repeats_itself(latest: str, earlier: Sequence[str]) -> bool:
    """True when the latest message restates an earlier consumer turn or says it is repeating."""
    if _REPEAT_WORDS.search(latest):
        return True
    if is_acknowledgement(latest):
        return False
    mine = _bigrams(latest)
    if len(mine) < 3:
        return False
    for turn in earlier:
        theirs = _bigrams(turn)
        if theirs and len(mine & theirs) / len(mine | theirs) >= 0.7:
            return True
    return False


def should_hand_off(
    latest: str,
    *,
    intent: str,
    confidence: float,
    earlier: Sequence[str] = (),
    elderly: bool = False,
    threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
) -> tuple[bool, tuple[str, ...]]:
    """Whether to hand the conversation to a person, and every reason that applies.

    `earlier` are the consumer's own earlier turns, oldest first; the checks for a request for a
    person, anger, repetition and judgement also look at the last two of them, since what the
    consumer said a moment ago still stands.
    """
    text = halfwidth(latest)
    recent = [halfwidth(t) for t in earlier[-_RECENT_TURNS:]]
    mood_texts = [text, *recent]
    reasons: list[str] = []
    if intent == "human_agent" or any(_HUMAN.search(t) for t in mood_texts):
        reasons.append(HUMAN_REQUESTED)
    if confidence < threshold:
        reasons.append(LOW_CONFIDENCE)
    if intent == "complaint":
        reasons.append(COMPLAINT)
    if any(_ANGER.search(t) or _PUNCTUATION_ANGER.search(t) for t in mood_texts):
        reasons.append(ANGRY)
    if repeats_itself(text, [halfwidth(t) for t in earlier]) or any(
        _REPEAT_WORDS.search(t) for t in recent
    ):
        reasons.append(REPEATED)
    if elderly:
        reasons.append(ELDERLY)
    if any(_JUDGEMENT.search(t) for t in mood_texts):
        reasons.append(NEEDS_JUDGEMENT)
    return bool(reasons), tuple(reasons)
