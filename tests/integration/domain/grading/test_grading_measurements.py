"""The grade's measurements on small lakes, against counts worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import pytest
from grading_lakes import memtable_sources

from pinzhi.domain.grading.measurements import COLUMNS, Window, measurement_table

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = date(2026, 6, 30)
CUTOFF = datetime(2026, 6, 30, 16, tzinfo=UTC)  # 2026-07-01 00:00 in Shanghai
JOINED = datetime(2025, 1, 1, tzinfo=UTC)


def at(month: int, day: int, hour: int = 4, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def order(
    order_id: str,
    placed: datetime,
    *,
    status: str = "delivered",
    shipped: timedelta | None = timedelta(days=1),
    delivered: timedelta | None = timedelta(days=3),
    cancelled_at: datetime | None = None,
    merchant_id: str = "m1",
) -> dict[str, Any]:
    return {
        "id": order_id, "consumer_id": "c1", "merchant_id": merchant_id, "status": status,
        "paid_fen": 100, "placed_at": placed, "ship_by": placed + timedelta(days=2),
        "shipped_at": None if shipped is None else placed + shipped,
        "estimated_delivery_at": placed + timedelta(days=5),
        "delivered_at": None if delivered is None else placed + delivered,
        "cancelled_at": cancelled_at,
    }  # fmt: skip


def case(case_id: str, order_id: str, kind: str, requested: datetime) -> dict[str, Any]:
    return {"id": case_id, "order_id": order_id, "merchant_id": "m1", "kind": kind,
            "reason": "quality", "status": "requested", "requested_at": requested}  # fmt: skip


def message(session: str, seq: int, sender: str, sent: datetime) -> dict[str, Any]:
    return {"id": f"{session}-{seq}", "session_id": session, "seq": seq, "sender": sender,
            "kind": "text", "sent_at": sent}  # fmt: skip


def session(
    session_id: str,
    started: datetime,
    channel: str = "online_chat",
    queued: datetime | None = None,
) -> dict[str, Any]:
    return {"id": session_id, "consumer_id": "c1", "merchant_id": "m1", "channel": channel,
            "started_at": started, "queued_at": queued}  # fmt: skip


def violation(vid: str, kind: str, severity: str, status: str, at_: datetime) -> dict[str, Any]:
    return {"id": vid, "merchant_id": "m1", "kind": kind, "severity": severity,
            "status": status, "detected_at": at_, "source": "patrol"}  # fmt: skip


def product(pid: str, brand: str | None, delisted: datetime | None = None) -> dict[str, Any]:
    return {"id": pid, "merchant_id": "m1", "brand_id": brand, "category": "家电",
            "title": pid, "listed_at": JOINED, "delisted_at": delisted}  # fmt: skip


def licence(
    qid: str, kind: str, until: date | None, *, verified: bool, since: date = date(2025, 1, 1)
) -> dict[str, Any]:
    return {"id": qid, "merchant_id": "m1", "kind": kind, "number": qid,
            "valid_from": since, "valid_until": until, "verified": verified}  # fmt: skip


SMALL_LAKE: dict[str, list[dict[str, Any]]] = {
    "merchants": [
        {
            "id": "m1",
            "name": "一号店",
            "kind": "third_party",
            "main_category": "家电",
            "joined_at": JOINED,
            "status": "active",
            "deposit_fen": 500_000,
        },
        {
            "id": "m2",
            "name": "二号店",
            "kind": "third_party",
            "main_category": "服饰",
            "joined_at": JOINED,
            "status": "active",
            "deposit_fen": 0,
        },
    ],
    "orders": [
        order("o1", at(6, 1), shipped=timedelta(days=3), delivered=timedelta(days=4)),
        order(
            "o2",
            at(5, 1),
            status="cancelled",
            shipped=None,
            delivered=None,
            cancelled_at=at(5, 1, 5),
        ),
        order("o3", at(6, 10), delivered=timedelta(days=7)),
        order("o4", at(6, 20)),
        order("o5", at(3, 1)),  # before the 90-day window
        order("o6", at(6, 29), shipped=None, delivered=None),  # ship-by not yet passed
        order("o7", at(6, 25), shipped=None, delivered=None),  # overdue: late on both counts
    ],
    "aftersales_cases": [
        case("a1", "o3", "return_refund", at(6, 18)),
        case("a2", "o4", "exchange", at(6, 22)),
        case("a3", "o4", "compensation", at(6, 23)),
        case("a4", "o1", "refund_only", CUTOFF),  # at the cutoff: not yet happened
    ],
    "reviews": [
        {
            "id": "r1",
            "order_id": "o1",
            "merchant_id": "m1",
            "consumer_id": "c1",
            "rating": 5,
            "created_at": at(6, 10),
        },
        {
            "id": "r2",
            "order_id": "o3",
            "merchant_id": "m1",
            "consumer_id": "c1",
            "rating": 2,
            "created_at": at(6, 20),
        },
        {
            "id": "r3",
            "order_id": "o1",
            "merchant_id": "m1",
            "consumer_id": "c1",
            "rating": 1,
            "created_at": at(7, 2),
        },  # after the cutoff
    ],
    "complaints": [
        {
            "id": "k1",
            "consumer_id": "c1",
            "merchant_id": "m1",
            "order_id": "o4",
            "channel": "online_chat",
            "nature": "quality",
            "status": "closed",
            "upheld": True,
            "filed_at": at(6, 22),
            "resolved_at": at(6, 24),
            "matter": "坏了",
        },
        {
            "id": "k2",
            "consumer_id": "c1",
            "merchant_id": "m1",
            "order_id": "o1",
            "channel": "phone",
            "nature": "logistics",
            "status": "resolved",
            "upheld": False,
            "filed_at": at(6, 28),
            "resolved_at": at(7, 3),
            "matter": "慢",
        },
    ],
    "service_sessions": [
        session("s1", at(6, 15, 10)),
        session("s2", at(6, 15, 11)),
        session("s3", at(6, 15, 12)),
        session("s4", at(6, 15, 13), channel="phone"),
        session("s5", at(6, 15, 14)),
        session("s6", at(6, 15, 15)),
        session("s7", at(6, 15, 16), queued=at(6, 15, 16, 2, 0)),  # the bot first, then a person
    ],
    "service_messages": [
        message("s1", 1, "consumer", at(6, 15, 10, 0, 0)),
        message("s1", 2, "agent", at(6, 15, 10, 0, 20)),  # 20 s: in time
        message("s2", 1, "consumer", at(6, 15, 11, 0, 0)),
        message("s2", 2, "merchant", at(6, 15, 11, 1, 0)),  # 60 s: late
        message("s3", 1, "agent", at(6, 15, 12, 0, 0)),  # a greeting is no answer
        message("s3", 2, "consumer", at(6, 15, 12, 0, 5)),
        message("s3", 3, "agent", at(6, 15, 12, 0, 50)),  # 45 s after the question: late
        message("s4", 1, "consumer", at(6, 15, 13)),  # phone: not a chat
        message("s5", 1, "consumer", at(6, 15, 14)),
        message("s5", 2, "agent", at(6, 15, 14, 0, 30)),  # exactly 30 s: in time
        message("s6", 1, "consumer", at(6, 15, 15)),
        message("s6", 2, "agent", at(6, 15, 15, 0, 30) + timedelta(milliseconds=400)),  # late
        message("s7", 1, "consumer", at(6, 15, 16, 0, 0)),  # to the bot: not human service
        message("s7", 2, "bot", at(6, 15, 16, 0, 1)),
        message("s7", 3, "consumer", at(6, 15, 16, 2, 0)),  # asks for a person (queued)
        message("s7", 4, "agent", at(6, 15, 16, 2, 20)),  # 20 s after reaching a person: in time
    ],
    "violations": [
        violation("v1", "other", "minor", "confirmed", at(6, 5)),
        violation("v2", "counterfeit", "severe", "confirmed", at(6, 6)),
        violation("v3", "other", "major", "reported", at(6, 7)),  # not confirmed
        violation("v4", "fake_orders", "major", "confirmed", at(1, 7)),  # before the window
    ],
    "products": [
        product("p1", "b1"),
        product("p2", "b2"),
        product("p3", None),
        product("p4", "b1", delisted=at(6, 1)),
    ],
    "brands": [
        {"id": "b1", "name": "名牌", "well_known": True},
        {"id": "b2", "name": "小牌", "well_known": False},
    ],
    "brand_authorisations": [
        {
            "id": "ba1",
            "merchant_id": "m1",
            "brand_id": "b1",
            "level": "authorised",
            "valid_from": date(2025, 1, 1),
            "valid_until": None,
        },
        {
            "id": "ba2",
            "merchant_id": "m1",
            "brand_id": "b2",
            "level": "authorised",
            "valid_from": date(2025, 1, 1),
            "valid_until": date(2026, 1, 1),
        },
    ],
    "merchant_qualifications": [
        licence("q1", "business_licence", None, verified=True),
        licence("q2", "food_licence", date(2027, 1, 1), verified=False),
        licence("q3", "import_licence", date(2026, 1, 1), verified=True),
        licence("q4", "business_licence", date(2025, 6, 1), verified=True),
    ],
}


def measure(lake: dict[str, list[dict[str, Any]]], **window: Any) -> dict[str, dict[str, Any]]:
    backend = ibis.duckdb.connect()
    expression = measurement_table(memtable_sources(**lake), Window(AS_OF, TZ, **window))
    rows = backend.to_pyarrow(expression).to_pylist()
    backend.disconnect()
    return {row["merchant_id"]: row for row in rows}


class TestMeasurements:
    def test_every_count_as_worked_out_by_hand(self) -> None:
        found = measure(SMALL_LAKE)

        assert found["m1"] == {
            "merchant_id": "m1", "main_category": "家电", "deposit_fen": 500_000,
            # o1 o2 o3 o4 o6 o7 placed in the 90 days; o2 cancelled
            "orders": 6, "cancelled": 1,
            # due: o1 o3 o4 o7 (o6's ship-by is after the cutoff); late: o1, o7 never shipped
            "shipment_due": 4, "shipped_late": 2,
            # due: o1 o3 o4 o7; late: o3 arrived on day 7, o7 never did
            "delivery_due": 4, "delivered_late": 2,
            # refund: o3 (a4 lands at the cutoff); returns: o3 and the exchange of o4
            "refund_orders": 1, "return_orders": 2,
            # ODR window (60 days) leaves out o2; defects: o3 (2 stars), o4 (upheld + paid) once
            "odr_orders": 5, "defect_orders": 2,
            "reviews": 2, "rating_sum": 7,
            "complaints": 2, "complaints_closed": 1,
            "chats": 6, "chats_answered": 3,
            "minor_violations": 1, "serious_violations": 0, "severe_violations": 1,
            "offence_counterfeit": 1, "offence_fake_orders": 0,
            "offence_false_advertising": 0, "offence_unsafe_goods": 0,
            # p4 delisted; p1 famous and authorised, p2's authorisation lapsed, p3 no brand
            "listings": 3, "well_known_listings": 1, "branded_listings": 2,
            "authorised_listings": 1,
            # q1 q2 current, q1 verified; the import licence lapsed, the old business one renewed
            "licences": 2, "verified_licences": 1, "lapsed_licence_kinds": 1,
        }  # fmt: skip

    def test_a_merchant_without_activity_has_zeros(self) -> None:
        found = measure(SMALL_LAKE)

        assert set(found["m2"]) == set(COLUMNS)
        assert {k: v for k, v in found["m2"].items() if v} == {
            "merchant_id": "m2",
            "main_category": "服饰",
        }

    def test_windows_move_orders_in_and_out(self) -> None:
        short = measure(SMALL_LAKE, days=30, odr_days=30)["m1"]
        assert (short["orders"], short["odr_orders"]) == (5, 5)  # o2 (1 May) falls out
        assert short["cancelled"] == 0

        wide = measure(SMALL_LAKE, days=180, odr_days=180)["m1"]
        assert (wide["orders"], wide["odr_orders"]) == (7, 7)  # o5 (1 March) comes in
        assert wide["serious_violations"] == 1  # v4 in January now counts
        assert wide["offence_fake_orders"] == 1

    def test_windows_are_checked(self) -> None:
        with pytest.raises(ValueError, match="odr_days"):
            Window(AS_OF, TZ, days=30, odr_days=60)
