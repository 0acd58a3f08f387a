"""The detection pass on both stores: opens, alerts, resolves, and a re-run changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

import factories as f
import logistics_factories as lf
from pinzhi.bootstrap import Platform
from pinzhi.domain.logistics.anomalies import PassReport, detect_anomalies
from pinzhi.domain.logistics.models import (
    AnomalyKind,
    AnomalyStatus,
    LogisticsAnomaly,
    TrackingNode,
)
from pinzhi.domain.notices.models import Notice
from pinzhi.domain.records.models import RecordEntry
from pinzhi.interfaces.jobs import daily_run, logistics_anomalies

T0 = datetime(2026, 11, 2, 2, tzinfo=UTC)
H = timedelta(hours=1)
N = TrackingNode


@pytest.fixture
def shop(platform: Platform) -> Platform:
    """s1 goes quiet after one transit scan; s2 is signed on time; s3 was signed a month ago."""
    with platform.uow() as uow:
        s = uow.session
        f.merchant(s, "m1")
        f.consumer(s, "c1")
        for order_id in ("o1", "o2", "o3"):
            f.order(s, order_id)
        lf.shipment(s, "s1", order_id="o1", shipped_at=T0)
        lf.scan(s, "e11", shipment_id="s1", node=N.PICKED_UP, at=T0)
        lf.scan(s, "e12", shipment_id="s1", node=N.IN_TRANSIT, at=T0 + 10 * H)
        lf.shipment(s, "s2", order_id="o2", shipped_at=T0)
        lf.scan(s, "e21", shipment_id="s2", node=N.PICKED_UP, at=T0)
        lf.scan(s, "e22", shipment_id="s2", node=N.SIGNED, at=T0 + 30 * H, note="本人签收")
        lf.shipment(s, "s3", order_id="o3", shipped_at=T0 - 30 * 24 * H)
        lf.scan(s, "e31", shipment_id="s3", node=N.SIGNED, at=T0 - 29 * 24 * H)
        uow.commit()
    return platform


def detect(platform: Platform, now: datetime) -> PassReport:
    with platform.uow() as uow:
        report = detect_anomalies(uow=uow, now=now)
        uow.commit()
    return report


def anomalies(platform: Platform) -> list[tuple[str, AnomalyKind, AnomalyStatus]]:
    with platform.uow() as uow:
        rows = uow.session.scalars(select(LogisticsAnomaly).order_by(LogisticsAnomaly.shipment_id))
        return [(a.shipment_id, a.kind, a.status) for a in rows]


def count(platform: Platform, table: type[Notice] | type[RecordEntry]) -> int:
    with platform.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(table)) or 0


def recipients(platform: Platform) -> set[tuple[str, str, str]]:
    with platform.uow() as uow:
        notices = uow.session.scalars(select(Notice))
        return {(n.recipient_kind.value, n.recipient_id, n.topic) for n in notices}


def notices_about(platform: Platform, kind: AnomalyKind) -> int:
    with platform.uow() as uow:
        return sum(n.params["kind"] == kind.value for n in uow.session.scalars(select(Notice)))


def add_scan(platform: Platform, event_id: str, node: TrackingNode, at: datetime) -> None:
    with platform.uow() as uow:
        lf.scan(uow.session, event_id, shipment_id="s1", node=node, at=at)
        uow.commit()


class TestDetection:
    def test_a_quiet_parcel_is_stuck_and_both_parties_are_told(self, shop: Platform) -> None:
        report = detect(shop, T0 + 60 * H)

        assert anomalies(shop) == [("s1", AnomalyKind.STUCK, AnomalyStatus.OPEN)]
        assert report.opened == {"stuck": 1}
        assert recipients(shop) == {
            ("consumer", "c1", "logistics_anomaly_opened"),
            ("merchant", "m1", "logistics_anomaly_opened"),
        }
        assert count(shop, RecordEntry) == 1

    def test_a_second_pass_at_the_same_time_changes_nothing(self, shop: Platform) -> None:
        detect(shop, T0 + 60 * H)
        before = (anomalies(shop), count(shop, Notice), count(shop, RecordEntry))

        report = detect(shop, T0 + 60 * H)

        assert (anomalies(shop), count(shop, Notice), count(shop, RecordEntry)) == before
        assert (report.opened, report.resolved, report.notices) == ({}, {}, 0)

    def test_a_new_scan_resolves_it_and_the_recovery_is_told(self, shop: Platform) -> None:
        detect(shop, T0 + 60 * H)
        add_scan(shop, "e13", N.IN_TRANSIT, T0 + 61 * H)

        report = detect(shop, T0 + 62 * H)

        assert anomalies(shop) == [("s1", AnomalyKind.STUCK, AnomalyStatus.RESOLVED)]
        assert report.resolved == {"stuck": 1}
        assert ("consumer", "c1", "logistics_anomaly_resolved") in recipients(shop)

    def test_an_old_scan_arriving_late_fills_the_gap(self, shop: Platform) -> None:
        detect(shop, T0 + 60 * H)
        add_scan(shop, "e13", N.IN_TRANSIT, T0 + 40 * H)  # dated before the stretch ran out

        detect(shop, T0 + 61 * H)

        assert anomalies(shop) == [("s1", AnomalyKind.STUCK, AnomalyStatus.RESOLVED)]

    def test_stuck_again_reopens_the_row_and_alerts_once_more(self, shop: Platform) -> None:
        detect(shop, T0 + 60 * H)
        add_scan(shop, "e13", N.IN_TRANSIT, T0 + 61 * H)
        detect(shop, T0 + 62 * H)

        detect(shop, T0 + 110 * H)
        detect(shop, T0 + 111 * H)

        assert ("s1", AnomalyKind.STUCK, AnomalyStatus.OPEN) in anomalies(shop)
        assert notices_about(shop, AnomalyKind.STUCK) == 6  # opened, resolved, opened: to two

    def test_later_passes_look_only_at_parcels_that_can_change(self, shop: Platform) -> None:
        first = detect(shop, T0 + 60 * H)
        second = detect(shop, T0 + 20 * 24 * H)

        third = detect(shop, T0 + 21 * 24 * H)

        assert first.examined == 3
        assert second.examined == 2  # s2's signature is within the margin for late scans
        assert third.examined == 1  # s1 is still in transit; s2 and s3 are settled

    def test_a_late_delivery_found_afterwards_is_recorded_without_an_alert(
        self, shop: Platform
    ) -> None:
        with shop.uow() as uow:
            lf.shipment(uow.session, "s4", order_id="o3", shipped_at=T0, promised_in=20 * H)
            lf.scan(uow.session, "e41", shipment_id="s4", node=N.SIGNED, at=T0 + 30 * H)
            uow.commit()

        report = detect(shop, T0 + 40 * H)

        assert ("s4", AnomalyKind.LATE, AnomalyStatus.RESOLVED) in anomalies(shop)
        assert report.recorded_over == {"late": 1}
        assert count(shop, Notice) == 0
        assert count(shop, RecordEntry) == 1  # the batch's findings, chained once


class TestDailyStep:
    def test_the_step_reports_counts_by_kind_and_what_stays_open(self, shop: Platform) -> None:
        summary = logistics_anomalies.run_pass(shop, now=T0 + 60 * H)

        assert summary["examined"] == 3
        assert summary["opened"] == {"stuck": 1}
        assert summary["open"] == {"stuck": 1}
        assert logistics_anomalies in daily_run.STEP_MODULES
