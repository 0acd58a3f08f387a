"""The hand-off decision: explicit requests, doubt, anger, repetition, age, judgement."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from pinzhi.adapters.language.handoff import (
    ANGRY,
    COMPLAINT,
    ELDERLY,
    HUMAN_REQUESTED,
    LOW_CONFIDENCE,
    NEEDS_JUDGEMENT,
    REPEATED,
    should_hand_off,
)


def decide(
    latest: str,
    intent: str = "logistics_query",
    confidence: float = 0.9,
    *,
    earlier: Sequence[str] = (),
    elderly: bool = False,
) -> tuple[bool, tuple[str, ...]]:
    return should_hand_off(
        latest, intent=intent, confidence=confidence, earlier=earlier, elderly=elderly
    )


def test_a_plain_confident_question_stays_with_the_bot() -> None:
    assert decide("我的快递到哪了") == (False, ())


def test_an_explicit_request_for_a_person_always_hands_off() -> None:
    assert decide("转人工")[1] == (HUMAN_REQUESTED,)
    assert HUMAN_REQUESTED in decide("你好", intent="human_agent")[1]


def test_low_confidence_hands_off() -> None:
    assert decide("嗯那个", confidence=0.2) == (True, (LOW_CONFIDENCE,))


def test_complaints_and_anger_hand_off() -> None:
    assert COMPLAINT in decide("我要投诉", intent="complaint")[1]
    assert ANGRY in decide("什么破快递")[1]
    assert ANGRY in decide("到底什么时候到？？？")[1]
    assert ANGRY in decide("快点！！")[1]
    assert ANGRY in decide("好的", earlier=["你们就是骗子"])[1]


def test_repetition_hands_off() -> None:
    earlier = ["我的快递什么时候到", "亲亲稍等"]
    assert REPEATED in decide("我的快递什么时候到啊", earlier=earlier)[1]
    assert REPEATED in decide("我都说了三遍了")[1]
    assert REPEATED not in decide("好的", earlier=["好的"])[1]


def test_a_request_for_a_person_a_moment_ago_still_stands() -> None:
    # the consumer asked for a person, then went on with the matter itself
    assert HUMAN_REQUESTED in decide("我还能退货吗", earlier=["人工服务"])[1]
    assert HUMAN_REQUESTED not in decide("我还能退货吗", earlier=["我买了个手机"])[1]


def test_saying_it_again_or_waiting_in_vain_counts_as_repetition() -> None:
    assert REPEATED in decide("同一个问题说三遍了")[1]
    assert REPEATED in decide("可一直没有处理")[1]
    assert REPEATED in decide("为什么会这样", earlier=["每一次都是这样说的"])[1]
    assert REPEATED not in decide("为什么会这样", earlier=["我买的是红色的"])[1]


def test_more_ways_of_being_angry() -> None:
    for text in ("这不是欺负老百姓嘛", "付款了不发货这算啥事", "我自己能取消还找你们干嘛"):
        assert ANGRY in decide(text)[1], text


def test_elderly_consumers_get_a_person() -> None:
    assert decide("我的快递到哪了", elderly=True) == (True, (ELDERLY,))


def test_matters_of_judgement_hand_off() -> None:
    for text in ("这个要赔偿我", "我去12315", "质量问题有争议", "315晚会见", "我申请专员介入了"):
        assert NEEDS_JUDGEMENT in decide(text)[1], text
    assert NEEDS_JUDGEMENT not in decide("订单金额3158元")[1]


@given(st.text(max_size=40), st.floats(min_value=0, max_value=1), st.booleans())
def test_the_decision_is_yes_exactly_when_there_is_a_reason(
    text: str, confidence: float, elderly: bool
) -> None:
    handed, reasons = decide(text, confidence=confidence, elderly=elderly)
    assert handed == bool(reasons)
    assert len(set(reasons)) == len(reasons)
    if elderly:
        assert handed


@given(st.text(max_size=40))
def test_the_decision_is_pure(text: str) -> None:
    assert decide(text, earlier=[text]) == decide(text, earlier=[text])
