"""Review and complaint wording: tone follows the rating, matter follows the complaint's nature."""

from __future__ import annotations

from pinzhi.adapters.simulate.columns import Pools

POSITIVE_OPENINGS = (
    "质量好", "东西不错，质量好", "质量很好，和描述一致", "非常满意", "物流很快，包装完好",
    "第二次购买了", "性价比很高", "客服态度很好", "比想象中好", "宝贝收到了，很喜欢",
)  # fmt: skip
POSITIVE_ENDINGS = ("会回购的", "推荐购买", "五星好评", "值得入手", "好评", "下次还来")
NEUTRAL = (
    "一般般吧，和价格相符", "还行，物流有点慢", "东西可以，就是包装简陋", "中规中矩",
    "用了几天再来评价", "有点色差，能接受",
)  # fmt: skip
NEGATIVE_OPENINGS = (
    "质量太差了", "和描述严重不符", "用了两天就坏了", "收到就是坏的", "发货太慢了",
    "客服一直不回复", "有异味", "包装破损", "感觉是假货", "尺码严重偏小",
)  # fmt: skip
NEGATIVE_ENDINGS = ("不推荐", "差评", "再也不买了", "退货了", "很失望", "申请售后也不处理")
FAKE = ("好评！", "很好，好评", "好评好评", "不错，好评！", "宝贝很好，好评")
"""Near-identical instant five-star texts of fake-order rings."""
TITLES = Pools.of(
    [("差评", "很失望", "不满意"), ("一般", "还行"), ("好评", "满意", "推荐", "质量好")]
)
"""Negative, neutral, positive."""

COMPLAINT_MATTERS = Pools.of(
    [
        ("商品质量有问题，商家拒绝处理", "使用不到一周出现故障", "食品有异物"),  # quality
        ("怀疑买到假货，与专柜对比明显不同", "防伪码查询无记录", "品牌方确认非正品"),  # counterfeit
        ("快递一直不送，物流信息不更新", "超过承诺时间很久未发货", "包裹丢失无人处理"),  # logistics
        ("客服态度恶劣", "客服长时间不回复", "多次联系客服无果"),  # service
        ("退货申请被无理拒绝", "退款迟迟不到账", "售后推诿，不给维修"),  # aftersales
        ("宣传的功能实际没有", "页面宣传与实物不符", "虚假宣传原价"),  # false advertising
        ("刚买就降价，不给价保", "先涨价后打折", "结算价格与页面价格不一致"),  # price
        ("个人信息被泄露，收到骚扰电话", "商家索要身份证照片"),  # privacy
        ("其他问题", "对平台规则有异议"),  # other
    ]
)
"""In `ComplaintNature` order."""
COMPLAINT_RESULTS = Pools.of(
    [
        (
            "经核实，商家已按承诺履约，投诉不成立",
            "证据不足，建议补充材料后再次反馈",
            "已向消费者解释规则",
        ),
        (
            "投诉属实，商家全额退款并赔付",
            "投诉属实，平台先行赔付并处罚商家",
            "已督促商家补发并致歉",
        ),
    ]
)
"""Not upheld, upheld."""
