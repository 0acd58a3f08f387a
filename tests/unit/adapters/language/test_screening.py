"""Screening merchants' messages: adversarial spellings are caught, innocent messages pass."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.adapters.language.screening import (
    ABUSE,
    ADDRESS,
    BLOCK,
    BUSINESS_INFO,
    FALSE_CLAIM,
    FLAG,
    OFF_PLATFORM,
    OFF_PLATFORM_MENTION,
    OFF_PLATFORM_PAYMENT,
    PASS,
    PERSONAL_INFO,
    THREAT,
    VULGAR,
    screen,
)

BLOCKED = [
    ("加我微信abc123", OFF_PLATFORM),
    ("加我微 信", OFF_PLATFORM),
    ("微-信：shop888", OFF_PLATFORM),
    ("微信号 abc_2024", OFF_PLATFORM),
    ("麻烦提供您的qq", OFF_PLATFORM),
    ("薇信聊", OFF_PLATFORM),
    ("威信号 shop", OFF_PLATFORM),
    ("有事 ＶＸ：ｈｅｌｌｏ", OFF_PLATFORM),
    ("v信搜一下", OFF_PLATFORM),
    ("Ｑ Ｑ 12345678", OFF_PLATFORM),
    ("扣扣：１２３４５６７", OFF_PLATFORM),
    ("抠抠联系", OFF_PLATFORM),
    ("电话 138 1234 5678", OFF_PLATFORM),
    ("电话①③⑧①②③④⑤⑥⑦⑧", OFF_PLATFORM),
    ("打一三八一二三四五六七八", OFF_PLATFORM),
    ("打１３８１２３４５６７８", OFF_PLATFORM),
    ("我们私聊", OFF_PLATFORM),
    ("线下交易更便宜", OFF_PLATFORM),
    ("去淘宝拍", OFF_PLATFORM),
    ("看这里 www.example.com/shop", OFF_PLATFORM),
    ("https://t.cn/abc", OFF_PLATFORM),
    ("你个傻 逼", ABUSE),
    ("脑.残顾客", ABUSE),
    ("你等着，我知道你住哪", THREAT),
    ("小心我找人收拾你", THREAT),
    ("操你", VULGAR),
    ("tmd 烦不烦", VULGAR),
    ("他的身份证110101199003074514", PERSONAL_INFO),
    ("卡号6222020200112233446", PERSONAL_INFO),
]

FLAGGED = [
    ("全网最低价", FALSE_CLAIM),
    ("销量第一的品牌", FALSE_CLAIM),
    ("国家级认证", FALSE_CLAIM),
    ("100%有效，根治脱发", FALSE_CLAIM),
    ("这是我们的进货价", BUSINESS_INFO),
    ("上一个买家住在北京市朝阳区建国路88号", ADDRESS),
    ("也可以微信支付", OFF_PLATFORM_PAYMENT),
    ("支付宝也行", OFF_PLATFORM_PAYMENT),
    ("这款手环可以显示微信消息", OFF_PLATFORM_MENTION),
]

INNOCENT = [
    "亲，您的订单已经发货了，请注意查收",
    "最近快递比较多，最快明天发货",
    "第一次购买的话可以领新人券",
    "我们会为新客户准备小礼品",
    "商品支持七天无理由退货",
    "请在京东APP里申请售后，我们会尽快处理",
    "链接在这里 https://item.jd.com/100012345.html",
    "运单号JD0012345678，请查收",
    "这款USB接口是3.0的",
    "订单金额128元，已原路退回",
    "尺码偏小，建议拍大一码",
    "感谢您的支持，祝您生活愉快",
    "您可以联系供应商确认一下",
    "建议您最好等审核通过后再下单",
]


@pytest.mark.parametrize(("message", "reason"), BLOCKED)
def test_adversarial_variants_are_blocked(message: str, reason: str) -> None:
    result = screen(message)
    assert result.action == BLOCK, result
    assert reason in result.reasons


@pytest.mark.parametrize(("message", "reason"), FLAGGED)
def test_claims_and_information_are_flagged(message: str, reason: str) -> None:
    result = screen(message)
    assert result.action == FLAG, result
    assert reason in result.reasons


@pytest.mark.parametrize("message", INNOCENT)
def test_innocent_messages_pass(message: str) -> None:
    assert screen(message).action == PASS, screen(message)


def test_spans_point_at_the_original_characters() -> None:
    message = "亲，加我 微 - 信 吧"
    result = screen(message)
    for finding in result.findings:
        assert message[finding.start : finding.end] == finding.text
    assert any(f.text == "微 - 信" for f in result.findings)


def test_the_json_shape() -> None:
    data = screen("加我QQ").as_dict()
    assert set(data) == {"action", "reasons", "spans"}
    assert data["spans"][0].keys() == {"reason", "start", "end", "text"}


_SEPARATORS = st.text(alphabet=" -_.·*|/\u3000~", max_size=3)


@given(
    st.sampled_from(["微信", "薇信", "vx", "扣扣"]), _SEPARATORS, st.sampled_from(["你好", "亲"])
)
def test_separators_between_characters_do_not_hide_a_contact(
    word: str, separator: str, prefix: str
) -> None:
    spaced = separator.join(word)
    assert screen(f"{prefix}，加{spaced}聊").action == BLOCK


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from([" ", "-", "", "　"]))
def test_phone_numbers_in_any_digit_form_are_blocked(phone: str, separator: str) -> None:
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in phone)
    chinese = "".join("零一二三四五六七八九"[int(d)] for d in phone)
    for form in (separator.join(phone), full_width, chinese):
        assert screen(f"联系{form}").action == BLOCK, form
