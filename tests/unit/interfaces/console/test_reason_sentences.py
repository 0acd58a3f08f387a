"""The rules' explanations read in Chinese, and unknown ones are never hidden."""

from __future__ import annotations

from pinzhi.domain.aftersales import returns
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.interfaces.console.reasons import localise


def test_a_known_sentence_is_translated_with_its_numbers() -> None:
    assert localise("the 15-day no-reason window has passed", "zh-CN") == "已超过 15 天无理由退货期"


def test_every_sentence_of_the_refund_before_shipment_rule_is_translated() -> None:
    entitled = returns.refund_before_shipment()

    assert entitled.choices == {CaseKind.REFUND_BEFORE_SHIPMENT}
    assert [localise(r.text, "zh-CN") for r in entitled.reasons] == [
        "尚未发货：系统自动同意并立即退款"
    ]


def test_english_and_unknown_sentences_are_shown_as_written() -> None:
    assert localise("within 7 days of receipt: return without a reason", "en").startswith("within")
    assert localise("a rule nobody translated yet", "zh-CN") == "a rule nobody translated yet"
