"""Writes of trend reports: a run replaces the reports of its as-of day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import delete, insert

from pinzhi.domain.insight.models import TrendReportRow
from pinzhi.store.uow import UnitOfWork


def replace_trend_reports(
    *, uow: UnitOfWork, run_id: str, as_of: date, reports: Mapping[str, dict[str, Any]]
) -> int:
    """Store `reports` (scope → content) as the day's reports; returns how many were stored."""
    uow.session.execute(delete(TrendReportRow).where(TrendReportRow.as_of == as_of))
    rows = [
        {"as_of": as_of, "scope": scope, "content": content, "run_id": run_id}
        for scope, content in reports.items()
    ]
    if rows:
        uow.session.execute(insert(TrendReportRow), rows)
    return len(rows)
