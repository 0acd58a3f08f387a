"""After-sales cases in the store: entitlement, workflow, money and records move together."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aftersales_world import AGENT, BUYER, MEDIATOR, SHOP, STRANGER, at, build
from sqlalchemy import select

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.aftersales import case_operations, case_queries, ledger, ledger_store
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.ledger import Account, Movement
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason, CaseStatus
from pinzhi.domain.aftersales.workflow import CaseEvent, Step
from pinzhi.domain.catalog.models import PriceKind, PricePoint, Product
from pinzhi.domain.orders.models import Order, OrderStatus
from pinzhi.domain.records.queries import verify_chain
from pinzhi.domain.sla import worker
from pinzhi.domain.sla.models import ClockStatus, SlaClockRow

E = CaseEvent


def _open(
    platform: Platform, request: CaseRequest, *, actor: Actor = BUYER, days: float = 1
) -> str:
    with platform.uow() as uow:
        case_id = case_operations.open_case(uow=uow, actor=actor, request=request, now=at(days))
        uow.commit()
    return case_id


def _act(
    platform: Platform, case_id: str, event: CaseEvent, actor: Actor, *, note: str | None = None
) -> None:
    with platform.uow() as uow:
        case_operations.act(
            uow=uow, actor=actor, case_id=case_id, event=event, now=at(2), note=note
        )
        uow.commit()


def _view(platform: Platform, case_id: str, actor: Actor = AGENT) -> case_queries.CaseView:
    with platform.uow() as uow:
        return case_queries.get_case(uow=uow, actor=actor, case_id=case_id)


def _ledger(platform: Platform, order_id: str) -> ledger.Ledger:
    with platform.uow() as uow:
        return ledger_store.order_ledger(uow=uow, order_id=order_id)


NO_REASON_RETURN = CaseRequest(
    "delivered", CaseKind.RETURN_REFUND, CaseReason.NO_REASON, "i_delivered"
)


class TestRefundBeforeShipment:
    def test_is_approved_and_refunded_in_the_request(self, platform: Platform) -> None:
        build(platform)
        request = CaseRequest("unshipped", CaseKind.REFUND_BEFORE_SHIPMENT, CaseReason.OTHER)

        case_id = _open(platform, request, days=-2.5)

        view = _view(platform, case_id)
        assert view.case.status is CaseStatus.REFUNDED
        assert view.case.refunded_fen == 12_900
        assert [s.event for s in view.steps] == ["open", "auto_approve", "refund"]
        assert view.case.first_response_at == view.case.requested_at
        book = _ledger(platform, "unshipped")
        assert ledger.returned_fen(book, order_id="unshipped") == 12_900
        assert ledger.violations(book) == []
        with platform.uow() as uow:
            order = uow.session.get(Order, "unshipped")
            assert order is not None and order.status is OrderStatus.CANCELLED
            assert verify_chain(uow=uow, key="test-secret").ok

    def test_a_shipped_order_cannot_ask_for_it(self, platform: Platform) -> None:
        build(platform)
        request = CaseRequest("delivered", CaseKind.REFUND_BEFORE_SHIPMENT, CaseReason.OTHER)

        with pytest.raises(ValidationFailed, match="too late"):
            _open(platform, request)


class TestNoReasonReturn:
    def test_walks_from_request_to_refund(self, platform: Platform) -> None:
        build(platform)
        case_id = _open(platform, NO_REASON_RETURN)

        _act(platform, case_id, E.APPROVE, SHOP)
        _act(platform, case_id, E.ARRANGE_RETURN, SHOP)
        _act(platform, case_id, E.SHIP_RETURN, BUYER)
        _act(platform, case_id, E.RECEIVE_RETURN, SHOP)
        _act(platform, case_id, E.REFUND, SHOP)

        view = _view(platform, case_id, BUYER)
        assert view.case.status is CaseStatus.REFUNDED
        assert [m.movement for m in view.money] == ["refund"]
        assert view.case.refunded_fen == 12_900
        assert view.allowed_events == []  # closing is the platform's, not the consumer's
        assert E.CLOSE in _view(platform, case_id, AGENT).allowed_events

    def test_the_response_clock_runs_until_the_merchant_answers(self, platform: Platform) -> None:
        build(platform)
        case_id = _open(platform, NO_REASON_RETURN)

        with platform.uow() as uow:
            opened = uow.session.scalars(
                select(SlaClockRow).where(SlaClockRow.subject_id == case_id)
            ).one()
            deadline, status = opened.deadline, opened.status
        _act(platform, case_id, E.APPROVE, SHOP)
        with platform.uow() as uow:
            answered = uow.session.execute(
                select(SlaClockRow.status, SlaClockRow.stopped_at).where(
                    SlaClockRow.subject_id == case_id
                )
            ).one()

        assert deadline == at(1) + timedelta(hours=24)  # S1 9.2.3: return after shipment
        assert status.value == "running"
        assert (answered.status.value, answered.stopped_at) == ("stopped", at(2))

    def test_a_request_withdrawn_before_any_answer_owes_no_response(
        self, platform: Platform
    ) -> None:
        build(platform)
        case_id = _open(platform, NO_REASON_RETURN)

        _act(platform, case_id, E.CANCEL, BUYER)

        with platform.uow() as uow:
            clock = uow.session.execute(
                select(SlaClockRow.status, SlaClockRow.deadline, SlaClockRow.stopped_at).where(
                    SlaClockRow.subject_id == case_id
                )
            ).one()
            flagged = worker.flag_due_clocks(uow=uow, now=at(30), limit=100)
        assert tuple(clock) == (
            ClockStatus.WITHDRAWN,
            None,
            at(2),
        )
        assert case_id not in {item.subject_id for item in flagged}

    def test_cannot_be_rejected_inside_the_window(self, platform: Platform) -> None:
        build(platform)
        case_id = _open(platform, NO_REASON_RETURN)

        with pytest.raises(InvalidTransition, match=r"S3 6\.3\.1\.2"):
            _act(platform, case_id, E.REJECT, SHOP, note="不想退")
        assert E.REJECT not in _view(platform, case_id, SHOP).allowed_events

    def test_is_refused_after_the_seven_days(self, platform: Platform) -> None:
        build(platform)

        with pytest.raises(ValidationFailed, match="7-day no-reason window has passed"):
            _open(platform, NO_REASON_RETURN, days=7.01)

    def test_fast_refund_is_advanced_on_return_shipment(self, platform: Platform) -> None:
        build(platform, fast_refund=True)
        case_id = _open(platform, NO_REASON_RETURN)
        for event, actor in ((E.APPROVE, SHOP), (E.ARRANGE_RETURN, SHOP), (E.SHIP_RETURN, BUYER)):
            _act(platform, case_id, event, actor)

        _act(platform, case_id, E.ADVANCE_REFUND, AGENT)
        advanced = _view(platform, case_id)
        _act(platform, case_id, E.RECEIVE_RETURN, SHOP)

        assert advanced.case.state == Step.REFUND_ADVANCED
        assert advanced.case.refunded_fen == 12_900
        book = _ledger(platform, "delivered")
        assert ledger.balance(book, Account.PLATFORM_ADVANCE) == 0  # repaid by the merchant
        assert ledger.balance(book, Account.CONSUMER, order_id="delivered") == 0
        assert _view(platform, case_id).case.status is CaseStatus.REFUNDED


class TestWhoMayDoWhat:
    def test_an_illegal_event_names_the_state_and_what_is_allowed(self, platform: Platform) -> None:
        build(platform)
        case_id = _open(platform, NO_REASON_RETURN)

        with pytest.raises(InvalidTransition, match="in state requested: cannot refund") as err:
            _act(platform, case_id, E.REFUND, SHOP)
        assert "approve" in err.value.details

    def test_a_consumer_cannot_approve_their_own_case(self, platform: Platform) -> None:
        build(platform)
        case_id = _open(platform, NO_REASON_RETURN)

        with pytest.raises(Forbidden, match="approve"):
            _act(platform, case_id, E.APPROVE, BUYER)

    def test_another_consumer_does_not_see_the_case(self, platform: Platform) -> None:
        build(platform)
        case_id = _open(platform, NO_REASON_RETURN)

        with pytest.raises(NotFound):
            _act(platform, case_id, E.CANCEL, STRANGER)
        with pytest.raises(NotFound):
            _view(platform, case_id, STRANGER)
        with pytest.raises(NotFound):
            _open(platform, NO_REASON_RETURN, actor=STRANGER)


class TestMoneyCaps:
    def test_refunds_never_exceed_what_was_paid(self, platform: Platform) -> None:
        build(platform)
        first = _open(
            platform,
            CaseRequest("delivered", CaseKind.REFUND_ONLY, CaseReason.DAMAGED, amount_fen=9_000),
        )
        second = _open(
            platform,
            CaseRequest("delivered", CaseKind.REFUND_ONLY, CaseReason.QUALITY, amount_fen=9_000),
        )
        for case_id in (first, second):
            _act(platform, case_id, E.APPROVE, SHOP)
        _act(platform, first, E.REFUND, SHOP)

        with pytest.raises(ValidationFailed, match=r"exceeds the 39\.00 yuan that remain"):
            _act(platform, second, E.REFUND, SHOP)

        assert _view(platform, second).case.status is CaseStatus.APPROVED  # nothing half-written
        assert ledger.returned_fen(_ledger(platform, "delivered"), order_id="delivered") == 9_000

    def test_price_protection_pays_the_difference_from_the_price_history(
        self, platform: Platform
    ) -> None:
        build(platform)
        with platform.uow() as uow:
            uow.session.add(
                PricePoint(id="pp_drop", sku_id="k_protected", price_fen=9_900,
                           kind=PriceKind.PROMOTION, effective_at=at(1))
            )  # fmt: skip
            uow.commit()
        request = CaseRequest(
            "protected", CaseKind.PRICE_PROTECTION, CaseReason.PRICE_DROP, "i_protected"
        )

        case_id = _open(platform, request, days=2)
        _act(platform, case_id, E.APPROVE, AGENT)
        _act(platform, case_id, E.PAY_OUT, AGENT)

        view = _view(platform, case_id)
        assert view.case.requested_fen == 3_000
        assert [(m.movement, m.amount_fen) for m in view.money] == [
            ("price_protection_payout", 3_000)
        ]

    def test_price_protection_without_a_drop_is_refused(self, platform: Platform) -> None:
        build(platform)
        request = CaseRequest(
            "protected", CaseKind.PRICE_PROTECTION, CaseReason.PRICE_DROP, "i_protected"
        )

        with pytest.raises(ValidationFailed, match=r"S3 6\.8: nothing is due"):
            _open(platform, request)

    def test_compensation_is_paid_first_then_recovered(self, platform: Platform) -> None:
        build(platform)
        request = CaseRequest(
            "delivered", CaseKind.COMPENSATION, CaseReason.QUALITY, amount_fen=20_000
        )
        case_id = _open(platform, request)
        _act(platform, case_id, E.APPROVE, AGENT)
        _act(platform, case_id, E.PAY_OUT, AGENT)
        _act(platform, case_id, E.RECOVER_FROM_MERCHANT, AGENT)

        book = _ledger(platform, "delivered")
        assert ledger.balance(book, Account.COMPENSATION_FUND) == 0
        assert ledger.total(book, Movement.COMPENSATION, order_id="delivered") == 20_000
        assert _view(platform, case_id).case.status is CaseStatus.COMPLETED

    def test_only_a_mediator_waives_a_recovery(self, platform: Platform) -> None:
        build(platform)
        request = CaseRequest(
            "delivered", CaseKind.COMPENSATION, CaseReason.QUALITY, amount_fen=500
        )
        case_id = _open(platform, request)
        _act(platform, case_id, E.APPROVE, AGENT)
        _act(platform, case_id, E.PAY_OUT, AGENT)

        with pytest.raises(Forbidden, match="mediator"):
            _act(platform, case_id, E.WAIVE_RECOVERY, AGENT)
        _act(platform, case_id, E.WAIVE_RECOVERY, MEDIATOR)

        assert ledger.balance(_ledger(platform, "delivered"), Account.COMPENSATION_FUND) == -500


class TestImportedCases:
    def test_an_imported_case_continues_from_its_status(self, platform: Platform) -> None:
        build(platform)
        with platform.uow() as uow:
            uow.session.add(
                AftersalesCase(
                    id="imported", order_id="second", consumer_id="c1", merchant_id="m1",
                    kind=CaseKind.REFUND_ONLY, reason=CaseReason.DAMAGED,
                    status=CaseStatus.APPROVED, requested_at=f.T0 + timedelta(days=4),
                    requested_fen=5_000, refunded_fen=0,
                )
            )  # fmt: skip
            uow.commit()

        _act(platform, "imported", E.REFUND, AGENT)

        with platform.uow() as uow:
            refunded = uow.session.scalar(
                select(AftersalesCase.refunded_fen).where(AftersalesCase.id == "imported")
            )
        assert refunded == 5_000


class TestSanbao:
    """A phone's performance fault: return within 7 days of receipt, exchange within 15."""

    def _phone(self, platform: Platform) -> None:
        build(platform)
        with platform.uow() as uow:
            product = uow.session.get(Product, "p_second")
            assert product is not None
            product.category = "手机"
            uow.commit()

    @pytest.mark.parametrize(
        ("days", "kind", "allowed"),
        [
            (6.9, CaseKind.RETURN_REFUND, True),
            (7.9, CaseKind.RETURN_REFUND, False),
            (7.9, CaseKind.EXCHANGE, True),
            (14.9, CaseKind.EXCHANGE, True),
            (15.9, CaseKind.EXCHANGE, False),
            (15.9, CaseKind.REPAIR, True),
        ],
    )
    def test_the_windows_follow_the_day_of_receipt(
        self, platform: Platform, days: float, kind: CaseKind, allowed: bool
    ) -> None:
        self._phone(platform)
        request = CaseRequest("second", kind, CaseReason.QUALITY, "i_second")

        if allowed:
            assert _open(platform, request, days=days)
        else:
            with pytest.raises(ValidationFailed, match=r"S3 6\.5\.2: .* not a 三包 remedy"):
                _open(platform, request, days=days)
