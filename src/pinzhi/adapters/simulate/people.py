"""Made-up personal data: Chinese names, mobile numbers and postal addresses."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns, names, places

MOBILE_PREFIXES = np.array(
    [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 157, 158, 159,
     166, 173, 176, 177, 180, 181, 182, 185, 186, 187, 188, 189, 191, 198, 199]
)  # fmt: skip


def person_names(rng: np.random.Generator, size: int) -> pa.Array:
    return columns.join(
        columns.choose(rng, names.SURNAMES, size, p=names.SURNAME_WEIGHTS),
        columns.choose(rng, names.GIVEN, size),
    )


def mobile_numbers(rng: np.random.Generator, size: int) -> pa.Array:
    """Eleven digits, 1xx########."""
    prefix = rng.choice(MOBILE_PREFIXES, size=size)
    return columns.numbered("", prefix * 10**8 + rng.integers(0, 10**8, size), width=11)


def addresses(rng: np.random.Generator, province: np.ndarray, city: np.ndarray) -> pa.Array:
    """Province, city (once for municipalities), district, street, number, estate, flat."""
    size = province.size
    province_name = columns.pick(places.PROVINCE_NAMES, province)
    city_name = columns.pick(places.CITIES, city)
    municipality = np.array(places.PROVINCE_NAMES)[province] == np.array(places.CITIES)[city]
    return columns.join(
        province_name,
        columns.where(municipality, "", city_name),
        columns.choose(rng, places.DISTRICTS, size),
        columns.choose(rng, places.STREETS, size),
        _number(rng, 1, 400, size),
        "号",
        columns.choose(rng, places.COMMUNITIES, size),
        _number(rng, 1, 30, size),
        "栋",
        _number(rng, 1, 6, size),
        "单元",
        _number(rng, 101, 2800, size),
        "室",
    )


def _number(rng: np.random.Generator, low: int, high: int, size: int) -> pa.Array:
    return pa.array(rng.integers(low, high, size)).cast(pa.string())
