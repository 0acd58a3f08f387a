"""Service attainment on tiny hand-built tables: each figure below is worked out by hand.

Times are UTC; the platform zone is Asia/Shanghai (UTC+8). Day 10 is 2026-06-10; `T0` is its
local noon. The run knows what happened before `CUTOFF` (the end of 2026-06-13, local).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import pyarrow as pa
import pytest

from pinzhi.domain.attainment.measures import AFTERSALES, ALL, Stat, current_policies
from pinzhi.domain.indicators import metrics, service_metrics
from pinzhi.domain.service.sla import DEFAULT_POLICIES, Measure, SlaPolicy

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 6, 10)
LAST = date(2026, 6, 13)
T0 = datetime(2026, 6, 10, 4, tzinfo=UTC)
CUTOFF = datetime(2026, 6, 13, 16, tzinfo=UTC)
INSTANT = pa.timestamp("us", "UTC")
CHAT, PHONE = "online_chat", "phone"
M = Measure
Key = tuple[date, str, str, str, str, str]
Values = dict[Key, tuple[float, int, int, int]]


def s(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


SESSIONS = [
    # id, merchant, agent, channel, started, queued, joined, ended
    ("s1", "m1", "a1", CHAT, s(0), s(20), s(22), s(260)),
    ("s2", "m1", None, CHAT, s(0), s(0), s(5), s(200)),
    ("s3", "m2", "a1", CHAT, s(0), s(0), None, s(10)),
    ("s4", "m2", "a2", CHAT, s(0), s(0), None, None),
    ("p1", "m1", "a2", PHONE, s(0), s(0), s(15), s(100)),
    ("p2", "m2", "a2", PHONE, s(0), s(0), s(33.5), s(100)),
    ("b1", "m1", None, "bot", s(0), None, None, s(30)),
]
MESSAGES = [
    # session, seq, sender, at (seconds after T0)
    ("s1", 1, "consumer", 0),  # to the bot, before the buyer asked for a person
    ("s1", 2, "bot", 2),
    ("s1", 3, "consumer", 20),  # 转人工: queued
    ("s1", 4, "agent", 45),  # first response 25 s
    ("s1", 5, "consumer", 60),
    ("s1", 6, "consumer", 70),  # the same turn: the clock runs from 60
    ("s1", 7, "agent", 130),  # 70 s
    ("s1", 8, "agent", 135),  # a second reply answers nothing new
    ("s1", 9, "consumer", 200),  # a closing word, never answered: not a turn
    ("s2", 1, "consumer", 0),
    ("s2", 2, "merchant", 40),  # 40 s: over the 30 s first-response limit
    ("s2", 3, "consumer", 100),
    ("s2", 4, "merchant", 190),  # 90 s
    ("s3", 1, "consumer", 0),  # left after 10 s, before the limit: not judged
    ("s4", 1, "consumer", 0),  # never answered: a breach without a time
    ("b1", 1, "consumer", 0),
    ("b1", 2, "bot", 1),
]
CASES = [
    # id, merchant, kind, reason, requested, first response
    ("c1", "m1", "refund_before_shipment", "no_reason", T0, T0 + timedelta(minutes=30)),
    ("c2", "m1", "return_refund", "no_reason", T0, T0 + timedelta(hours=25)),
    ("c3", "m2", "exchange", "quality", T0, T0 + timedelta(hours=30)),
    ("c4", "m2", "resend", "wrong_item", T0, None),
    ("c5", "m2", "refund_before_shipment", "no_reason", CUTOFF - timedelta(minutes=30), None),
    (
        "c6",
        "m1",
        "refund_before_shipment",
        "no_reason",
        CUTOFF - timedelta(hours=2),
        CUTOFF + timedelta(minutes=30),
    ),
]


def table(rows: list[tuple[Any, ...]], strings: tuple[str, ...], **others: pa.DataType) -> pa.Table:
    """Rows of the `strings` columns, then the `others`."""
    schema = pa.schema([(n, pa.string()) for n in strings] + list(others.items()))
    return pa.Table.from_pylist([dict(zip(schema.names, row, strict=True)) for row in rows], schema)


def tables(*, shuffle: int | None = None) -> dict[str, pa.Table]:
    messages = [
        (f"{session}-{seq}", session, sender, seq, s(at)) for session, seq, sender, at in MESSAGES
    ]
    if shuffle is not None:
        random.Random(shuffle).shuffle(messages)
    instants = ("started_at", "queued_at", "agent_joined_at", "ended_at")
    return {
        "service_sessions": table(
            SESSIONS,
            ("id", "merchant_id", "agent_id", "channel"),
            **dict.fromkeys(instants, INSTANT),
        ),
        "service_messages": table(
            messages, ("id", "session_id", "sender"), seq=pa.int64(), sent_at=INSTANT
        ),
        "aftersales_cases": table(
            CASES,
            ("id", "merchant_id", "kind", "reason"),
            requested_at=INSTANT,
            first_response_at=INSTANT,
        ),
    }


@pytest.fixture(scope="module")
def duckdb() -> Iterator[Any]:
    con = ibis.duckdb.connect()
    yield con
    con.disconnect()


def compute(
    con: Any, *, shuffle: int | None = None, policies: tuple[SlaPolicy, ...] = DEFAULT_POLICIES
) -> Values:
    source = {name: ibis.memtable(table) for name, table in tables(shuffle=shuffle).items()}
    expression = service_metrics.attainment_values(
        **source, days=metrics.window(LAST, 3), tz=TZ, cutoff=CUTOFF, policies=policies
    )
    rows = con.to_pyarrow(expression).to_pylist()
    return {
        (r["day"], r["channel"], r["merchant_id"], r["agent_id"], r["measure"], r["statistic"]): (
            r["value"],
            r["numerator"],
            r["denominator"],
            r["samples"],
        )
        for r in rows
    }


@pytest.fixture(scope="module")
def values(duckdb: Any) -> Values:
    return compute(duckdb, shuffle=7)


def stats(values: Values, *key: str, day: date = DAY) -> dict[str, tuple[float, int, int, int]]:
    channel, merchant, agent, measure = key
    return {k[5]: v for k, v in values.items() if k[:5] == (day, channel, merchant, agent, measure)}


class TestChatFirstResponse:
    def test_an_agent_s_first_reply_is_timed_from_the_buyer_reaching_a_person(
        self, values: Values
    ) -> None:
        found = stats(values, CHAT, "m1", "a1", M.CHAT_FIRST_RESPONSE)

        assert found["mean"] == (25_000.0, 25_000, 1, 1)
        assert found["within"] == (1.0, 1, 1, 1)
        assert found["breaches"] == (0.0, 0, 1, 1)

    def test_a_merchant_rolls_up_its_agents_and_its_own_staff(self, values: Values) -> None:
        found = stats(values, CHAT, "m1", ALL, M.CHAT_FIRST_RESPONSE)

        assert found == {
            "mean": (32_500.0, 65_000, 2, 2),
            "p50": (25_000.0, 25_000, 1, 2),
            "p90": (40_000.0, 40_000, 1, 2),
            "within": (0.5, 1, 2, 2),
            "breaches": (1.0, 1, 1, 2),
        }

    def test_an_unanswered_chat_is_a_breach_only_if_the_buyer_waited_past_the_limit(
        self, values: Values
    ) -> None:
        platform = stats(values, CHAT, ALL, ALL, M.CHAT_FIRST_RESPONSE)

        assert platform["mean"] == (32_500.0, 65_000, 2, 2)
        assert platform["within"] == (1 / 3, 1, 3, 3)
        assert platform["breaches"] == (2.0, 2, 1, 3)
        assert stats(values, CHAT, "m2", ALL, M.CHAT_FIRST_RESPONSE) == {
            "within": (0.0, 0, 1, 1),
            "breaches": (1.0, 1, 1, 1),
        }
        assert stats(values, CHAT, "m2", "a1", M.CHAT_FIRST_RESPONSE) == {}

    def test_an_agent_rolls_up_over_merchants(self, values: Values) -> None:
        assert stats(values, CHAT, ALL, "a1", M.CHAT_FIRST_RESPONSE)["within"] == (1.0, 1, 1, 1)
        assert stats(values, CHAT, ALL, "a2", M.CHAT_FIRST_RESPONSE)["within"] == (0.0, 0, 1, 1)


class TestChatAverageResponse:
    def test_every_answered_turn_is_timed_from_its_first_buyer_message(
        self, values: Values
    ) -> None:
        found = stats(values, CHAT, ALL, ALL, M.CHAT_AVERAGE_RESPONSE)

        assert found["mean"] == (56_250.0, 225_000, 4, 4)
        assert found["p50"] == (40_000.0, 40_000, 1, 4)
        assert found["p90"] == (90_000.0, 90_000, 1, 4)

    def test_a_session_is_within_when_its_mean_turn_is(self, values: Values) -> None:
        found = stats(values, CHAT, ALL, ALL, M.CHAT_AVERAGE_RESPONSE)

        assert found["within"] == (0.5, 1, 2, 2)
        assert stats(values, CHAT, "m1", "a1", M.CHAT_AVERAGE_RESPONSE)["within"] == (1.0, 1, 1, 1)


class TestPhoneQueue:
    def test_queue_time_runs_from_queueing_to_the_agent_joining(self, values: Values) -> None:
        found = stats(values, PHONE, ALL, ALL, M.PHONE_AVERAGE_QUEUE)

        assert found == {
            "mean": (24_250.0, 48_500, 2, 2),
            "p50": (15_000.0, 15_000, 1, 2),
            "p90": (33_500.0, 33_500, 1, 2),
            "within": (0.5, 1, 2, 2),
            "breaches": (1.0, 1, 1, 2),
        }
        assert stats(values, PHONE, ALL, "a2", M.PHONE_AVERAGE_QUEUE)["mean"][0] == 24_250.0


class TestAftersalesResponse:
    def test_each_kind_is_held_to_its_own_limit(self, values: Values) -> None:
        refund = stats(values, AFTERSALES, ALL, ALL, M.REFUND_BEFORE_SHIPMENT)
        returns = stats(values, AFTERSALES, "m1", ALL, M.RETURN_AFTER_SHIPMENT)
        quality = stats(values, AFTERSALES, "m2", ALL, M.QUALITY_OR_RESEND)

        assert refund["mean"] == (1_800_000.0, 1_800_000, 1, 1)
        assert refund["within"] == (1.0, 1, 1, 1)
        assert returns["within"] == (0.0, 0, 1, 1)
        assert returns["mean"][1] == 25 * 3_600_000
        assert quality["mean"] == (108_000_000.0, 108_000_000, 1, 1)
        assert quality["within"] == (0.5, 1, 2, 2), "the unanswered re-send is overdue"

    def test_an_answer_after_the_cutoff_is_not_known_yet(self, values: Values) -> None:
        last_day = stats(values, AFTERSALES, ALL, ALL, M.REFUND_BEFORE_SHIPMENT, day=LAST)

        assert last_day == {"within": (0.0, 0, 1, 1), "breaches": (1.0, 1, 1, 1)}, (
            "c6 is overdue and unanswered at the cutoff; c5 still has time"
        )

    def test_cases_have_no_agent_rows(self, values: Values) -> None:
        assert all(k[3] == ALL for k in values if k[1] == AFTERSALES)


class TestDefinition:
    def test_row_order_changes_nothing(self, duckdb: Any, values: Values) -> None:
        assert compute(duckdb, shuffle=None) == values
        assert compute(duckdb, shuffle=123) == values

    def test_bot_only_sessions_are_not_measured(self, values: Values) -> None:
        assert {k[1] for k in values} == {CHAT, PHONE, AFTERSALES}

    def test_a_newer_policy_version_sets_the_limit(self, duckdb: Any) -> None:
        stricter = SlaPolicy(
            M.CHAT_FIRST_RESPONSE, timedelta(seconds=20), "online_7x24",
            DEFAULT_POLICIES[0].clock, version=2,
        )  # fmt: skip

        found = compute(duckdb, policies=(*DEFAULT_POLICIES, stricter))

        key = (DAY, CHAT, "m1", "a1", M.CHAT_FIRST_RESPONSE.value, Stat.WITHIN.value)
        assert found[key] == (0.0, 0, 1, 1)

    def test_every_measure_needs_a_policy(self) -> None:
        with pytest.raises(ValueError, match="no SLA policy"):
            current_policies(DEFAULT_POLICIES[1:])
