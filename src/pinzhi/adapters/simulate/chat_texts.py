"""What people say in service sessions, by topic and turn. Plain made-up Chinese phrases.

Each topic has openers (question, the bot's answer, a person's first answer) and exchanges
(follow-up, answer); a session picks one opener and walks the exchanges, so answers fit the
questions they follow.
"""

from __future__ import annotations

from enum import IntEnum

from pinzhi.adapters.simulate.columns import Pools


class Topic(IntEnum):
    PRESALE = 0
    LOGISTICS = 1
    REFUND = 2
    EXCHANGE = 3
    REPAIR = 4
    PRICE_PROTECTION = 5
    INVOICE = 6
    QUALITY = 7


class Turn(IntEnum):
    """Topic-specific turns; `Pools` group = topic * len(Turn) + turn."""

    QUESTION = 0
    BOT_ANSWER = 1
    FIRST_ANSWER = 2
    FOLLOW_UP = 3
    ANSWER = 4


Opener = tuple[str, str, str]
Exchange = tuple[str, str]
TOPICAL: dict[Topic, tuple[tuple[Opener, ...], tuple[Exchange, ...]]] = {
    Topic.PRESALE: (
        (
            (
                "这款有现货吗？",
                "现货商品付款后48小时内发货。",
                "您好，在的，有现货，今天下单今天发。",
            ),
            (
                "请问这个尺码偏大还是偏小？",
                "商品详情页有尺码表，可以参考哦。",
                "亲，这款尺码标准，按平时穿的选就可以。",
            ),
            ("这个是正品吗？", "平台商品均支持正品保障。", "您好，都是品牌正品，支持验货。"),
            ("能便宜点吗？", "可以在商品页领取优惠券。", "亲，现在下单有满减活动，领券后更划算。"),
        ),
        (
            ("今天下单什么时候发货？", "今天下单明天发出。"),
            ("有没有赠品？", "下单送同款收纳袋一个。"),
            ("保修多久？", "保修一年，全国联保。"),
        ),
    ),
    Topic.LOGISTICS: (
        (
            (
                "我的快递怎么还没到？",
                "您的包裹正在运输中，可在订单详情查看物流轨迹。",
                "您好，马上为您查询物流。",
            ),
            (
                "物流三天没更新了",
                "已为您提交催件申请，请耐心等待。",
                "亲，很抱歉让您久等了，这边帮您联系快递公司。",
            ),
            ("为什么还没发货？", "商家将在承诺时间内发货。", "您好，这边马上催促仓库发货。"),
        ),
        (
            ("大概什么时候能到？", "已经帮您催促快递，预计明天送达。"),
            ("可以改一下收货地址吗？", "地址已帮您备注修改。"),
            ("快递员联系不上", "查到包裹在转运中心滞留，已加急处理。"),
        ),
    ),
    Topic.REFUND: (
        (
            (
                "我申请的退款什么时候到账？",
                "退款将在审核通过后原路退回。",
                "您好，这边帮您查看退款进度。",
            ),
            (
                "退款申请一直没人处理",
                "已提醒商家尽快处理您的申请。",
                "亲，您的退款申请已收到，马上处理。",
            ),
            (
                "不想要了，怎么退款？",
                "您可以在订单详情页申请退款。",
                "您好，可以直接在订单里申请，我这边帮您通过。",
            ),
        ),
        (
            ("退货运费谁出？", "退货运费由商家承担。"),
            ("钱退到哪里？", "退款已经审核通过，1到3个工作日原路退回。"),
            ("已经寄回了，请查收", "收到退货后会尽快退款。"),
        ),
    ),
    Topic.EXCHANGE: (
        (
            (
                "尺码不合适，可以换吗？",
                "您可以在订单详情页申请换货。",
                "您好，可以换的，帮您登记一下。",
            ),
            ("收到的颜色不对，想换货", "换货需要先将商品寄回。", "亲，很抱歉发错了，马上给您换。"),
        ),
        (
            ("换货要多久？", "收到寄回的商品后48小时内发出新的。"),
            ("需要我先寄回吗？", "已经帮您登记换货，请保持商品完好后寄回。"),
        ),
    ),
    Topic.REPAIR: (
        (
            (
                "机器坏了，怎么保修？",
                "保修期内非人为损坏可免费维修。",
                "您好，麻烦提供一下故障照片或视频。",
            ),
            ("开不了机了，能修吗？", "您可以预约上门取件送修。", "亲，这边帮您安排售后检测。"),
        ),
        (
            ("维修要多久？", "维修周期约7个工作日。"),
            ("能上门取件吗？", "已为您预约上门取件。"),
            ("保修期内维修收费吗？", "检测后如属质量问题免费维修。"),
        ),
    ),
    Topic.PRICE_PROTECTION: (
        (
            (
                "我刚买就降价了，能保价吗？",
                "保价期内降价可在订单页申请价格保护。",
                "您好，帮您核实一下购买价格和当前价格。",
            ),
            (
                "活动价比我买的便宜，能退差价吗？",
                "价保差价将原路退回。",
                "亲，在保价期内的，可以申请。",
            ),
        ),
        (
            ("差价多久退回？", "已为您提交价保，差价会原路退回。"),
            ("用券后的价格能保价吗？", "优惠券价格不在价保范围内哦。"),
        ),
    ),
    Topic.INVOICE: (
        (
            ("怎么开发票？", "发票将在发货后开具。", "您好，麻烦提供一下发票抬头和税号。"),
            ("发票抬头开错了能改吗？", "可在订单详情申请换开发票。", "亲，这边帮您重新开具发票。"),
            (
                "电子发票在哪里下载？",
                "电子发票可在订单详情页查看和下载。",
                "您好，发票已开具，请在订单详情下载。",
            ),
        ),
        (
            ("能开专票吗？", "可以的，请提供开票资料。"),
            ("发票什么时候开好？", "已为您作废原发票并重开，稍后即可下载。"),
        ),
    ),
    Topic.QUALITY: (
        (
            (
                "收到的东西有质量问题",
                "很抱歉给您带来不便，您可以申请售后。",
                "您好，非常抱歉，麻烦拍一下问题照片。",
            ),
            (
                "用了两天就坏了",
                "请上传商品问题照片以便处理。",
                "亲，很抱歉给您添麻烦了，马上为您处理。",
            ),
            ("有异味，是不是假货？", "平台商品支持正品鉴定。", "您好，这边马上核实，请提供照片。"),
        ),
        (
            ("这个能赔偿吗？", "已为您申请补偿。"),
            ("我要退货退款", "给您办理退货退款，运费我们承担。"),
            ("再这样我就投诉了", "核实是质量问题，给您补发一件新的。"),
        ),
    ),
}
THANKS = ("好的，谢谢", "行，麻烦了", "知道了", "好的", "谢谢，辛苦了")
TRANSFER = ("转人工", "人工客服", "我要找人工")
CLOSING = (
    "还有其他可以帮您的吗？祝您生活愉快！",
    "感谢您的耐心，有问题随时联系我们。",
    "不客气，再见！",
)
PHOTO = ("商品问题照片", "外包装照片", "订单截图", "物流截图")
"""Captions of pictures buyers send."""


def _turns(topic: Topic) -> list[tuple[str, ...]]:
    openers, exchanges = TOPICAL[topic]
    opening = [tuple(o[i] for o in openers) for i in range(3)]
    return [*opening, tuple(e[0] for e in exchanges), tuple(e[1] for e in exchanges)]


GENERIC_THANKS = len(Topic) * len(Turn)
GENERIC_TRANSFER = GENERIC_THANKS + 1
GENERIC_CLOSING = GENERIC_THANKS + 2
PHRASES = Pools.of(
    [turn for topic in Topic for turn in _turns(topic)] + [THANKS, TRANSFER, CLOSING]
)
"""Aligned: the k-th question, bot answer and first answer of a topic belong together, as do
the k-th follow-up and answer."""
