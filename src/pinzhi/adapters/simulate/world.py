"""The static world: who sells what to whom, built once before the days are simulated."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import seasons
from pinzhi.adapters.simulate.authorisations import authorisation_rows
from pinzhi.adapters.simulate.catalog import (
    Catalog,
    brand_rows,
    build_catalog,
    product_rows,
    sku_rows,
)
from pinzhi.adapters.simulate.checks import certification_rows, inspection_rows
from pinzhi.adapters.simulate.commitments import Promises, commitment_rows
from pinzhi.adapters.simulate.consumers import Consumers, build_consumers, consumer_rows
from pinzhi.adapters.simulate.fraud import Rings, build_rings
from pinzhi.adapters.simulate.merchants import (
    Merchants,
    build_merchants,
    merchant_rows,
    qualification_rows,
)
from pinzhi.adapters.simulate.prices import PriceBook, build_prices, price_rows
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.staff import Staff, build_staff, staff_rows
from pinzhi.adapters.simulate.staff_training import training_and_exam_rows
from pinzhi.adapters.simulate.streams import stream
from pinzhi.adapters.simulate.violations import violation_rows


@dataclass(frozen=True)
class World:
    scenario: Scenario
    merchants: Merchants
    catalog: Catalog
    prices: PriceBook
    rings: Rings
    consumers: Consumers
    staff: Staff
    promises: Promises


def build_world(scenario: Scenario) -> tuple[World, dict[str, pa.Table]]:
    """The world and its tables (merchants … staff and their exams, violations, commitments)."""
    seed, begins, as_of = scenario.seed, scenario.begins_at, scenario.as_of

    def rng(topic: str) -> np.random.Generator:
        return stream(seed=seed, topic=topic)

    merchants = build_merchants(rng("merchants"), scenario)
    catalog = build_catalog(rng("catalog"), merchants, begins_at=begins)
    promotions = seasons.promotion_days(scenario.start, scenario.days)
    prices = build_prices(
        rng("prices"), catalog, begins_at=begins, days=scenario.days, promotions=promotions
    )
    rings = build_rings(
        rng("rings"), merchants, consumers=scenario.consumer_count, days=scenario.days
    )
    consumers = build_consumers(
        rng("consumers"), count=scenario.consumer_count, rings=rings, begins_at=begins
    )
    staff = build_staff(rng("staff"), count=scenario.staff_count)
    commitments, promises = commitment_rows(
        rng("commitments"), merchants, catalog, begins_at=begins, as_of=as_of
    )
    inspections, failed = inspection_rows(
        rng("inspections"), catalog, merchants, begins_at=begins, as_of=as_of
    )
    staff_table = staff_rows(rng("staff rows"), staff, begins_at=begins)
    trainings, exams = training_and_exam_rows(rng("staff training"), staff_table, as_of=as_of)
    tables = {
        "merchants": merchant_rows(rng("merchant rows"), merchants, horizon=as_of),
        "merchant_qualifications": qualification_rows(rng("qualifications"), merchants),
        "brands": brand_rows(rng("brands"), catalog),
        "brand_authorisations": authorisation_rows(
            rng("authorisations"), catalog, merchants, begins_at=begins
        ),
        "products": product_rows(rng("products"), catalog, merchants, horizon=as_of),
        "skus": sku_rows(catalog),
        "certifications": certification_rows(rng("certifications"), catalog, begins_at=begins),
        "inspections": inspections,
        "price_history": price_rows(prices, horizon=as_of),
        "consumers": consumer_rows(rng("consumer rows"), consumers, rings, horizon=as_of),
        "staff": staff_table,
        "staff_trainings": trainings,
        "staff_exams": exams,
        "violations": violation_rows(
            rng("violations"),
            merchants,
            catalog,
            rings,
            failed_products=failed,
            begins_at=begins,
            as_of=as_of,
        ),
        "service_commitments": commitments,
    }
    world = World(scenario, merchants, catalog, prices, rings, consumers, staff, promises)
    return world, tables
