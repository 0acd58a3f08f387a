"""Brand authorisations: a merchant's right to sell each brand it lists (S1 7.1.1).

Fraudulent merchants list well-known brands without one: the counterfeit signal.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.catalog import Catalog
from pinzhi.adapters.simulate.merchants import Merchants
from pinzhi.adapters.simulate.profiles import Profile
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.domain.catalog.models import AuthorisationLevel


def authorisation_rows(
    rng: np.random.Generator, catalog: Catalog, merchants: Merchants, *, begins_at: int
) -> pa.Table:
    brands = catalog.brand_category.size
    listed = (catalog.brand >= 0) & ~catalog.unauthorised
    pair = np.unique(catalog.merchant[listed] * brands + catalog.brand[listed])
    merchant, brand = pair // brands, pair % brands
    n = pair.size
    level = rng.choice([columns.code(m) for m in AuthorisationLevel], size=n, p=[0.15, 0.25, 0.60])
    start_day = merchants.joined_at[merchant] // DAY - rng.integers(0, 60, n)
    sloppy = merchants.profile[merchant] == Profile.SLOPPY
    lapsed = sloppy & (rng.random(n) < 0.15)
    end_day = np.where(
        lapsed,
        begins_at // DAY - rng.integers(1, 90, n),
        begins_at // DAY + rng.integers(180, 3 * 365, n),
    )
    return table(
        "brand_authorisations",
        {
            "id": columns.static_ids("AUT", np.arange(n)),
            "merchant_id": columns.static_ids("MER", merchant),
            "brand_id": columns.static_ids("BRA", brand),
            "level": columns.enum_values(AuthorisationLevel, level),
            "valid_from": columns.dates(np.minimum(start_day, end_day - 30)),
            "valid_until": columns.dates(
                end_day, mask=level == columns.code(AuthorisationLevel.OWNER)
            ),
        },
    )
