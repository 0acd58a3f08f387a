"""The console's words in Chinese (default) and English (C17). Add a language by adding a dict.

The shared words live here; each feature's pages keep theirs in a module of `console.words`
(with its own `ZH` and `EN`), merged in on import. Keys are unique across modules;
`tests/unit/interfaces/console` checks every language has every key and the same `{placeholders}`.

A count is passed as `n`. Where a language says one thing differently (English: 1 year, 3 years)
it adds `<key>_one`, said when `n` is 1; a language without that form (Chinese) leaves it out.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from pinzhi.interfaces.console import words as _feature_words

DEFAULT = "zh-CN"
ONE = "_one"
"""Suffix of a word's form for a count `n` of 1."""

ZH: dict[str, str] = {
    "app_name": "品质",
    "app_tagline": "电商平台品质服务",
    "skip_to_content": "跳到主要内容",
    "nav_label": "主导航",
    "nav_overview_platform": "平台概览",
    "nav_overview_merchant": "店铺概览",
    "nav_orders": "订单",
    "nav_orders_consumer": "我的订单",
    "nav_api_docs": "API 文档",
    "nav_group_service": "服务响应",
    "nav_group_aftersales": "订单与售后",
    "nav_group_grading": "评级与治理",
    "nav_group_quality": "质量与报告",
    "nav_group_rules": "规则与透明",
    "nav_group_system": "系统",
    "settings_label": "显示设置",
    "language": "语言",
    "elderly_mode": "长辈模式",
    "elderly_on": "开启长辈模式",
    "elderly_off": "退出长辈模式",
    "elderly_hint": "大字体、高对比度、简化导航",
    "signed_in_as": "当前用户",
    "sign_in": "登录",
    "sign_out": "退出登录",
    "sign_in_title": "登录品质控制台",
    "sign_in_lead": "使用平台分配的账号登录。",
    "username": "用户名",
    "password": "密码",
    "sign_in_failed": "用户名或密码错误，请重试。",
    "role_platform_admin": "平台管理员",
    "role_quality_analyst": "品质分析师",
    "role_service_agent": "客服专员",
    "role_mediator": "调解专员",
    "role_merchant": "商家",
    "role_consumer": "消费者",
    "role_assessor": "评估员",
    "overview_title_platform": "平台品质概览",
    "overview_title_merchant": "店铺品质概览",
    "subject_merchant": "商家 {merchant}",
    "data_as_of": "数据截至 {day}",
    "kpi_heading": "核心指标",
    "kpi_period": "近 7 天，与前 7 天相比",
    "kpi_show_in_chart": "在图表中查看{metric}",
    "metric_orders": "订单量",
    "metric_gmv_fen": "成交额",
    "metric_cancellation_rate": "取消率",
    "metric_late_shipment_rate": "发货超时率",
    "metric_late_delivery_rate": "配送超时率",
    "metric_refund_rate": "退款率",
    "metric_avg_review_score": "平均评分",
    "delta_up": "上升 {delta}",
    "delta_down": "下降 {delta}",
    "delta_flat": "持平",
    "delta_better": "向好",
    "delta_worse": "变差",
    "delta_none": "无上期数据",
    "percentage_points": "{value} 个百分点",
    "chart_heading": "每日走势",
    "chart_title": "{metric}每日走势",
    "chart_period": "{start} 至 {end}",
    "chart_range": "时间范围",
    "days": "{days} 天",
    "duration_seconds": "{n} 秒",
    "duration_minutes": "{n} 分钟",
    "duration_hours": "{n} 小时",
    "duration_days": "{n} 天",
    "duration_years": "{n} 年",
    "chart_daily": "每日",
    "chart_average": "7 日均值",
    "chart_summary": (
        "{metric}：{start} 至 {end} 共 {count} 天，最低 {low}，最高 {high}，最新 {last}。"
    ),
    "chart_no_data": "所选时间范围内没有数据。",
    "chart_table": "查看数据表",
    "col_day": "日期",
    "col_value": "数值",
    "col_numerator": "分子",
    "col_denominator": "分母",
    "empty_title": "还没有指标数据",
    "empty_body": "每日品质任务运行后，这里将显示核心指标及其走势。",
    "empty_action": "在服务器上运行：",
    "orders_title": "订单",
    "orders_title_consumer": "我的订单",
    "orders_empty": "没有可显示的订单。",
    "col_order": "订单号",
    "col_merchant": "商家",
    "col_status": "状态",
    "col_paid": "实付金额",
    "col_placed_at": "下单时间",
    "col_recipient": "收货人",
    "masked_note": "个人信息已按角色脱敏显示。",
    "status_placed": "已下单",
    "status_paid": "已付款",
    "status_shipped": "已发货",
    "status_delivered": "已送达",
    "status_completed": "已完成",
    "status_cancelled": "已取消",
    "pagination": "分页",
    "previous_page": "上一页",
    "next_page": "下一页",
    "error_heading": "出错了",
    "error_401": "请先登录。",
    "error_403": "您的角色无权查看此页面，或表单已过期，请刷新后重试。",
    "error_404": "页面不存在。",
    "error_422": "请求参数不正确。",
    "error_other": "服务暂时无法完成请求。",
    "back_home": "返回首页",
    "footer": "品质 pinzhi · 开源电商平台品质服务系统",
    "colon": "：",
    "list_separator": "、",
}

EN: dict[str, str] = {
    "app_name": "pinzhi",
    "app_tagline": "E-commerce quality service",
    "skip_to_content": "Skip to main content",
    "nav_label": "Main navigation",
    "nav_overview_platform": "Platform overview",
    "nav_overview_merchant": "Shop overview",
    "nav_orders": "Orders",
    "nav_orders_consumer": "My orders",
    "nav_api_docs": "API docs",
    "nav_group_service": "Service",
    "nav_group_aftersales": "Orders & after-sales",
    "nav_group_grading": "Grades & oversight",
    "nav_group_quality": "Quality & reports",
    "nav_group_rules": "Rules & transparency",
    "nav_group_system": "System",
    "settings_label": "Display settings",
    "language": "Language",
    "elderly_mode": "Elderly mode",
    "elderly_on": "Turn on elderly mode",
    "elderly_off": "Leave elderly mode",
    "elderly_hint": "Large type, high contrast, simple navigation",
    "signed_in_as": "Signed in as",
    "sign_in": "Sign in",
    "sign_out": "Sign out",
    "sign_in_title": "Sign in to the pinzhi console",
    "sign_in_lead": "Use the account your platform gave you.",
    "username": "Username",
    "password": "Password",
    "sign_in_failed": "Wrong username or password. Please try again.",
    "role_platform_admin": "Platform admin",
    "role_quality_analyst": "Quality analyst",
    "role_service_agent": "Service agent",
    "role_mediator": "Mediator",
    "role_merchant": "Merchant",
    "role_consumer": "Consumer",
    "role_assessor": "Assessor",
    "overview_title_platform": "Platform quality overview",
    "overview_title_merchant": "Shop quality overview",
    "subject_merchant": "Merchant {merchant}",
    "data_as_of": "Data as of {day}",
    "kpi_heading": "Core indicators",
    "kpi_period": "Last 7 days compared with the 7 days before",
    "kpi_show_in_chart": "Show {metric} in the chart",
    "metric_orders": "Orders",
    "metric_gmv_fen": "GMV",
    "metric_cancellation_rate": "Cancellation rate",
    "metric_late_shipment_rate": "Late shipment rate",
    "metric_late_delivery_rate": "Late delivery rate",
    "metric_refund_rate": "Refund rate",
    "metric_avg_review_score": "Average review score",
    "delta_up": "up {delta}",
    "delta_down": "down {delta}",
    "delta_flat": "unchanged",
    "delta_better": "better",
    "delta_worse": "worse",
    "delta_none": "no earlier data",
    "percentage_points": "{value} pp",
    "chart_heading": "Daily trend",
    "chart_title": "{metric} by day",
    "chart_period": "{start} to {end}",
    "chart_range": "Range",
    "days": "{days} days",
    "duration_seconds": "{n} s",
    "duration_minutes": "{n} min",
    "duration_hours": "{n} h",
    "duration_days": "{n} days",
    "duration_days_one": "{n} day",
    "duration_years": "{n} years",
    "duration_years_one": "{n} year",
    "chart_daily": "Daily",
    "chart_average": "7-day average",
    "chart_summary": (
        "{metric}: {count} days from {start} to {end}; low {low}, high {high}, latest {last}."
    ),
    "chart_no_data": "No data in the chosen range.",
    "chart_table": "Show the data as a table",
    "col_day": "Day",
    "col_value": "Value",
    "col_numerator": "Numerator",
    "col_denominator": "Denominator",
    "empty_title": "No indicators yet",
    "empty_body": "The core indicators and their trends appear here after the daily quality run.",
    "empty_action": "On the server, run:",
    "orders_title": "Orders",
    "orders_title_consumer": "My orders",
    "orders_empty": "No orders to show.",
    "col_order": "Order",
    "col_merchant": "Merchant",
    "col_status": "Status",
    "col_paid": "Paid",
    "col_placed_at": "Placed at",
    "col_recipient": "Recipient",
    "masked_note": "Personal information is masked for your role.",
    "status_placed": "Placed",
    "status_paid": "Paid",
    "status_shipped": "Shipped",
    "status_delivered": "Delivered",
    "status_completed": "Completed",
    "status_cancelled": "Cancelled",
    "pagination": "Pages",
    "previous_page": "Previous",
    "next_page": "Next",
    "error_heading": "Something went wrong",
    "error_401": "Please sign in first.",
    "error_403": "Your role may not see this page, or the form expired: reload and try again.",
    "error_404": "This page does not exist.",
    "error_422": "The request's parameters are not valid.",
    "error_other": "The service could not complete the request.",
    "back_home": "Back to the start page",
    "footer": "pinzhi 品质 · open-source quality service for e-commerce platforms",
    "colon": ": ",
    "list_separator": ", ",
}


def _merge_feature_words() -> None:
    for found in pkgutil.iter_modules(_feature_words.__path__):
        module = importlib.import_module(f"{_feature_words.__name__}.{found.name}")
        for mine, theirs in ((ZH, module.ZH), (EN, module.EN)):
            clash = mine.keys() & theirs.keys()
            if clash:
                raise ValueError(f"console words defined twice: {sorted(clash)}")
            mine.update(theirs)


_merge_feature_words()

CATALOGUE: dict[str, dict[str, str]] = {"zh-CN": ZH, "en": EN}
LANGUAGE_NAMES = {"zh-CN": "中文", "en": "English"}


def supported(lang: str | None) -> str:
    return lang if lang in CATALOGUE else DEFAULT


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **values)` in `lang`; an unknown key shows itself, so a gap is visible."""
    words = CATALOGUE[supported(lang)]

    def t(key: str, **values: object) -> str:
        if values.get("n") == 1 and key + ONE in words:
            key += ONE
        text = words.get(key, key)
        return text.format(**values) if values else text

    return t
