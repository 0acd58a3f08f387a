"""The daily improvement step drafts one plan per missed platform indicator, once."""

from __future__ import annotations

from improvement_factories import ANALYST, LAST_DAY, NOON, improvement_world
from pinzhi.bootstrap import Platform
from pinzhi.domain.improvement import queries
from pinzhi.domain.improvement.rules import PdcaStage
from pinzhi.interfaces.jobs.improvement_steps import improvement_step
from pinzhi.interfaces.jobs.registry import Engines, RunContext


def _context(platform: Platform) -> RunContext:
    return RunContext(platform, "run_test", LAST_DAY, NOON, Engines(platform, "duckdb"), 1)


class TestImprovementStep:
    def test_running_twice_opens_one_plan_per_missed_indicator(self, platform: Platform) -> None:
        with platform.uow() as uow:
            improvement_world(uow.session)
            uow.commit()

        first = improvement_step(_context(platform))
        second = improvement_step(_context(platform))

        with platform.uow() as uow:
            cards = queries.indicator_cards(uow=uow, actor=ANALYST, tz=_context(platform).tz,
                                            end=LAST_DAY)  # fmt: skip
            plans = queries.list_plans(uow=uow, actor=ANALYST)
        missed = sorted(c.indicator.id for c in cards if c.misses)
        assert missed
        assert first == {"missed": len(missed), "opened": len(missed)}
        assert second == {"missed": len(missed), "opened": 0}
        assert sorted(p.indicator for p in plans) == missed
        assert {p.stage for p in plans} == {PdcaStage.PLAN}
        assert {p.opened_by for p in plans} == {"system:improvement"}
