"""Words of the personal-data access log page."""

from __future__ import annotations

ZH: dict[str, str] = {
    "privacy_nav": "个人信息访问记录",
    "privacy_log_title": "个人信息访问记录",
    "privacy_log_lead": "每次未脱敏查看个人信息都会记录：谁、何种角色、哪条记录的哪些字段、经由何处、何时。查看本页同样会被记录。",
    "privacy_log_filter": "筛选访问记录",
    "privacy_log_apply": "筛选",
    "privacy_log_empty": "没有访问记录。",
    "privacy_log_col_at": "时间",
    "privacy_log_col_user": "用户",
    "privacy_log_col_role": "角色",
    "privacy_log_col_kind": "记录类型",
    "privacy_log_col_record": "记录编号",
    "privacy_log_col_fields": "字段",
    "privacy_log_col_purpose": "途径",
    "privacy_log_next": "下一页",
}

EN: dict[str, str] = {
    "privacy_nav": "Personal-data access log",
    "privacy_log_title": "Personal-data access log",
    "privacy_log_lead": "Every unmasked view of personal data is logged: who, in which role, which "
    "fields of which record, through which route, when. Viewing this page is logged too.",
    "privacy_log_filter": "Filter the access log",
    "privacy_log_apply": "Filter",
    "privacy_log_empty": "No accesses logged.",
    "privacy_log_col_at": "When",
    "privacy_log_col_user": "User",
    "privacy_log_col_role": "Role",
    "privacy_log_col_kind": "Record kind",
    "privacy_log_col_record": "Record",
    "privacy_log_col_fields": "Fields",
    "privacy_log_col_purpose": "Route",
    "privacy_log_next": "Next page",
}
