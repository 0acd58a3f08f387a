"""The simulated platform behaves like one: merchants differ, fraud shows, limits are missed
sometimes but not usually, promotions spike, reviews read like their ratings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from pinzhi.adapters.simulate.profiles import Profile
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.world import World
from pinzhi.core.clock import CHINA

Frames = dict[str, pd.DataFrame]
RESPONSE_LIMIT = {"refund_before_shipment": timedelta(hours=1)}
QUALITY_LIMIT = timedelta(hours=36)
AFTER_SHIPMENT_LIMIT = timedelta(hours=24)
"""S1 9.2.3."""


def merchants_of(world: World, profile: Profile) -> set[str]:
    return {f"MER{i + 1:08d}" for i in np.flatnonzero(world.merchants.profile == profile)}


def aftersales_limit(cases: pd.DataFrame) -> pd.Series:
    quality = (cases["reason"] == "quality") | cases["kind"].isin(["repair", "resend"])
    limit = pd.Series(AFTER_SHIPMENT_LIMIT, index=cases.index)
    limit[quality] = QUALITY_LIMIT
    limit[cases["kind"] == "refund_before_shipment"] = RESPONSE_LIMIT["refund_before_shipment"]
    return limit


def first_human_replies(frames: Frames) -> pd.DataFrame:
    """Per human chat: who answered, and seconds from the buyer's turn to the first reply."""
    sessions = frames["service_sessions"]
    chats = sessions[sessions["channel"] == "online_chat"].set_index("id")
    messages = frames["service_messages"]
    messages = messages[messages["session_id"].isin(chats.index)]
    human = messages[messages["sent_at"] >= messages["session_id"].map(chats["queued_at"])]
    asked = human[human["sender"] == "consumer"].groupby("session_id")["sent_at"].min()
    replied = (
        human[human["sender"].isin(["agent", "merchant"])].groupby("session_id")["sent_at"].min()
    )
    seconds = (replied - asked.reindex(replied.index)).dt.total_seconds()
    return pd.DataFrame(
        {"merchant_id": chats.loc[seconds.index, "merchant_id"], "seconds": seconds}
    )


class TestFraudulentMerchants:
    def test_they_show_bursts_of_orders_from_a_few_buyers_at_one_address(
        self, frames: Frames, world: World
    ) -> None:
        orders = frames["orders"].sort_values("placed_at")
        windows = (
            orders.set_index("placed_at")
            .groupby(["merchant_id", "recipient_address"])["id"]
            .rolling("2h")
            .count()
        )
        busiest = windows.groupby(level="merchant_id").max()

        fraud = merchants_of(world, Profile.FRAUD)

        assert fraud and busiest[list(fraud)].min() >= 15
        assert busiest.drop(list(fraud)).max() < 10

    def test_their_fake_orders_get_instant_five_star_near_identical_reviews(
        self, frames: Frames, world: World
    ) -> None:
        reviews = frames["reviews"].merge(
            frames["orders"][["id", "delivered_at"]], left_on="order_id", right_on="id"
        )
        fraud = reviews[reviews["merchant_id"].isin(merchants_of(world, Profile.FRAUD))]
        instant = fraud[fraud["created_at"] - fraud["delivered_at"] < timedelta(hours=1)]

        assert len(instant) >= 15
        assert (instant["rating"] == 5).mean() > 0.95
        assert instant["body"].value_counts().head(5).sum() > 0.9 * len(instant)

    def test_they_are_reported_for_fake_orders_and_counterfeits(
        self, frames: Frames, world: World
    ) -> None:
        violations = frames["violations"]
        complaints = frames["complaints"]
        fraud = merchants_of(world, Profile.FRAUD)

        flagged = set(violations.loc[violations["kind"] == "fake_orders", "merchant_id"])
        counterfeit = complaints[complaints["nature"] == "counterfeit"]

        assert flagged <= fraud and flagged
        assert counterfeit["merchant_id"].isin(fraud).sum() >= 5
        assert counterfeit["merchant_id"].isin(fraud).mean() > 0.5


class TestServiceLimits:
    def test_some_aftersales_answers_breach_the_limit_and_most_do_not(self, frames: Frames) -> None:
        cases = frames["aftersales_cases"].dropna(subset=["first_response_at"])

        late = (cases["first_response_at"] - cases["requested_at"]) > aftersales_limit(cases)

        assert 0.01 < late.mean() < 0.3

    def test_sloppy_merchants_answer_late_more_often(self, frames: Frames, world: World) -> None:
        cases = frames["aftersales_cases"].dropna(subset=["first_response_at"])
        late = (cases["first_response_at"] - cases["requested_at"]) > aftersales_limit(cases)

        by_profile = late.groupby(cases["merchant_id"].isin(merchants_of(world, Profile.SLOPPY)))

        assert by_profile.mean()[True] > 2 * by_profile.mean()[False]

    def test_some_chats_wait_over_thirty_seconds_for_a_person_and_most_do_not(
        self, frames: Frames, world: World
    ) -> None:
        replies = first_human_replies(frames)

        slow = replies["seconds"] > 30
        sloppy = replies["merchant_id"].isin(merchants_of(world, Profile.SLOPPY))

        assert 0.02 < slow.mean() < 0.3
        assert slow[sloppy].mean() > slow[~sloppy].mean()

    def test_calls_are_answered_within_hotline_hours(self, frames: Frames) -> None:
        sessions = frames["service_sessions"]
        calls = sessions[sessions["channel"] == "phone"]

        hour = calls["started_at"].dt.tz_convert(CHINA).dt.hour

        assert len(calls) > 0
        assert not hour.between(1, 7).any()

    def test_sloppy_merchants_ship_late_more_often(
        self, frames: Frames, world: World, scenario: Scenario
    ) -> None:
        orders = frames["orders"]
        as_of = datetime.fromtimestamp(scenario.as_of, UTC)
        due = orders[(orders["ship_by"] <= as_of) & (orders["status"] != "cancelled")]

        late = due["shipped_at"].isna() | (due["shipped_at"] > due["ship_by"])

        by_profile = late.groupby(due["merchant_id"].isin(merchants_of(world, Profile.SLOPPY)))

        assert by_profile.mean()[True] > 0.15
        assert by_profile.mean()[False] < 0.06

    def test_careful_honest_merchants_ship_late_and_lose_orders_less_often(
        self, frames: Frames, world: World, scenario: Scenario
    ) -> None:
        orders = frames["orders"]
        honest = merchants_of(world, Profile.GOOD)
        careful = {m for m in honest if world.merchants.slack[int(m[3:]) - 1] < 1}
        mine = orders[orders["merchant_id"].isin(honest)]
        as_of = datetime.fromtimestamp(scenario.as_of, UTC)
        due = mine[(mine["ship_by"] <= as_of) & (mine["status"] != "cancelled")]

        late = due["shipped_at"].isna() | (due["shipped_at"] > due["ship_by"])
        cancelled = mine["status"] == "cancelled"

        by_care = late.groupby(due["merchant_id"].isin(careful)).mean()
        cancelled_by_care = cancelled.groupby(mine["merchant_id"].isin(careful)).mean()
        assert careful and honest - careful
        assert by_care[True] < 0.7 * by_care[False]
        assert cancelled_by_care[True] < cancelled_by_care[False]


class TestOrdersAndPrices:
    def test_618_brings_a_spike_of_orders(self, frames: Frames) -> None:
        days = frames["orders"]["placed_at"].dt.tz_convert(CHINA).dt.strftime("%m-%d")

        per_day = days.value_counts()

        assert per_day["06-18"] > 2 * per_day.drop("06-18").median()

    def test_prices_drop_for_618_and_come_back(self, frames: Frames) -> None:
        history = frames["price_history"]
        local = history["effective_at"].dt.tz_convert(CHINA)

        on_618 = history[local.dt.strftime("%m-%d %H:%M") == "06-18 00:00"]
        after = history[local.dt.strftime("%m-%d %H:%M") == "06-19 00:00"]

        assert (on_618["kind"] == "promotion").mean() > 0.9
        assert on_618["sku_id"].nunique() > 0.4 * frames["skus"]["id"].nunique()
        assert after["sku_id"].isin(on_618["sku_id"]).mean() > 0.9

    def test_price_protection_claims_pay_the_drop(self, frames: Frames) -> None:
        cases = frames["aftersales_cases"]
        claims = cases[(cases["kind"] == "price_protection") & (cases["status"] == "refunded")]

        assert len(claims) > 0
        assert (claims["refunded_fen"] > 0).all()

    def test_cancellations_mostly_come_before_shipment(self, frames: Frames) -> None:
        cancelled = frames["orders"][frames["orders"]["status"] == "cancelled"]

        assert 0.03 < len(cancelled) / len(frames["orders"]) < 0.15
        assert cancelled["shipped_at"].isna().mean() > 0.8

    def test_key_categories_are_certified_and_checked_more(self, frames: Frames) -> None:
        products = frames["products"].set_index("id")
        key = products["key_category"] != "none"

        certified = products.index.isin(frames["certifications"]["product_id"])
        inspected = products.index.isin(frames["inspections"]["product_id"])

        assert certified[key].mean() > 2 * certified[~key].mean()
        assert inspected[key].mean() > 2 * inspected[~key].mean()


class TestReviews:
    def test_the_text_follows_the_rating(self, frames: Frames) -> None:
        reviews = frames["reviews"].dropna(subset=["body"])

        low = reviews[reviews["rating"] <= 2]["body"]
        high = reviews[reviews["rating"] >= 4]["body"]

        assert len(low) > 0 and not low.str.contains("好评").any()
        assert not high.str.contains("差评").any()
        assert high.str.contains("质量好").any()
