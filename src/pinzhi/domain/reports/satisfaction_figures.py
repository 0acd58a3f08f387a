"""Satisfaction in the period (S1 10.2; S3 7.1–7.2): per service type the surveys sent, the
response rate, the mean overall score and the share satisfied against the previous period; the
partners' ratings of the platform; the inbox's most frequent themes and the recurring ones the
solution base does not answer yet.

Every figure comes from the satisfaction domain's reads (`satisfaction_summary` is the one
place survey figures are computed). None of them names a merchant or a person, so the public
edition shows them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from pinzhi.domain.reports.context import ReportContext
from pinzhi.domain.reports.periods import Period
from pinzhi.domain.satisfaction import inbox_queries, queries
from pinzhi.domain.satisfaction.inbox_queries import SolutionGap, ThemeCount
from pinzhi.domain.satisfaction.queries import GroupBy, PartnerFigure, SatisfactionFigure

TOP_THEMES = 5


@dataclass(frozen=True)
class TypeLine:
    """One service type (or "all") in the period, with the previous period's figures."""

    service_type: str
    sent: int
    answered: int
    response_rate: float | None
    mean_overall: float | None
    satisfied_share: float | None
    previous_sent: int
    previous_satisfied_share: float | None

    @property
    def better(self) -> bool | None:
        """Whether the share satisfied rose; None when either period has no answer or it held."""
        now, before = self.satisfied_share, self.previous_satisfied_share
        if now is None or before is None or now == before:
            return None
        return now > before


@dataclass(frozen=True)
class Satisfaction:
    lines: tuple[TypeLine, ...]
    total: TypeLine
    partners: tuple[PartnerFigure, ...]
    themes: tuple[ThemeCount, ...]
    gaps: tuple[SolutionGap, ...]


def satisfaction(context: ReportContext) -> Satisfaction:
    start, end = context.bounds(context.period)
    by_type = _figures(context, context.period, GroupBy.SERVICE_TYPE)
    before_type = _figures(context, context.previous, GroupBy.SERVICE_TYPE)
    overall = _figures(context, context.period, GroupBy.ALL).get("all")
    before_overall = _figures(context, context.previous, GroupBy.ALL).get("all")
    keys = sorted(by_type.keys() | before_type.keys())
    uow, reader = context.uow, context.reader
    return Satisfaction(
        lines=tuple(_line(k, by_type.get(k), before_type.get(k)) for k in keys),
        total=_line("all", overall, before_overall),
        partners=tuple(queries.partner_feedback_summary(uow=uow, start=start, end=end)),
        themes=tuple(
            inbox_queries.inbox_themes(
                uow=uow, actor=reader, since=start, until=end, top=TOP_THEMES
            )
        ),
        gaps=tuple(inbox_queries.solution_gaps(uow=uow, actor=reader, since=start, until=end)),
    )


def _figures(context: ReportContext, period: Period, by: GroupBy) -> dict[str, SatisfactionFigure]:
    start, end = context.bounds(period)
    found = queries.satisfaction_summary(
        uow=context.uow, start=start, end=end, by=by, tz=context.tz
    )
    return {figure.key: figure for figure in found}


def _line(key: str, now: SatisfactionFigure | None, before: SatisfactionFigure | None) -> TypeLine:
    return TypeLine(
        service_type=key,
        sent=now.sent if now else 0,
        answered=now.answered if now else 0,
        response_rate=now.response_rate if now else None,
        mean_overall=now.mean_overall if now else None,
        satisfied_share=now.satisfied_share if now else None,
        previous_sent=before.sent if before else 0,
        previous_satisfied_share=before.satisfied_share if before else None,
    )
