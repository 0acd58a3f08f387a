"""Words of the notice inbox."""

from __future__ import annotations

ZH: dict[str, str] = {
    "notices_nav": "消息",
    "notices_title": "消息中心",
    "notices_unread": "{count} 条未读",
    "notices_empty": "暂无消息。",
    "notices_mark_read": "标为已读",
    "notices_read": "已读",
    "notices_open_subject": "查看详情",
    "notices_topic_logistics_anomaly_opened": "物流异常提醒",
    "notices_topic_logistics_anomaly_resolved": "物流已恢复",
    "notices_topic_sla_breached": "服务超时提醒",
    "notices_topic_complaint_overdue": "投诉处理超时提醒",
    "notices_logistics_detail": "{carrier} {tracking}：{kind}，{reason}",
}

EN: dict[str, str] = {
    "notices_nav": "Notices",
    "notices_title": "Notices",
    "notices_unread": "{count} unread",
    "notices_empty": "No notices yet.",
    "notices_mark_read": "Mark read",
    "notices_read": "Read",
    "notices_open_subject": "Details",
    "notices_topic_logistics_anomaly_opened": "Delivery issue",
    "notices_topic_logistics_anomaly_resolved": "Delivery back on track",
    "notices_topic_sla_breached": "Service deadline missed",
    "notices_topic_complaint_overdue": "Complaint deadline missed",
    "notices_logistics_detail": "{carrier} {tracking}: {kind}, {reason}",
}
