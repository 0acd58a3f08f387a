"""Random after-sales histories through the store keep the money and the records sound.

A hypothesis state machine opens cases of every kind and fires random events as random parties,
including retries of what already happened. Refused steps must leave nothing behind; after every
step no order has more money returned than was paid, every ledger entry balances, each case's
refunded amount equals its ledger entries, and at the end the record chain verifies.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from aftersales_world import AGENT, BUYER, MEDIATOR, SHOP, STRANGER, at, build
from hypothesis import HealthCheck, settings
from hypothesis import event as label
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlalchemy import func, select

from pinzhi import bootstrap
from pinzhi.core.errors import PinzhiError
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.aftersales import case_operations, case_queries, ledger, ledger_store
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseKind,
    CaseReason,
    CaseStepRow,
    LedgerEntryRow,
)
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.catalog.models import PriceKind, PricePoint
from pinzhi.domain.records.queries import verify_chain
from pinzhi.settings import Settings

ORDERS = ("unshipped", "delivered", "protected", "second")
ACTORS = (BUYER, STRANGER, SHOP, AGENT, MEDIATOR)
_DETOURS = frozenset({CaseEvent.CANCEL, CaseEvent.REJECT, CaseEvent.WAIVE_RECOVERY})
_TEMPLATE: Path | None = None


def _template() -> Path:
    """One migrated, seeded store, copied for every example (migrating each time is slow)."""
    global _TEMPLATE  # noqa: PLW0603 - a per-session cache of the seeded file
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="pinzhi-histories-"))
        platform = bootstrap.build(
            Settings(data_dir=folder, secret_key="test-secret"),
            database_url=f"sqlite:///{folder / 'seed.db'}",
        )
        bootstrap.migrate_to_head(platform)
        build(platform, fast_refund=True)
        with platform.uow() as uow:
            uow.session.add(
                PricePoint(id="pp_drop", sku_id="k_protected", price_fen=9_900,
                           kind=PriceKind.PROMOTION, effective_at=at(0.5))
            )  # fmt: skip
            uow.commit()
        platform.engine.dispose()
        _TEMPLATE = folder / "seed.db"
    return _TEMPLATE


class CaseHistories(RuleBasedStateMachine):
    cases = Bundle("cases")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="pinzhi-history-"))
        shutil.copy(_template(), self.folder / "p.db")
        self.platform = bootstrap.build(
            Settings(data_dir=self.folder, secret_key="test-secret"),
            database_url=f"sqlite:///{self.folder / 'p.db'}",
        )
        self.clock = 1.0

    def _tick(self) -> float:
        self.clock += 0.01
        return self.clock

    @rule(
        target=cases,
        order_id=st.sampled_from(ORDERS),
        kind=st.sampled_from(list(CaseKind)),
        reason=st.sampled_from([*CaseReason, CaseReason.PRICE_DROP, CaseReason.NO_REASON]),
        amount=st.one_of(st.none(), st.integers(min_value=1, max_value=15_000), st.none()),
        by=st.sampled_from((BUYER, AGENT)),
    )
    def open_case(
        self, order_id: str, kind: CaseKind, reason: CaseReason, amount: int | None, by: Actor
    ) -> str:
        request = CaseRequest(order_id, kind, reason, f"i_{order_id}", amount_fen=amount)
        try:
            with self.platform.uow() as uow:
                case_id = case_operations.open_case(
                    uow=uow, actor=by, request=request, now=at(self._tick())
                )
                uow.commit()
        except PinzhiError:
            label("open refused")
            return ""
        label(f"opened: {kind.value}")
        return case_id

    @rule(case_id=cases, step=st.sampled_from(list(CaseEvent)), by=st.sampled_from(ACTORS))
    def fire(self, case_id: str, step: CaseEvent, by: Actor) -> None:
        if not case_id:
            return
        before = self._footprint()
        try:
            with self.platform.uow() as uow:
                case_operations.act(
                    uow=uow, actor=by, case_id=case_id, event=step, now=at(self._tick()),
                    note="理由" if step is CaseEvent.REJECT else None,
                )  # fmt: skip
                uow.commit()
        except PinzhiError as refused:
            label(f"refused: {type(refused).__name__}")
            assert self._footprint() == before  # a refused step leaves nothing behind
        else:
            label(f"fired: {step.value}")

    @rule(case_id=cases, picks=st.lists(st.integers(0, 1) | st.integers(0, 11), max_size=8))
    def walk(self, case_id: str, picks: list[int]) -> None:
        """Fire, one after another, events the parties' decision buttons offer: whole histories."""
        for pick in picks:
            offered = [(event, by) for by in ACTORS for event in self._offered(case_id, by)]
            offered.sort(key=lambda choice: choice[0] in _DETOURS)  # mostly forward, sometimes not
            if not offered:
                return
            event, by = offered[pick % len(offered)]
            self.fire(case_id, event, by)

    def _offered(self, case_id: str, by: Actor) -> list[CaseEvent]:
        if not case_id:
            return []
        try:
            with self.platform.uow() as uow:
                return case_queries.get_case(uow=uow, actor=by, case_id=case_id).allowed_events
        except PinzhiError:
            return []

    def _footprint(self) -> tuple[int, int]:
        with self.platform.uow() as uow:
            steps = uow.session.scalar(select(func.count()).select_from(CaseStepRow)) or 0
            entries = uow.session.scalar(select(func.count()).select_from(LedgerEntryRow)) or 0
        return steps, entries

    @invariant()
    def money_is_sound(self) -> None:
        with self.platform.uow() as uow:
            for order_id in ORDERS:
                book = ledger_store.order_ledger(uow=uow, order_id=order_id)
                assert ledger.violations(book) == []
            for case in uow.session.scalars(select(AftersalesCase)):
                moved = uow.session.scalar(
                    select(func.coalesce(func.sum(LedgerEntryRow.amount_fen), 0)).where(
                        LedgerEntryRow.case_id == case.id,
                        LedgerEntryRow.movement.in_(("refund", "advance")),
                    )
                )
                assert case.refunded_fen == moved

    def teardown(self) -> None:
        with self.platform.uow() as uow:
            assert verify_chain(uow=uow, key="test-secret").ok
        self.platform.engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)


CaseHistories.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_random_case_histories = CaseHistories.TestCase
