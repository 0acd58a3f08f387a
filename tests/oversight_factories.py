"""An oversight world for API and console tests: a fake-order warning with key control on m1,
tier S incentives on m2."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pinzhi.bootstrap import Platform
from pinzhi.domain.oversight.decision_rules import MerchantStanding, decide
from pinzhi.domain.oversight.measures import apply_decisions
from pinzhi.domain.oversight.models import WarningKind, WarningSeverity
from pinzhi.domain.oversight.warning_rules import WarningDraft
from pinzhi.domain.oversight.warnings import store_warnings

DAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 18, tzinfo=UTC)


def seed_oversight(platform: Platform) -> None:
    """m1: a fake-order warning and key control; m2: tier S incentives."""
    drafts = [
        WarningDraft(
            "m1",
            WarningKind.FAKE_ORDERS,
            WarningSeverity.CRITICAL,
            "possible fake orders",
            {"window_orders": "200"},
        )
    ]
    standings = [
        MerchantStanding("m1", None, {}, (), fake_order_warning=True),
        MerchantStanding("m2", "S", {"credit": "95"}, ()),
    ]
    with platform.uow() as uow:
        store_warnings(uow=uow, run_id="r1", as_of=DAY, now=NOW, drafts=drafts)
        apply_decisions(
            uow=uow,
            run_id="r1",
            as_of=DAY,
            now=NOW,
            drafts=[d for s in standings for d in decide(s)],
            judged={"m1", "m2"},
        )
        uow.commit()
