"""Certifications and spot checks of products; key categories get more of both (S1 7.1.2)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.catalog import Catalog, key_category_mask
from pinzhi.adapters.simulate.categories import CATEGORIES, CERTIFIERS, INSPECTORS
from pinzhi.adapters.simulate.merchants import Merchants
from pinzhi.adapters.simulate.profiles import trait
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.domain.catalog.models import InspectionResult

FAILURE_NOTES = (
    "标签标识不合格", "微生物指标超标", "重金属含量超标", "实际成分与标注不符",
    "电气安全项目不合格", "净含量不足", "防腐剂超量使用", "色牢度不合格",
)  # fmt: skip
PASS_NOTES = ("抽检合格", "各项指标符合标准要求", "复检合格")
KINDS = columns.Pools.of([c.certifications or ("-",) for c in CATEGORIES])
"""Certification kinds per category; categories without any get no certification rows."""


def certification_rows(rng: np.random.Generator, catalog: Catalog, *, begins_at: int) -> pa.Table:
    available = np.array([bool(c.certifications) for c in CATEGORIES])[catalog.category]
    chance = np.where(key_category_mask(catalog), 0.7, 0.2)
    product = np.flatnonzero(available & (rng.random(catalog.products) < chance))
    n = product.size
    return table(
        "certifications",
        {
            "id": columns.static_ids("CER", np.arange(n)),
            "product_id": columns.static_ids("PRO", product),
            "kind": KINDS.draw(rng, catalog.category[product]),
            "issuer": columns.choose(rng, CERTIFIERS, n),
            "number": columns.numbered("CERT", rng.integers(0, 10**12, n), width=12),
            "valid_until": columns.dates(
                begins_at // DAY + rng.integers(-60, 4 * 365, n), mask=rng.random(n) < 0.1
            ),
        },
    )


def inspection_rows(
    rng: np.random.Generator,
    catalog: Catalog,
    merchants: Merchants,
    *,
    begins_at: int,
    as_of: int,
) -> tuple[pa.Table, np.ndarray]:
    """Spot checks, and the products that failed one (they feed unsafe-product violations)."""
    per_product = rng.poisson(np.where(key_category_mask(catalog), 1.2, 0.15))
    product = np.repeat(np.arange(catalog.products), per_product)
    n = product.size
    failure = trait("inspection_failure", merchants.profile[catalog.merchant[product]])
    failed = rng.random(n) < failure
    when = rng.integers(np.maximum(catalog.listed_at[product], begins_at - 365 * DAY), as_of)
    note = columns.where(
        failed, columns.choose(rng, FAILURE_NOTES, n), columns.choose(rng, PASS_NOTES, n)
    )
    rows = table(
        "inspections",
        {
            "id": columns.static_ids("INS", np.arange(n)),
            "product_id": columns.static_ids("PRO", product),
            "inspector": columns.choose(rng, INSPECTORS, n),
            "inspected_at": columns.utc(when, horizon=as_of),
            "result": columns.enum_values(
                InspectionResult,
                np.where(
                    failed,
                    columns.code(InspectionResult.FAILED),
                    columns.code(InspectionResult.PASSED),
                ),
            ),
            "note": columns.nulls_where(~failed & (rng.random(n) < 0.5), note),
        },
    )
    return rows, np.unique(product[failed])
