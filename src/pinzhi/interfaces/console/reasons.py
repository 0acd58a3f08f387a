"""The rules' explanations in the reader's language.

Pure rules explain themselves in English (`Reason.text`, with the clause beside it); the console
shows those sentences in Chinese by matching them here. A sentence without a match is shown as
written, so a new rule is never hidden — it only waits for its translation.
"""

from __future__ import annotations

import re

_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(f"^{pattern}$"), chinese)
    for pattern, chinese in (
        (r"within (\d+) days of receipt: return without a reason", r"签收后 \1 天内，可无理由退货"),
        (r"the (\d+)-day no-reason window has passed", r"已超过 \1 天无理由退货期"),
        (r"category '([^']*)' is exempt from no-reason return", r"“\1”类商品依法不适用无理由退货"),
        (
            r"the no-reason window starts when the goods are received",
            "无理由退货期自签收之日起计算",
        ),
        (r"the merchant's no-returns label does not apply", "商家“不退不换”的标注对本商品无效"),
        (r"premium goods: free door pickup and quick review", "品质商品：免费上门取件、快速审核"),
        (r"premium goods: the platform advances the refund", "品质商品：平台先行垫付退款"),
        (r"premium goods: priority handling, exchange offered", "品质商品：优先处理，可选换货"),
        (r"amount above the fast-refund cap", "金额超过极速退款上限"),
        (r"credit band below the fast-refund threshold", "信用等级未达到极速退款条件"),
        (
            r"good credit: the platform advances the refund",
            "信用良好：平台先行垫付退款（极速退款）",
        ),
        (r"the merchant does not offer fast refund", "该店铺未开通极速退款"),
        (
            r"not yet shipped: refund approved automatically and at once",
            "尚未发货：系统自动同意并立即退款",
        ),
        (r"a repair ran over its time limit: free exchange", "维修超过规定时限：可免费换货"),
        (
            r"fault within 15 days of receipt: exchange or repair",
            "签收后 15 天内出现性能故障：可换货或维修",
        ),
        (
            r"fault within 7 days of receipt: return, exchange or repair",
            "签收后 7 天内出现性能故障：可退货、换货或维修",
        ),
        (r"fault within the warranty: free repair", "三包有效期内出现故障：免费维修"),
        (r"outside the 三包 warranty", "已超出三包有效期"),
        (
            r"two repairs failed: free exchange, or return",
            "两次维修仍不能正常使用：可免费换货或退货",
        ),
    )
)


def localise(text: str, lang: str) -> str:
    """`text` in `lang` when a translation is known, else as written."""
    if lang != "zh-CN":
        return text
    for pattern, chinese in _ZH:
        if pattern.match(text):
            return pattern.sub(chinese, text)
    return text
