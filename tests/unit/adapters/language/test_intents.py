"""Intent model: conversation parsing, features, the shipped model and its held-out accuracy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pinzhi.adapters.language import intent_training, jddc
from pinzhi.adapters.language.intent_rules import INTENTS, weak_label
from pinzhi.adapters.language.intents import (
    RULE_WEIGHT,
    classify,
    featurise,
    load_model,
    shipped_model,
)
from pinzhi.adapters.language.text_forms import model_form
from pinzhi.core.errors import ValidationFailed

# The issue's goal is 0.90 top-1; the shipped model (v3: model mixed with the rules' vote)
# measures 0.705 on the held-out hand-checked rows, where the labels read the consumer's latest
# need in context (see data/README.md and the report printed by `pinzhi train intent`). This
# floor guards against regressions; it is not the goal.
HELD_OUT_FLOOR = 0.69
# hand-off recall on the held-out rows with a hand-off label measures 0.875 (7 of 8 positives)
HANDOFF_RECALL_FLOOR = 0.75


class TestConversations:
    def test_a_jddc_line_splits_into_turns_with_the_consumer_last(self) -> None:
        conversation = jddc.parse("你好,有什么问题我可以帮您处理或解决呢?,我的快递到哪了,\n")
        assert conversation.turns == ("你好", "有什么问题我可以帮您处理或解决呢?", "我的快递到哪了")
        assert conversation.latest == "我的快递到哪了"
        assert conversation.consumer_turns() == ("你好", "我的快递到哪了")

    def test_a_single_message_is_a_one_turn_conversation(self) -> None:
        assert jddc.parse("我要退货").turns == ("我要退货",)
        assert jddc.parse("").latest == ""

    @pytest.mark.parametrize(
        "turn", ["好的，谢谢", "ok，谢谢", "恩，是的", "？？？", "美女 还在吗", "#E-s[数字x]"]
    )
    def test_bare_acknowledgements(self, turn: str) -> None:
        assert jddc.is_acknowledgement(turn)

    @pytest.mark.parametrize("turn", ["[ORDERID_10001]", "好的，什么时候发货", "可以退吗"])
    def test_turns_with_content_are_not_acknowledgements(self, turn: str) -> None:
        assert not jddc.is_acknowledgement(turn)


def test_the_model_form_folds_masks_widths_and_digits() -> None:
    assert model_form("订单[ORDERID_12]金额[金额x] ＶＸ 12 元") == "订单♠金额¤ vx ♯ 元"
    assert model_form("订单号 202611240001") == "订单号 ♠"
    assert model_form("#E-s[数字x]好的") == "好的"


def test_each_feature_namespace_has_unit_length() -> None:
    features = featurise(jddc.parse("我想退货,亲爱的客户，还麻烦您提供下订单号,[ORDERID_1]"))
    for prefix in ("L", "C", "S:"):
        norm = sum(v * v for k, v in features.items() if k.startswith(prefix))
        assert norm == pytest.approx(1.0), prefix
    assert features["T:return_request"] == 1.0


def test_the_shipped_model_knows_exactly_the_intent_set() -> None:
    model = shipped_model()
    assert sorted(model.intents) == sorted(INTENTS)
    assert model.weights.shape == (len(model.index), len(INTENTS))


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("快递到哪里了？三天没动了", "logistics_query"),
        ("下单好几天了怎么还不发货", "shipping_urge"),
        ("我不想要了，帮我把订单取消掉", "order_cancel"),
        ("收货地址写错了，麻烦改一下", "order_modify"),
        ("退款怎么还没到账", "refund_progress"),
        ("鞋子不合脚，我想退货", "return_request"),
        ("帮我开一张公司抬头的发票", "invoice"),
        ("买了两天就降价了，可以保价吗", "price_protection"),
        ("热水器什么时候上门安装", "installation"),
        ("能帮我转人工吗", "human_agent"),
        ("谢谢你，没有别的问题了", "other"),
        ("我要投诉这个商家", "complaint"),
    ],
)
def test_clear_single_messages(message: str, intent: str) -> None:
    assert classify(message).intent == intent


def test_context_carries_the_topic_of_a_bare_order_number() -> None:
    line = (
        "你好,我的退款什么时候到账,亲爱的客户，还麻烦您提供下订单号，妹子这边给您查询哦~,"
        "[ORDERID_10002675]"
    )
    assert classify(line).intent == "refund_progress"


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        # a refund mention while a refund is already under way asks about that refund
        ("我取消了订单,亲，财务审核通过，退款中哦,那我的退款了吗", "refund_progress"),
        (
            "申请了退款,请问您订单支付的银行卡，是普通储蓄卡，还是信用卡呢?,退款是退在哪里",
            "refund_progress",
        ),
        # an exchange turned into a return is a return
        ("我申请的换货，现在可以改成退货吗", "return_request"),
        ("帮我把这个售后服务单取消吧", "return_request"),
        # a turn that only closes or pings the exchange asks for nothing new
        ("我的快递到哪了,亲，明天送达哦,明白了，辛苦你啦", "other"),
        ("帮我查下物流,请您稍等一下，正在为您核实处理中哦~,好了吗", "other"),
        # pressing for speed continues the matter in hand (v3)
        ("下单三天了还没发货,亲，商品预计明天出库哦,帮忙催催", "shipping_urge"),
        ("我的退货怎么还没人来取,亲亲稍等,快点", "aftersales_progress"),
        # arrival questions while a return is under way are about the return (v3)
        ("我申请了退货,亲，已经为您安排上门取件,快递员什么时候来", "aftersales_progress"),
        # a missing part is money back, not a repair (v3)
        ("收到的包裹里少了一个拉手", "refund_request"),
        # changing the delivery time is changing the order (v3)
        ("我想把配送时间改一下,预约送货到周六", "order_modify"),
        ("这个今天能送吗", "logistics_query"),
        # a contentless answer inherits the earlier topic
        (
            "我要退货,亲爱的客户，还麻烦您提供下订单号，妹子这边给您查询哦~,[ORDERID_1]",
            "return_request",
        ),
    ],
)
def test_weak_labels_read_the_context(line: str, intent: str) -> None:
    assert weak_label(jddc.parse(line)) == intent


def test_the_rules_vote_is_mixed_into_a_probability() -> None:
    model = shipped_model()
    conversation = jddc.parse("你好,有什么问题我可以帮您处理或解决呢?,谢谢")
    result = model.predict(conversation)
    assert result.intent == "other"
    assert 0.0 < result.confidence <= 1.0
    # the mixture never reports more confidence than agreement of model and rules allows
    probs = model.scores(conversation)
    expected = (probs[model.intents.index("other")] + RULE_WEIGHT) / (1.0 + RULE_WEIGHT)
    assert result.confidence == pytest.approx(expected)


def test_held_out_accuracy_stays_above_the_floor() -> None:
    rows = intent_training.read_labelled()
    held_out = [row for row in rows if row.held_out]
    assert len(held_out) >= 250
    evaluation = intent_training.evaluate(shipped_model(), rows)
    assert evaluation.accuracy >= HELD_OUT_FLOOR
    by_intent = {report.intent: report for report in evaluation.per_intent}
    for intent in ("price_protection", "invoice", "shipping_urge", "logistics_query", "other"):
        assert by_intent[intent].recall >= 0.6, by_intent[intent]
    assert evaluation.handoff_recall >= HANDOFF_RECALL_FLOOR


def test_the_labelled_file_is_consistent() -> None:
    rows = intent_training.read_labelled()
    checked_jddc = [r for r in rows if r.checked and r.source != "own"]
    assert len(checked_jddc) >= 1000
    assert all(r.handoff is not None for r in rows if r.checked)
    assert {r.intent for r in rows if r.source == "own"} == set(INTENTS)
    assert len({r.source for r in rows if r.source != "own"}) == len(rows) - sum(
        r.source == "own" for r in rows
    )


def test_saving_is_byte_identical_and_round_trips(tmp_path: Path) -> None:
    arrays = intent_training.TrainedArrays(
        vocab=np.array(["L^a", "R:none"], dtype=np.str_),
        weights=np.arange(2 * len(INTENTS), dtype=np.float32).reshape(2, len(INTENTS)),
        bias=np.zeros(len(INTENTS), dtype=np.float32),
        intents=np.array(INTENTS, dtype=np.str_),
    )
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    intent_training.save_model(arrays, first)
    intent_training.save_model(arrays, second)
    assert first.read_bytes() == second.read_bytes()
    model = load_model(first)
    assert model.index == {"L^a": 0, "R:none": 1}
    assert np.array_equal(model.weights, arrays.weights)


def test_a_missing_or_foreign_model_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="not found"):
        load_model(tmp_path / "none.npz")
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, vocab=np.array(["x"]), weights=np.zeros((1, 2), dtype=np.float32),
             bias=np.zeros(2, dtype=np.float32), intents=np.array(["a", "b"]),
             version=np.array("x"))  # fmt: skip
    with pytest.raises(ValidationFailed, match="unexpected intents"):
        load_model(foreign)


def test_a_malformed_labelled_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("# doc\ntext\tintent\thandoff\tsource\tchecked\n你好\tgreeting\t\town\tyes\n")
    with pytest.raises(ValidationFailed, match=r"bad.tsv:3: unknown intent"):
        intent_training.read_labelled(path)


def test_the_header_survives_a_rewrite(tmp_path: Path) -> None:
    rows = [r for r in intent_training.read_labelled() if r.source == "own"][:5]
    path = tmp_path / "copy.tsv"
    intent_training.write_labelled(rows, path, "line one\n\nline three")
    assert intent_training.read_header(path) == "line one\n\nline three"
    assert intent_training.read_labelled(path) == rows


def test_version_3_documents_what_changed_and_keeps_version_2_beside_it() -> None:
    header = intent_training.read_header()
    assert intent_training.LABELLED_PATH.name == "intents.v3.tsv"
    assert "Changelog v3" in header
    older = intent_training.LABELLED_PATH.with_name("intents.v2.tsv")
    v2 = {r.source: r for r in intent_training.read_labelled(older) if r.held_out}
    v3 = {r.source: r for r in intent_training.read_labelled() if r.held_out}
    # the held-out split is the same rows; only the documented corrections differ
    assert v2.keys() == v3.keys()
    changed = {s for s in v3 if v3[s].intent != v2[s].intent}
    assert changed <= {"5378", "6822", "8574"}
