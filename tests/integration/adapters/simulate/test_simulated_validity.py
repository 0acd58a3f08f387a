"""Every simulated row is valid: keys, references, enums, money, sums and the order of time."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
from sqlalchemy import Enum

from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.domain.tables import IMPORT_ORDER, metadata

Frames = dict[str, pd.DataFrame]
PROMISES = {("orders", "ship_by"), ("orders", "estimated_delivery_at")}
"""Promised instants may lie after the export; everything else has happened by then."""


def foreign_keys() -> list[tuple[str, str, str, str]]:
    """Sorted: a table's foreign keys are a set, and parallel workers must collect one order."""
    return sorted(
        (name, fk.parent.name, fk.column.table.name, fk.column.name)
        for name in IMPORT_ORDER
        for fk in metadata.tables[name].foreign_keys
    )


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("id")


class TestKeysAndReferences:
    @pytest.mark.parametrize("name", IMPORT_ORDER)
    def test_ids_are_unique(self, frames: Frames, name: str) -> None:
        assert frames[name]["id"].is_unique

    @pytest.mark.parametrize(("table", "column", "parent", "key"), foreign_keys())
    def test_every_reference_resolves_within_the_files(
        self, frames: Frames, table: str, column: str, parent: str, key: str
    ) -> None:
        referenced = frames[table][column].dropna()

        dangling = ~referenced.isin(frames[parent][key])

        assert not dangling.any(), referenced[dangling].head().tolist()


class TestValues:
    @pytest.mark.parametrize(
        ("name", "column", "allowed"),
        [
            (name, column.name, column.type.enums)
            for name in IMPORT_ORDER
            for column in metadata.tables[name].columns
            if isinstance(column.type, Enum)
        ],
    )
    def test_enum_columns_hold_only_enum_values(
        self, frames: Frames, name: str, column: str, allowed: list[str]
    ) -> None:
        assert set(frames[name][column].dropna()) <= set(allowed)

    @pytest.mark.parametrize(
        ("name", "column"),
        [
            (n, c.name)
            for n in IMPORT_ORDER
            for c in metadata.tables[n].columns
            if c.name.endswith("_fen")
        ],
    )
    def test_money_is_never_negative(self, frames: Frames, name: str, column: str) -> None:
        assert (frames[name][column] >= 0).all()

    def test_ranges_hold(self, frames: Frames) -> None:
        assert (frames["order_items"]["quantity"] > 0).all()
        assert frames["reviews"]["rating"].between(1, 5).all()
        assert frames["consumers"]["credit_score"].between(0, 1000).all()

    def test_phones_are_eleven_digit_mobile_numbers(self, frames: Frames) -> None:
        phones = frames["consumers"]["phone"]

        assert phones.str.fullmatch(r"1[3-9]\d{9}").all()


class TestMoneyAddsUp:
    def test_goods_are_the_sum_of_quantity_times_unit_price(self, frames: Frames) -> None:
        items = frames["order_items"]
        lines = (items["quantity"] * items["unit_price_fen"]).groupby(items["order_id"]).sum()

        goods = by_id(frames["orders"])["goods_fen"]

        assert lines.reindex(goods.index).eq(goods).all()

    def test_items_paid_plus_freight_is_what_the_order_paid(self, frames: Frames) -> None:
        orders = by_id(frames["orders"])
        items_paid = frames["order_items"].groupby("order_id")["paid_fen"].sum()

        assert (
            (items_paid.reindex(orders.index) + orders["freight_fen"]).eq(orders["paid_fen"]).all()
        )
        assert (
            (orders["goods_fen"] - orders["discount_fen"] + orders["freight_fen"])
            .eq(orders["paid_fen"])
            .all()
        )

    def test_successful_payments_add_up_to_the_order(self, frames: Frames) -> None:
        orders = by_id(frames["orders"])
        payments = frames["payments"]
        settled = payments[payments["status"] != "failed"].groupby("order_id")["amount_fen"].sum()

        paid = orders.loc[settled.index, "paid_fen"]

        assert settled.eq(paid).all()
        assert orders.loc[orders["paid_at"].isna()].index.isin(settled.index).sum() == 0

    def test_refunds_never_exceed_what_was_paid(self, frames: Frames) -> None:
        refunded = frames["aftersales_cases"].groupby("order_id")["refunded_fen"].sum()
        requested = frames["aftersales_cases"]

        paid = by_id(frames["orders"]).loc[refunded.index, "paid_fen"]

        assert (refunded <= paid).all()
        assert (requested["refunded_fen"] <= requested["requested_fen"]).all()

    def test_items_are_priced_from_the_price_history(self, frames: Frames) -> None:
        items = frames["order_items"].merge(
            frames["orders"][["id", "placed_at"]], left_on="order_id", right_on="id"
        )
        history = frames["price_history"].sort_values("effective_at")

        priced = pd.merge_asof(
            items.sort_values("placed_at"), history, left_on="placed_at",
            right_on="effective_at", by="sku_id",
        )  # fmt: skip

        assert priced["unit_price_fen"].eq(priced["price_fen"]).all()


class TestTimeOrder:
    @pytest.mark.parametrize(
        ("name", "column"),
        [
            (n, c.name)
            for n in IMPORT_ORDER
            for c in metadata.tables[n].columns
            if c.name.endswith("_at") and (n, c.name) not in PROMISES
        ],
    )
    def test_nothing_happens_after_the_export(
        self, frames: Frames, scenario: Scenario, name: str, column: str
    ) -> None:
        as_of = datetime.fromtimestamp(scenario.as_of, UTC)

        assert (frames[name][column].dropna() <= as_of).all()

    def test_an_order_moves_forward(self, frames: Frames) -> None:
        o = frames["orders"]

        for earlier, later in [
            ("placed_at", "paid_at"), ("paid_at", "shipped_at"), ("shipped_at", "delivered_at"),
            ("placed_at", "cancelled_at"), ("paid_at", "ship_by"),
            ("ship_by", "estimated_delivery_at"),
        ]:  # fmt: skip
            both = o[[earlier, later]].dropna()
            assert (both[earlier] <= both[later]).all(), (earlier, later)

    def test_shipments_match_their_orders(self, frames: Frames) -> None:
        shipments = frames["shipments"].set_index("order_id")
        orders = by_id(frames["orders"]).loc[shipments.index]

        assert shipments["shipped_at"].eq(orders["shipped_at"]).all()
        delivered = shipments["delivered_at"].dropna()
        assert delivered.eq(orders.loc[delivered.index, "delivered_at"]).all()

    def test_tracking_events_are_in_order_from_pick_up(self, frames: Frames) -> None:
        events = frames["logistics_events"].sort_values("id")
        shipped = by_id(frames["shipments"])["shipped_at"]

        steps = events.groupby("shipment_id")["occurred_at"].diff().dropna()
        first = events.groupby("shipment_id").first()

        assert (steps >= pd.Timedelta(0)).all()
        assert (first["node"] == "picked_up").all()
        assert first["occurred_at"].eq(shipped.loc[first.index]).all()

    def test_cases_are_answered_after_they_are_asked(self, frames: Frames) -> None:
        cases = frames["aftersales_cases"]
        placed = by_id(frames["orders"]).loc[cases["order_id"], "placed_at"].to_numpy()

        answered = cases.dropna(subset=["first_response_at"])
        resolved = cases.dropna(subset=["resolved_at"])

        assert (cases["requested_at"].to_numpy() >= placed).all()
        assert (answered["first_response_at"] >= answered["requested_at"]).all()
        assert (resolved["resolved_at"] >= resolved["first_response_at"]).all()

    def test_session_turns_are_in_order_within_the_session(self, frames: Frames) -> None:
        sessions = by_id(frames["service_sessions"])
        messages = frames["service_messages"].sort_values(["session_id", "seq"])

        gaps = messages.groupby("session_id")["sent_at"].diff().dropna()
        first = messages.groupby("session_id")["sent_at"].min()
        last = messages.groupby("session_id")["sent_at"].max()
        ended = sessions["ended_at"].dropna()

        assert (gaps >= pd.Timedelta(0)).all()
        assert (first >= sessions.loc[first.index, "started_at"]).all()
        assert (ended >= last.loc[ended.index]).all()
        joined = sessions.dropna(subset=["agent_joined_at"])
        assert (joined["agent_joined_at"] >= joined["queued_at"]).all()
        assert (joined["queued_at"] >= joined["started_at"]).all()

    def test_complaints_and_reviews_follow_what_they_are_about(self, frames: Frames) -> None:
        complaints = frames["complaints"]
        reviews = frames["reviews"]
        delivered = by_id(frames["orders"]).loc[reviews["order_id"], "delivered_at"].to_numpy()

        responded = complaints.dropna(subset=["responded_at"])
        resolved = complaints.dropna(subset=["resolved_at"])
        replied = reviews.dropna(subset=["replied_at"])

        promised = complaints.dropna(subset=["promised_by"])

        assert (responded["responded_at"] >= responded["filed_at"]).all()
        assert (promised["promised_by"] >= promised["responded_at"]).all()
        assert (resolved["resolved_at"] >= resolved["responded_at"]).all()
        assert (reviews["created_at"].to_numpy() >= delivered).all()
        assert (replied["replied_at"] >= replied["created_at"]).all()
