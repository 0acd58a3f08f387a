"""One simulated day: the orders placed that day and everything that follows from them.

A day's demand is drawn from the day's own stream, then simulated in parts of at most
`PART_ORDERS` orders, each part from its own streams: memory stays bounded on 11.11 too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from pinzhi.adapters.simulate.answers import REFUNDING, answer, case_rows
from pinzhi.adapters.simulate.cases import requests
from pinzhi.adapters.simulate.chunks import PART_ORDERS, Chunk
from pinzhi.adapters.simulate.complaints import complaint_rows
from pinzhi.adapters.simulate.demand import Demand, daily_demand
from pinzhi.adapters.simulate.logistics import ship, shipment_rows
from pinzhi.adapters.simulate.messages import message_rows
from pinzhi.adapters.simulate.order_rows import item_rows, order_rows
from pinzhi.adapters.simulate.orders import build_orders
from pinzhi.adapters.simulate.payments import invoice_rows, payment_rows
from pinzhi.adapters.simulate.reviews import review_rows
from pinzhi.adapters.simulate.sessions import plan_sessions, session_rows
from pinzhi.adapters.simulate.streams import stream
from pinzhi.adapters.simulate.tracking import event_rows
from pinzhi.adapters.simulate.world import World


def simulate_day(world: World, *, day: int) -> Iterator[dict[str, pa.Table]]:
    """The day's rows per table, part by part. Depends only on the world, seed and day."""
    seed = world.scenario.seed
    demand = daily_demand(stream(seed=seed, topic="demand", chunk=(day,)), world, day=day)
    for part, orders in enumerate(demand.split(PART_ORDERS)):
        yield simulate_part(world, orders, Chunk(seed, day, world.scenario.day(day), part))


def simulate_part(world: World, demand: Demand, chunk: Chunk) -> dict[str, pa.Table]:
    rng = chunk.rng
    as_of = world.scenario.as_of
    orders = build_orders(rng("orders"), world, demand, chunk=chunk)
    shipments = ship(rng("shipments"), world, orders, chunk=chunk)
    asked = requests(rng("requests"), world, orders, shipments)
    cases = answer(rng("answers"), world, orders, asked, chunk=chunk)
    sessions = plan_sessions(rng("sessions"), world, orders, shipments, cases, chunk=chunk)
    messages, timeline = message_rows(rng("messages"), world, orders, sessions, chunk=chunk)
    refunded = cases.refunded_by_order(orders.count, as_of=as_of)
    return {
        "orders": order_rows(rng("order rows"), world, orders, shipments, cases),
        "order_items": item_rows(orders),
        "payments": payment_rows(rng("payments"), world, orders, refunded=refunded, chunk=chunk),
        "invoices": invoice_rows(
            rng("invoices"), world, orders, refunded=refunded,
            refunded_at=cases.closing(orders.count, REFUNDING), chunk=chunk,
        ),
        "shipments": shipment_rows(rng("shipment rows"), orders, shipments, as_of=as_of),
        "logistics_events": event_rows(rng("events"), world, orders, shipments, chunk=chunk),
        "aftersales_cases": case_rows(rng("case rows"), world, orders, cases),
        "service_sessions": session_rows(
            world, orders, sessions, queued_at=timeline.queued_at, ended_at=timeline.ended_at
        ),
        "service_messages": messages,
        "complaints": complaint_rows(
            rng("complaints"), world, orders, shipments, cases, chunk=chunk
        ),
        "reviews": review_rows(rng("reviews"), world, orders, shipments, cases, chunk=chunk),
    }  # fmt: skip
