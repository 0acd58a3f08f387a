"""延时交付必赔 is paid automatically, once, from the fund, and recovered from the merchant."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.aftersales import commitments, ledger, ledger_store
from pinzhi.domain.aftersales.ledger import Account, Movement
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseStatus
from pinzhi.domain.governance.models import CommitmentKind, ServiceCommitment
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.domain.records.queries import verify_chain

NOW = f.T0 + timedelta(days=5)


def _world(platform: Platform, *, withdrawn: bool = False) -> None:
    with platform.uow() as uow:
        s = uow.session
        f.merchant(s, "m1")
        f.merchant(s, "m2")
        f.consumer(s, "c1")
        s.add(
            ServiceCommitment(
                id="sc1", merchant_id="m1", kind=CommitmentKind.LATE_DELIVERY_COMPENSATION,
                terms="未在承诺时间内发货，自动赔付5元", compensation_fen=500,
                published_at=f.T0 - timedelta(days=10),
                withdrawn_at=f.T0 - timedelta(days=1) if withdrawn else None,
            )
        )  # fmt: skip
        late = f.order(s, "late")  # ship_by = T0 + 48 h
        late.shipped_at, late.status = f.T0 + timedelta(hours=60), OrderStatus.SHIPPED
        f.order(s, "unshipped")  # still not shipped at NOW: late as well
        on_time = f.order(s, "on_time")
        on_time.shipped_at, on_time.status = f.T0 + timedelta(hours=20), OrderStatus.SHIPPED
        other = f.order(s, "other_shop", merchant_id="m2")  # m2 promised nothing
        other.shipped_at = f.T0 + timedelta(hours=90)
        uow.commit()


class TestLateShipmentCompensation:
    def test_each_broken_promise_is_paid_once(self, platform: Platform) -> None:
        _world(platform)

        with platform.uow() as uow:
            first = commitments.compensate_late_shipments(uow=uow, now=NOW)
        with platform.uow() as uow:
            again = commitments.compensate_late_shipments(uow=uow, now=NOW + timedelta(days=1))

        assert (first.compensated, first.paid_fen) == (2, 1_000)
        assert (again.checked, again.compensated) == (2, 0)
        with platform.uow() as uow:
            cases = uow.session.scalars(
                select(AftersalesCase).order_by(AftersalesCase.order_id)
            ).all()
            assert [(c.order_id, c.kind, c.status) for c in cases] == [
                ("late", CaseKind.COMPENSATION, CaseStatus.COMPLETED),
                ("unshipped", CaseKind.COMPENSATION, CaseStatus.COMPLETED),
            ]
            book = ledger_store.order_ledger(uow=uow, order_id="late")
            assert ledger.total(book, Movement.COMPENSATION, order_id="late") == 500
            assert ledger.balance(book, Account.COMPENSATION_FUND) == 0  # recovered from m1
            assert ledger.balance(book, Account.CONSUMER, order_id="late") == -12_900 + 500
            assert verify_chain(uow=uow, key="test-secret").ok

    def test_a_withdrawn_commitment_promises_nothing(self, platform: Platform) -> None:
        _world(platform, withdrawn=True)

        with platform.uow() as uow:
            run = commitments.compensate_late_shipments(uow=uow, now=NOW)

        assert (run.checked, run.compensated) == (0, 0)
