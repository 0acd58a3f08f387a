"""Invoices reversed on refund, disputes decided on evidence, size exchange, recovery appeals."""

from __future__ import annotations

import hashlib

import pytest
from aftersales_world import AGENT, BUYER, MEDIATOR, SHOP, STRANGER, at, build

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.aftersales import case_operations, case_queries, disputes
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import CaseKind, CaseReason, CaseStatus, EvidenceKind
from pinzhi.domain.aftersales.workflow import CaseEvent, Step
from pinzhi.domain.catalog.models import Sku
from pinzhi.domain.orders import invoices
from pinzhi.domain.orders.models import InvoiceStatus

E = CaseEvent
RETURN = CaseRequest("delivered", CaseKind.RETURN_REFUND, CaseReason.NO_REASON, "i_delivered")


def _open(platform: Platform, request: CaseRequest) -> str:
    with platform.uow() as uow:
        case_id = case_operations.open_case(uow=uow, actor=BUYER, request=request, now=at(1))
        uow.commit()
    return case_id


def _walk(platform: Platform, case_id: str, *steps: tuple[CaseEvent, Actor]) -> None:
    for event, actor in steps:
        with platform.uow() as uow:
            case_operations.act(uow=uow, actor=actor, case_id=case_id, event=event, now=at(2))
            uow.commit()


def _returned(platform: Platform) -> str:
    case_id = _open(platform, RETURN)
    _walk(platform, case_id, (E.APPROVE, SHOP), (E.ARRANGE_RETURN, SHOP), (E.SHIP_RETURN, BUYER))
    _walk(platform, case_id, (E.RECEIVE_RETURN, SHOP))
    return case_id


def _invoice(platform: Platform) -> str:
    with platform.uow() as uow:
        view = invoices.issue_invoice(
            uow=uow, actor=BUYER, order_id="delivered", title="张伟", tax_number=None, now=at(0)
        )
        uow.commit()
    return view.id


class TestInvoices:
    def test_a_full_refund_reverses_the_invoice_in_red(self, platform: Platform) -> None:
        build(platform)
        invoice_id = _invoice(platform)

        _walk(platform, _returned(platform), (E.REFUND, SHOP))

        with platform.uow() as uow:
            view = invoices.get_invoice(uow=uow, actor=BUYER, invoice_id=invoice_id)
        assert view.status is InvoiceStatus.REVERSED
        assert [r.amount_fen for r in view.red_letters] == [12_900]
        assert view.remaining_fen == 0

    def test_one_live_invoice_per_order(self, platform: Platform) -> None:
        build(platform)
        _invoice(platform)

        with pytest.raises(Conflict, match="already has electronic invoice"):
            _invoice(platform)

    def test_a_stranger_cannot_read_or_issue_it(self, platform: Platform) -> None:
        build(platform)
        invoice_id = _invoice(platform)

        with platform.uow() as uow:
            with pytest.raises(NotFound):
                invoices.get_invoice(uow=uow, actor=STRANGER, invoice_id=invoice_id)
            with pytest.raises(ValidationFailed, match="15, 18 or 20"):
                invoices.issue_invoice(
                    uow=uow,
                    actor=BUYER,
                    order_id="second",
                    title="某公司",
                    tax_number="123",
                    now=at(0),
                )


class TestConditionDisputes:
    def test_a_mediator_decides_on_filed_evidence(self, platform: Platform) -> None:
        build(platform)
        case_id = _returned(platform)
        digest = hashlib.sha256(b"photo").hexdigest()
        with platform.uow() as uow:
            shop_photo = disputes.submit_evidence(
                uow=uow, actor=SHOP, case_id=case_id, kind=EvidenceKind.PHOTO,
                description="外壳有明显划痕", now=at(3), file_name="scratch.jpg", sha256=digest,
            )  # fmt: skip
            disputes.submit_evidence(
                uow=uow, actor=BUYER, case_id=case_id, kind=EvidenceKind.VIDEO,
                description="开箱视频，收到时已有划痕", now=at(3),
            )  # fmt: skip
            uow.commit()

        with platform.uow() as uow:
            with pytest.raises(Forbidden, match="mediator"):
                disputes.decide_condition_dispute(
                    uow=uow, actor=AGENT, case_id=case_id, refund_fen=9_000,
                    evidence_ids=[shop_photo.id], reason="划痕系使用造成", now=at(4),
                )  # fmt: skip
            with pytest.raises(ValidationFailed, match=r"S3 6\.3\.3"):
                disputes.decide_condition_dispute(
                    uow=uow, actor=MEDIATOR, case_id=case_id, refund_fen=9_000,
                    evidence_ids=["made-up"], reason="划痕系使用造成", now=at(4),
                )  # fmt: skip
            disputes.decide_condition_dispute(
                uow=uow, actor=MEDIATOR, case_id=case_id, refund_fen=9_000,
                evidence_ids=[shop_photo.id], reason="划痕系使用造成，扣除折旧", now=at(4),
            )  # fmt: skip
            uow.commit()

        with platform.uow() as uow:
            view = case_queries.get_case(uow=uow, actor=BUYER, case_id=case_id)
            filed = disputes.list_evidence(uow=uow, case_id=case_id)
        assert view.case.status is CaseStatus.REFUNDED
        assert view.case.refunded_fen == 9_000
        assert [e.party for e in filed] == ["merchant", "consumer"]

    def test_evidence_with_a_malformed_digest_is_refused(self, platform: Platform) -> None:
        build(platform)
        case_id = _returned(platform)

        with platform.uow() as uow, pytest.raises(ValidationFailed, match="sha256"):
            disputes.submit_evidence(
                uow=uow, actor=BUYER, case_id=case_id, kind=EvidenceKind.PHOTO,
                description="照片", now=at(3), sha256="not-a-digest",
            )  # fmt: skip


class TestExchangeOfSize:
    def test_the_replacement_must_be_another_sku_of_the_product(self, platform: Platform) -> None:
        build(platform)
        with platform.uow() as uow:
            uow.session.add(
                Sku(id="k_delivered_L", product_id="p_delivered", spec="L", list_price_fen=12_900)
            )
            uow.session.add(
                Sku(id="k_other", product_id="p_second", spec="M", list_price_fen=12_900)
            )
            uow.commit()
        base = CaseRequest("delivered", CaseKind.EXCHANGE, CaseReason.QUALITY, "i_delivered")

        with pytest.raises(ValidationFailed, match="not a size or model"):
            _open(platform, CaseRequest(**{**base.__dict__, "exchange_sku_id": "k_other"}))
        with pytest.raises(ValidationFailed, match="the one ordered"):
            _open(platform, CaseRequest(**{**base.__dict__, "exchange_sku_id": "k_delivered"}))
        case_id = _open(
            platform, CaseRequest(**{**base.__dict__, "exchange_sku_id": "k_delivered_L"})
        )

        assert case_id


class TestRecoveryAppeal:
    def test_the_merchant_appeals_and_the_mediator_waives(self, platform: Platform) -> None:
        build(platform)
        request = CaseRequest(
            "delivered", CaseKind.COMPENSATION, CaseReason.QUALITY, amount_fen=800
        )
        case_id = _open(platform, request)
        _walk(platform, case_id, (E.APPROVE, AGENT), (E.PAY_OUT, AGENT), (E.APPEAL_RECOVERY, SHOP))

        with platform.uow() as uow:
            appealed = case_queries.get_case(uow=uow, actor=MEDIATOR, case_id=case_id)
        _walk(platform, case_id, (E.WAIVE_RECOVERY, MEDIATOR))

        assert appealed.case.state == Step.RECOVERY_APPEALED
        assert appealed.allowed_events == [E.RECOVER_FROM_MERCHANT, E.WAIVE_RECOVERY]
