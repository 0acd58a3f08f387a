"""Logistics anomaly rules: late, stuck, damaged, undeliverable, on plain values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pinzhi.domain.logistics.anomaly_rules import (
    Detection,
    Reason,
    Scan,
    ShipmentFacts,
    StuckPolicy,
    assess,
    trajectory,
)
from pinzhi.domain.logistics.models import AnomalyKind, TrackingNode

T0 = datetime(2026, 11, 2, 2, tzinfo=UTC)  # 10:00 in China
H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
POLICY = StuckPolicy()
N = TrackingNode


def scan(
    n: int,
    node: TrackingNode,
    hours: float,
    *,
    note: str | None = None,
    place: str = "杭州转运中心",
) -> Scan:
    return Scan(f"e{n}", node, T0 + timedelta(hours=hours), place, note)


def facts(*scans: Scan, promised_h: float | None = 96, carrier: str = "SF") -> ShipmentFacts:
    promised = None if promised_h is None else T0 + timedelta(hours=promised_h)
    return ShipmentFacts("s1", carrier, T0, promised, scans)


def found(
    shipment: ShipmentFacts, kind: AnomalyKind, *, at: datetime, policy: StuckPolicy = POLICY
) -> Detection | None:
    shown = assess(shipment, now=at, policy=policy).detections
    return next((d for d in shown if d.kind is kind), None)


DELIVERED = (
    scan(1, N.PICKED_UP, 0),
    scan(2, N.IN_TRANSIT, 10),
    scan(3, N.OUT_FOR_DELIVERY, 40),
    scan(4, N.SIGNED, 44, note="本人签收"),
)


class TestStuck:
    def test_exactly_the_limit_without_a_scan_is_still_moving(self) -> None:
        shipment = facts(scan(1, N.PICKED_UP, 0), scan(2, N.IN_TRANSIT, 10))

        assert found(shipment, AnomalyKind.STUCK, at=T0 + 58 * H) is None

    def test_one_minute_past_the_limit_is_stuck_since_the_limit(self) -> None:
        shipment = facts(scan(1, N.PICKED_UP, 0), scan(2, N.IN_TRANSIT, 10))

        stuck = found(shipment, AnomalyKind.STUCK, at=T0 + 58 * H + MINUTE)

        assert stuck is not None and stuck.open
        assert stuck.started_at == T0 + 58 * H
        assert [s.id for s in stuck.evidence] == ["e2"]

    def test_a_later_scan_resolves_the_stretch_at_its_time(self) -> None:
        shipment = facts(
            scan(1, N.PICKED_UP, 0), scan(2, N.IN_TRANSIT, 10), scan(3, N.IN_TRANSIT, 70)
        )

        stuck = found(shipment, AnomalyKind.STUCK, at=T0 + 71 * H)

        assert stuck is not None
        assert stuck.resolved_at == T0 + 70 * H
        assert [s.id for s in stuck.evidence] == ["e2", "e3"]

    def test_no_scan_at_all_counts_from_the_hand_over(self) -> None:
        stuck = found(facts(), AnomalyKind.STUCK, at=T0 + 49 * H)

        assert stuck is not None and stuck.started_at == T0 + 48 * H and stuck.evidence == ()

    def test_a_signed_parcel_is_never_stuck_afterwards(self) -> None:
        assert found(facts(*DELIVERED), AnomalyKind.STUCK, at=T0 + 500 * H) is None

    def test_the_carriers_and_the_regions_longer_limit_applies(self) -> None:
        policy = StuckPolicy(by_carrier={"slow": 72 * H}, by_region={"乌鲁木齐": 96 * H})
        remote = facts(scan(1, N.IN_TRANSIT, 0, place="乌鲁木齐转运中心"), carrier="slow")
        slow = facts(scan(1, N.IN_TRANSIT, 0), carrier="slow")

        assert found(remote, AnomalyKind.STUCK, at=T0 + 90 * H, policy=policy) is None
        assert found(slow, AnomalyKind.STUCK, at=T0 + 73 * H, policy=policy) is not None

    def test_a_peak_day_adds_its_extra_hours(self) -> None:
        policy = StuckPolicy(peak_days=frozenset({date(2026, 11, 2)}))
        shipment = facts(scan(1, N.IN_TRANSIT, 0))

        assert found(shipment, AnomalyKind.STUCK, at=T0 + 72 * H, policy=policy) is None
        assert found(shipment, AnomalyKind.STUCK, at=T0 + 72 * H + MINUTE, policy=policy)


class TestLate:
    def test_not_signed_at_the_promise_is_on_time_a_minute_later_late(self) -> None:
        shipment = facts(scan(1, N.PICKED_UP, 0), scan(2, N.IN_TRANSIT, 80), promised_h=96)

        assert found(shipment, AnomalyKind.LATE, at=T0 + 96 * H) is None
        late = found(shipment, AnomalyKind.LATE, at=T0 + 96 * H + MINUTE)
        assert late is not None and late.open and late.reason is Reason.NOT_DELIVERED_BY_PROMISE

    def test_signed_after_the_promise_is_a_late_delivery_already_over(self) -> None:
        late = found(facts(*DELIVERED, promised_h=40), AnomalyKind.LATE, at=T0 + 60 * H)

        assert late is not None
        assert (late.reason, late.resolved_at) == (Reason.DELIVERED_AFTER_PROMISE, T0 + 44 * H)

    def test_signed_exactly_at_the_promise_is_on_time(self) -> None:
        assert found(facts(*DELIVERED, promised_h=44), AnomalyKind.LATE, at=T0 + 60 * H) is None

    def test_no_promise_no_lateness(self) -> None:
        assert found(facts(promised_h=None), AnomalyKind.LATE, at=T0 + 900 * H) is None


class TestDamagedAndUndeliverable:
    def test_a_damage_report_is_evidence_that_stays(self) -> None:
        damage = scan(3, N.EXCEPTION, 30, note="外包装破损，已拍照留存")
        shipment = facts(*DELIVERED[:2], damage, *DELIVERED[2:])

        damaged = found(shipment, AnomalyKind.DAMAGED, at=T0 + 60 * H)

        assert damaged is not None and damaged.open and damaged.evidence == (damage,)
        assert damaged.reason is Reason.DAMAGE_REPORTED

    def test_signed_with_an_exception_is_damaged(self) -> None:
        shipment = facts(scan(1, N.PICKED_UP, 0), scan(2, N.SIGNED, 30, note="异常签收：缺件"))

        damaged = found(shipment, AnomalyKind.DAMAGED, at=T0 + 31 * H)

        assert damaged is not None and damaged.reason is Reason.SIGNED_WITH_EXCEPTION

    def test_refused_and_returned_is_undeliverable_but_an_interception_is_not(self) -> None:
        refused = facts(scan(1, N.PICKED_UP, 0), scan(2, N.RETURNED, 50, note="收件人拒收，已退回"))
        asked = facts(
            scan(1, N.PICKED_UP, 0), scan(2, N.RETURNED, 50, note="应买家要求拦截，已退回寄件人")
        )

        shown = found(refused, AnomalyKind.UNDELIVERABLE, at=T0 + 60 * H)

        assert shown is not None and shown.reason is Reason.REFUSED
        assert found(asked, AnomalyKind.UNDELIVERABLE, at=T0 + 60 * H) is None
        assert found(refused, AnomalyKind.LATE, at=T0 + 200 * H) is None

    def test_an_address_problem_resolves_when_signed(self) -> None:
        address = scan(2, N.EXCEPTION, 20, note="收件地址不详，待联系收件人")
        waiting = facts(scan(1, N.PICKED_UP, 0), address)
        signed = facts(scan(1, N.PICKED_UP, 0), address, scan(3, N.SIGNED, 30))

        open_one = found(waiting, AnomalyKind.UNDELIVERABLE, at=T0 + 21 * H)
        over = found(signed, AnomalyKind.UNDELIVERABLE, at=T0 + 31 * H)

        assert open_one is not None and open_one.open and open_one.reason is Reason.ADDRESS_PROBLEM
        assert over is not None and over.resolved_at == T0 + 30 * H

    def test_two_delivery_runs_without_a_signature_are_repeated_failures(self) -> None:
        one_run = facts(scan(1, N.OUT_FOR_DELIVERY, 10), scan(2, N.OUT_FOR_DELIVERY, 30))
        two_runs = facts(*one_run.scans, scan(3, N.OUT_FOR_DELIVERY, 50))

        assert found(one_run, AnomalyKind.UNDELIVERABLE, at=T0 + 31 * H) is None
        twice = found(two_runs, AnomalyKind.UNDELIVERABLE, at=T0 + 51 * H)
        assert twice is not None and twice.reason is Reason.REPEATED_FAILED_ATTEMPTS
        assert twice.started_at == T0 + 30 * H


class TestNextCheck:
    def test_the_next_check_is_just_past_the_nearest_time_boundary(self) -> None:
        shipment = facts(scan(1, N.IN_TRANSIT, 0), promised_h=30)

        assert assess(shipment, now=T0 + H, policy=POLICY).next_check_at == T0 + 30 * H + timedelta(
            seconds=1
        )

    def test_a_signed_parcel_needs_no_check(self) -> None:
        assert assess(facts(*DELIVERED), now=T0 + 50 * H, policy=POLICY).next_check_at is None


JOURNEY = (
    scan(1, N.PICKED_UP, 0),
    scan(2, N.IN_TRANSIT, 60),
    scan(3, N.EXCEPTION, 70, note="包裹破损，已联系寄件方"),
    scan(4, N.IN_TRANSIT, 130),
    scan(5, N.OUT_FOR_DELIVERY, 140),
    scan(6, N.OUT_FOR_DELIVERY, 150),
    scan(7, N.OUT_FOR_DELIVERY, 155),
    scan(8, N.SIGNED, 160),
)


class TestOrderAndRepeats:
    def test_a_repeated_event_under_another_id_is_kept_once(self) -> None:
        again = Scan("x2", JOURNEY[1].node, JOURNEY[1].occurred_at, JOURNEY[1].location, None)

        kept = trajectory([*JOURNEY, again], now=T0 + 200 * H)

        assert [s.id for s in kept] == [s.id for s in JOURNEY]

    def test_a_scan_dated_in_the_future_is_not_yet_a_fact(self) -> None:
        assert [s.id for s in trajectory(JOURNEY, now=T0 + 65 * H)] == ["e1", "e2"]

    @given(
        order=st.permutations(range(len(JOURNEY))),
        repeats=st.lists(st.integers(0, len(JOURNEY) - 1), max_size=5),
        hours=st.integers(0, 220),
    )
    def test_any_arrival_order_and_any_repeats_give_the_same_assessment(
        self, order: list[int], repeats: list[int], hours: int
    ) -> None:
        now = T0 + hours * H
        shuffled = [JOURNEY[i] for i in order]
        doubled = [*shuffled, *(JOURNEY[i] for i in repeats)]

        expected = assess(facts(*JOURNEY, promised_h=120), now=now, policy=POLICY)
        actual = assess(facts(*doubled, promised_h=120), now=now, policy=POLICY)

        assert actual == expected

    @given(hours=st.integers(0, 220))
    def test_the_journey_shows_what_has_happened_by_then(self, hours: int) -> None:
        now = T0 + hours * H

        kinds = {
            d.kind
            for d in assess(facts(*JOURNEY, promised_h=120), now=now, policy=POLICY).detections
        }

        assert (AnomalyKind.STUCK in kinds) == (hours > 48)  # 0 → 60 h gap passes 48 h
        assert (AnomalyKind.DAMAGED in kinds) == (hours >= 70)
        assert (AnomalyKind.LATE in kinds) == (hours > 120)
        assert (AnomalyKind.UNDELIVERABLE in kinds) == (hours >= 155)  # second failed run
