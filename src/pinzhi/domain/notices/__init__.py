"""Notices: what pinzhi tells a consumer, a merchant or a staff member (alerts, escalations)."""
