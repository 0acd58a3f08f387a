"""The daily run's step registry: steps run by order, and a name means one step."""

from __future__ import annotations

import pytest

from pinzhi.interfaces.jobs import registry
from pinzhi.interfaces.jobs.daily_run import STEP_MODULES


def first(ctx: registry.RunContext) -> registry.Summary:
    return {}


def second(ctx: registry.RunContext) -> registry.Summary:
    return {}


class TestStepRegistry:
    def test_foundation_steps_run_export_first(self) -> None:
        names = [s.name for s in registry.registered_steps()]

        assert STEP_MODULES
        assert names.index("export_lake") < names.index("core_indicators")

    def test_steps_are_ordered_by_their_order_not_by_registration(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(registry, "_STEPS", {})

        registry.step("late", order=50)(first)
        registry.step("early", order=5)(second)

        assert [s.name for s in registry.registered_steps()] == ["early", "late"]

    def test_a_name_taken_by_another_step_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(registry, "_STEPS", {})
        registry.step("grades", order=40)(first)

        with pytest.raises(ValueError, match="registered twice"):
            registry.step("grades", order=40)(second)
