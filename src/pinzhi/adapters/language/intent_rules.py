"""Weak intent labels from patterns, used only to build the training set of the intent model.

Rules are tried in order on one text; the first that matches names the intent. The order encodes
the definitions of the intent set (issue 6, S1 9.7.1): a question about an existing refund is
`refund_progress` before it is `refund_request`; a return is `return_request` even when money is
mentioned; a refund for a price drop is `price_protection`. Labels made this way are then checked
by hand on a sample (see `data/README.md`).
"""

from __future__ import annotations

import re

from pinzhi.adapters.language.jddc import Conversation, is_acknowledgement, looks_like_agent

INTENTS: tuple[str, ...] = (
    "logistics_query",
    "shipping_urge",
    "order_cancel",
    "order_modify",
    "refund_request",
    "refund_progress",
    "return_request",
    "exchange_request",
    "repair_warranty",
    "aftersales_progress",
    "price_protection",
    "invoice",
    "installation",
    "product_inquiry",
    "promotion",
    "payment",
    "complaint",
    "human_agent",
    "other",
)

_WHEN = (
    r"(?:什么时候|啥时候|何时|几时|多久|多长时间|几天|怎么还没|还没|没有?到|到账|进度|到哪|"
    r"哪一步|怎么样了|好久|[了么吗]没)"
)

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "human_agent",
            r"转人工|人工客服|人工服务|找人工|要人工|真人|人工|换个?客服|客服电话|你是机器人",
        ),
        (
            "complaint",
            r"投诉|12315|(?<!\d)315(?!\d)|举报|消协|工商局|差评|骗子|欺骗|坑人|忽悠|态度.{0,3}差|"
            r"什么破|垃圾|太差|差劲|恶心|无语|气死|扯皮|不负责|太坑|黑店|赔偿|索赔|假货|你们京东就",
        ),
        (
            "price_protection",
            r"价保|保价|价格保护|差价|降价|便宜了|降了[数字x\d\[\]]*[块元]|买贵了",
        ),
        ("invoice", r"发票|开票|税号|抬头|增票|专票|普票|增值税"),
        ("installation", r"安装|装机|装一下|上门装|拆装|拆机|移机|装好"),
        (
            "refund_progress",
            rf"(?:退款|退的?钱|款项?|钱).{{0,8}}{_WHEN}|{_WHEN}.{{0,6}}(?:退款|退回来|退回|到账)|"
            r"退款.{0,4}(?:状态|成功了?吗|审核)|钱.{0,4}(?:退到哪|退哪|回来)|原路返回|原返|退的不全|少退|只退了?|"
            r"退到哪|退回到哪|退到.{0,6}(?:吗|么)|退款了(?:吗|么|没)|退款不成功|没有?(?:收到|看到).{0,6}退款|"
            r"退款是?退[在到]|退在|怎[样么]返还|还在退|等着?.{0,6}退款了",
        ),
        (
            "aftersales_progress",
            rf"(?:退货|换货|维修|返修|售后|服务单|取件|取货|上门取|寄回).{{0,10}}{_WHEN}|"
            r"服务单|售后单|审核(?:通过|中|了吗|怎么)|(?:换|修)的.{0,4}(?:什么时候|多久|到哪)",
        ),
        (
            "exchange_request",
            r"换货|换一[个件台双]|换个新|调换|更换|换新|换尺码|换大|换小|换颜色|换号",
        ),
        (
            "return_request",
            r"退货|退回去|寄回|退掉|无理由|退了吧|能退吗|可以退吗|可以退么|能退么|退换",
        ),
        ("order_cancel", r"取消|不要了|不想要了|撤销|拦截|拒收|不买了"),
        (
            "refund_request",
            r"退款|退钱|把钱退|钱退|返还|退运费|退[数字x\d\[\]]*[块元]|少发|漏发|没收到.{0,4}钱|"
            r"少了一?[个件只套根盒]|少一[个件只套根盒]|没给我?发",
        ),
        (
            "repair_warranty",
            r"维修|保修|三包|修理|修一下|坏了|故障|不能用|用不了|质量问题|开不了机|不开机|不工作|"
            r"检测|报修|返修|不制冷|不制热|漏水|死机|黑屏|异响|失灵|有问题|破损|碎了|不亮|打不开|没反应|"
            r"没有?声音|不好用|不灵敏|识别不了|不能识别|无法识别|掉线|开裂|断了|充不进|不充电|坏的",
        ),
        (
            "order_modify",
            r"修改|改地址|改一下|改下|更改|改成|换地址|改电话|改手机|地址错|改收货|改时间|改配送|"
            r"地址写错|电话写错|加一[个件]|合并|换成|改为|晚点送|延迟送|推迟送|改天送|改发|改送|"
            r"预约(?:配送|送货)|(?:配送|送货|收货)时间.{0,4}改|地址选错|选错.{0,3}地址|延期送",
        ),
        (
            "shipping_urge",
            r"(?<!哪里)(?<!哪)发货|还没发|不发|何时发|几时发|出库|备货|有货.{0,4}发|什么时候(?:能|会)?发|发出|"
            r"没有货|缺货|调货|(?:什么时候|何时|多久|啥时候)(?:能|会|才)?有货|采购|出货|补货|有货先发|先发|"
            r"能发吗|发了吗|发了没",
        ),
        (
            "logistics_query",
            r"物流|快递|配送|送到|送达|到哪|什么时候到|几天到|多久到|派送|签收|运单|包裹|送货|没收到|"
            r"还没到|没到|催|快点|加急|自提|站点|快递员|配送员|送过来|能到|今天到|明天到|取件码|到货|"
            r"哪里发货|哪发货|发货地|(?:能|可以|还|给|什么时候|啥时候|几点)送|送[吗么]|拿[的得到]到|(?<!确认)收[获货]吗|"
            r"到不了|送不到|(?:今天|明天|后天).{0,4}到",
        ),
        (
            "payment",
            r"付款|支付|白条|礼品卡|[Ee]卡|银行卡|信用卡|货到付款|分期|付不了|余额|钱包|扣款|扣钱|"
            r"付了钱|已付|没付|花呗|网银|京东卡|储蓄卡|重复付",
        ),
        (
            "promotion",
            r"优惠|券|赠品|送的|积分|京豆|满减|活动|促销|红包|返现|秒杀|plus|会员|打折|折扣|赠送|"
            r"满[数字x\d\[\]]+减|免单|抽奖|领取|送个|送一",
        ),
        (
            "product_inquiry",
            r"尺寸|尺码|规格|型号|颜色|正品|质量怎么样|区别|参数|保质期|适合|能用吗|兼容|多大|多重|"
            r"多少钱|价格|价钱|链接|item\.jd\.com|有货吗|有货么|有没有货|还有货|库存|材质|功能|"
            r"怎么用|使用方法|说明书|是不是|包装|生产日期|产地|配件|支持|可以用|能不能用|好用|防水|"
            r"有没有|还有.{0,6}[款色码号]|保真|真的吗|"
            r"多少[数字x\[\]]*[mgkl斤瓦]|几[个寸米]",
        ),
    )
)

_TOPIC_FROM_REPLY: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("price_protection", r"价保|价格保护|差价"),
        ("invoice", r"发票"),
        ("installation", r"安装"),
        ("refund_progress", r"原路返回|工作日.{0,6}到账|退款.{0,6}(?:到账|处理)"),
        ("exchange_request", r"换货"),
        ("return_request", r"退货"),
        ("repair_warranty", r"维修|检测|保修"),
        ("order_modify", r"修改"),
        ("order_cancel", r"取消"),
        ("shipping_urge", r"发货|出库|库存|调货"),
        ("logistics_query", r"配送|物流|站点|送达|快递"),
        ("promotion", r"优惠券|京豆|赠品"),
        ("payment", r"支付|白条"),
        ("human_agent", r"转接|人工"),
    )
)


_REFUND_TALK = re.compile(r"退款|退回|退到|原返|原路|退钱")
# signs in the earlier turns that a refund is already under way: a new mention of 退款 is then a
# question about that refund, not a request for one
_REFUND_UNDERWAY = re.compile(
    r"退款中|已退款|已经退款|退款成功|退款完成|已经(?:申请|提交)了?退款|申请了退款|退款申请|财务|原路|原返|"
    r"储蓄卡.{0,3}信用卡|到账|退款(?:问题|已完成|时间|是需要)|处理了?退款|还在退"
)
# a latest turn that matches no rule and closes or pings the exchange asks for nothing new
_CLOSING = re.compile(
    r"谢|感谢|明白|知道了|了解|再联系|没有了|没了|等下|好了[吗么没]|可以了[吗么没]|辛苦|快乐|评价|算了|"
    r"不为难|放心了|那就好|就行了?$"
)
_RETURN_NOT_EXCHANGE = re.compile(r"(?:改成|改为|换成|变成|想|要|申请|可以|能)退货|退货吗|退货么")
_MOOD_ONLY = frozenset({"human_agent", "complaint"})
# a latest turn that only presses for speed (催, 快点, 尽快, 急用) continues the topic in hand
_URGE_ONLY = re.compile(
    r"^[^物快递送到货发]*(?:催|快点|加急|尽快|着急|急用|急着用|抓紧)[^物快递送到货发]*$"
)
# an existing return, exchange or repair in the earlier turns: questions about pick-up, arrival
# or speed are then about that after-sales case
_AFTERSALES_UNDERWAY = re.compile(
    r"服务单|售后单|(?:申请|提交|办理)了?(?:退货|换货|维修|返修|售后)|(?:退货|换货|维修|返修)(?:申请|中|审核)|"
    r"上门取件|取件|返厂|寄回|换新"
)
_PROGRESS_OF = {
    "return_request": "aftersales_progress",
    "exchange_request": "aftersales_progress",
    "repair_warranty": "aftersales_progress",
    "refund_request": "refund_progress",
}
_PRESSED_TOPICS = frozenset(
    {*_PROGRESS_OF, "shipping_urge", "refund_progress", "aftersales_progress", "invoice"}
)


def match_text(text: str, *, topical: bool = False) -> str | None:
    """The intent the first matching rule gives a single text, or None.

    With `topical`, rules about the consumer's mood or channel (asking for a human, complaining)
    are skipped: an earlier turn lends the latest one its topic, not its mood.
    """
    for name, pattern in _RULES:
        if topical and name in _MOOD_ONLY:
            continue
        if pattern.search(text):
            return name
    return None


def weak_label(conversation: Conversation, reply: str = "") -> str:
    """Weak intent of the consumer's latest need in a conversation.

    The latest turn decides when it matches a rule, with corrections read in context: a turn that
    only presses for speed (催, 快点, 尽快) continues the earlier matter (as its progress when that
    was a return, exchange, repair or refund); a delivery question while a return, exchange or
    repair is under way is `aftersales_progress`; a refund mention while a refund is already
    under way is `refund_progress`; an exchange turned into a return is `return_request`, and
    cancelling a service order is `return_request`. A bare
    acknowledgement (thanks, ok, greeting) or a turn that only closes or pings the exchange is
    `other`. A latest turn that only continues the exchange ("对的", an order number, "为什么")
    inherits the topic of the nearest earlier consumer turn that matches, then of the agent's
    turns and reply.
    """
    latest = conversation.latest
    found = match_text(latest)
    if found:
        return _in_context(found, conversation, reply)
    if not latest or is_acknowledgement(latest) or _CLOSING.search(latest):
        return "other"
    return _inherited_topic(conversation, reply)


def _in_context(found: str, conversation: Conversation, reply: str) -> str:
    """The latest turn's own intent, corrected by what the earlier turns show."""
    latest = conversation.latest
    if found == "logistics_query" and _URGE_ONLY.search(latest):
        topic = _inherited_topic(conversation, reply)
        if topic in _PRESSED_TOPICS:
            return _PROGRESS_OF.get(topic, topic)
    if found == "logistics_query" and any(
        _AFTERSALES_UNDERWAY.search(t) for t in conversation.earlier[-4:]
    ):
        return "aftersales_progress"
    if found == "payment" and any(_REFUND_TALK.search(t) for t in conversation.earlier):
        return "refund_progress"
    underway = any(_REFUND_UNDERWAY.search(t) for t in (*conversation.earlier, reply))
    if found == "refund_request" and underway:
        return "refund_progress"
    if (found == "exchange_request" and _RETURN_NOT_EXCHANGE.search(latest)) or (
        found == "aftersales_progress" and "取消" in latest
    ):
        return "return_request"
    return found


def _inherited_topic(conversation: Conversation, reply: str) -> str:
    """The topic a contentless latest turn takes: the nearest earlier consumer turn that matches,
    then the agent's reply and turns."""
    for turn in reversed(conversation.earlier):
        if not looks_like_agent(turn):
            found = match_text(turn, topical=True)
            if found == "refund_request" and _REFUND_UNDERWAY.search(reply):
                return "refund_progress"
            if found:
                return found
    for text in (reply, *reversed(conversation.earlier)):
        for name, pattern in _TOPIC_FROM_REPLY:
            if pattern.search(text):
                return name
    return "other"
