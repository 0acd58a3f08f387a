"""Brands, products and SKUs, with listing-quality fields, 价保 days and the premium flag."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns, names
from pinzhi.adapters.simulate.categories import CATEGORIES
from pinzhi.adapters.simulate.lookup import find
from pinzhi.adapters.simulate.merchants import Merchants
from pinzhi.adapters.simulate.profiles import Profile, trait
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.domain.catalog.models import KeyCategory

TITLE_TAGS = (
    "新款", "官方正品", "热卖", "包邮", "限时特惠", "品质保障", "2025新品", "大容量", "加厚",
    "轻薄", "升级款", "家用", "礼盒装", "经典款", "爆款",
)  # fmt: skip
ABSOLUTE_CLAIMS = ("全网最低价", "国家级品质", "第一品牌", "顶级", "100%有效", "史上最强")
"""Superlatives advertising rules forbid: a false-advertising signal in careless listings."""
NOUNS = columns.Pools.of([c.nouns for c in CATEGORIES])
SPECS = columns.Pools.of([c.specs for c in CATEGORIES])


@dataclass(frozen=True)
class Catalog:
    brand_name: pa.Array
    brand_category: np.ndarray
    brand_well_known: np.ndarray
    brand_foreign: np.ndarray
    merchant_first: np.ndarray
    """Index of each merchant's first product; one more element holds the product count."""
    merchant: np.ndarray
    """Per product, like every array down to `sku_product`; products are grouped by merchant."""
    category: np.ndarray
    brand: np.ndarray
    """-1 for unbranded products."""
    unauthorised: np.ndarray
    premium: np.ndarray
    protection_days: np.ndarray
    first_sku: np.ndarray
    sku_count: np.ndarray
    delisted: np.ndarray
    """Taken off sale before the period: never ordered."""
    popularity: np.ndarray
    """Cumulative order weight over products; delisted products add nothing."""
    sku_product: np.ndarray
    list_price: np.ndarray
    """Per SKU, fen."""
    listed_at: np.ndarray

    @property
    def products(self) -> int:
        return int(self.merchant.size)

    def draw_products(self, u: np.ndarray, merchant: np.ndarray) -> np.ndarray:
        """A product of each merchant, by popularity; `u` uniform in [0, 1) picks it."""
        first, end = self.merchant_first[merchant], self.merchant_first[merchant + 1]
        low = np.where(first > 0, self.popularity[np.maximum(first - 1, 0)], 0.0)
        target = low + u * (self.popularity[end - 1] - low)
        chosen = find(self.popularity, target, side="right")
        product: np.ndarray = np.clip(chosen, first, end - 1)
        return product

    def draw_skus(self, u: np.ndarray, product: np.ndarray) -> np.ndarray:
        sku: np.ndarray = self.first_sku[product] + (u * self.sku_count[product]).astype(np.int64)
        return sku


def build_catalog(rng: np.random.Generator, merchants: Merchants, *, begins_at: int) -> Catalog:
    brand_name, brand_category, well_known, foreign = _brands(rng, merchants.count)
    per_merchant = np.clip(rng.poisson(30 * (merchants.size * merchants.count) ** 0.6) + 3, 3, 2000)
    merchant = np.repeat(np.arange(merchants.count), per_merchant)
    n = merchant.size
    own = rng.random(n) < 0.85
    category = np.where(own, merchants.category[merchant], rng.integers(0, len(CATEGORIES), n))
    fraud = merchants.profile[merchant] == Profile.FRAUD
    brand = _brand_of(rng, category, brand_category, well_known=well_known, copied=fraud)
    unauthorised = (brand >= 0) & fraud & well_known[np.maximum(brand, 0)] & (rng.random(n) < 0.6)
    premium = rng.random(n) < np.select(
        [merchants.self_operated[merchant], fraud, merchants.profile[merchant] == Profile.SLOPPY],
        [0.35, 0.05, 0.02],
        0.10,
    )
    protection = np.where(
        premium | merchants.self_operated[merchant],
        np.where(rng.random(n) < 0.7, 30, 0),
        rng.choice([0, 7, 15, 30], size=n, p=[0.75, 0.10, 0.08, 0.07]),
    )
    sku_count = rng.choice([1, 2, 3, 4], size=n, p=[0.35, 0.30, 0.20, 0.15])
    first_sku = np.concatenate([[0], np.cumsum(sku_count)[:-1]])
    sku_product = np.repeat(np.arange(n), sku_count)
    listed_at = merchants.joined_at[merchant] + (
        rng.random(n) * (begins_at - merchants.joined_at[merchant])
    ).astype(np.int64)
    delisted = rng.random(n) < 0.03
    merchant_first = np.concatenate([[0], np.cumsum(per_merchant)])
    delisted[merchant_first[:-1]] = False  # every merchant keeps something for sale
    weight = np.where(delisted, 0.0, rng.lognormal(0.0, 1.2, n))
    return Catalog(
        brand_name=brand_name,
        brand_category=brand_category,
        brand_well_known=well_known,
        brand_foreign=foreign,
        merchant_first=merchant_first,
        merchant=merchant,
        category=category,
        brand=brand,
        unauthorised=unauthorised,
        premium=premium,
        protection_days=protection,
        first_sku=first_sku,
        sku_count=sku_count,
        delisted=delisted,
        popularity=np.cumsum(weight),
        sku_product=sku_product,
        list_price=_list_prices(rng, category[sku_product], sku_product, first_sku),
        listed_at=listed_at,
    )


def brand_rows(rng: np.random.Generator, catalog: Catalog) -> pa.Table:
    n = catalog.brand_category.size
    abroad = np.array(names.BRAND_ORIGIN_WEIGHTS[1:]) / sum(names.BRAND_ORIGIN_WEIGHTS[1:])
    origin = np.where(catalog.brand_foreign, 1 + rng.choice(abroad.size, size=n, p=abroad), 0)
    return table(
        "brands",
        {
            "id": columns.static_ids("BRA", np.arange(n)),
            "name": catalog.brand_name,
            "origin_country": columns.pick(names.BRAND_ORIGINS, origin),
            "well_known": pa.array(catalog.brand_well_known),
        },
    )


def product_rows(
    rng: np.random.Generator, catalog: Catalog, merchants: Merchants, *, horizon: int
) -> pa.Table:
    n = catalog.products
    quality = trait("listing_quality", merchants.profile[catalog.merchant])
    careless = rng.random(n) > quality
    claims = careless & (merchants.profile[catalog.merchant] != Profile.GOOD)
    brand = catalog.brand_name.take(pa.array(np.maximum(catalog.brand, 0)))
    title = columns.join(
        columns.where(catalog.brand < 0, "", columns.join(brand, " ")),
        NOUNS.draw(rng, catalog.category),
        " ",
        columns.choose(rng, TITLE_TAGS, n),
        columns.where(claims, columns.join(" ", columns.choose(rng, ABSOLUTE_CLAIMS, n)), ""),
    )
    return table(
        "products",
        {
            "id": columns.static_ids("PRO", np.arange(n)),
            "merchant_id": columns.static_ids("MER", catalog.merchant),
            "brand_id": columns.nulls_where(
                catalog.brand < 0, columns.static_ids("BRA", np.maximum(catalog.brand, 0))
            ),
            "category": columns.pick([c.name for c in CATEGORIES], catalog.category),
            "key_category": columns.pick([c.key for c in CATEGORIES], catalog.category),
            "title": title,
            "description_length": pa.array(
                (rng.lognormal(6.7, 0.6, n) * np.where(careless, 0.25, 1.0)).astype(np.int64)
            ),
            "photo_count": pa.array(
                np.clip(rng.normal(3 + 8 * quality, 2), 1, 20).astype(np.int64)
            ),
            "attribute_count": pa.array(rng.poisson(6 + 16 * quality).astype(np.int64) + 1),
            "premium": pa.array(catalog.premium),
            "price_protection_days": pa.array(catalog.protection_days.astype(np.int64)),
            "listed_at": columns.utc(catalog.listed_at, horizon=horizon),
            "delisted_at": columns.nulls_where(
                ~catalog.delisted,
                columns.utc(catalog.listed_at + rng.integers(DAY, 30 * DAY, n), horizon=horizon),
            ),
        },
    )


def sku_rows(catalog: Catalog) -> pa.Table:
    product = catalog.sku_product
    position = np.arange(product.size) - catalog.first_sku[product]
    return table(
        "skus",
        {
            "id": columns.static_ids("SKU", np.arange(product.size)),
            "product_id": columns.static_ids("PRO", product),
            "spec": SPECS.nth(catalog.category[product], product + position),
            "list_price_fen": pa.array(catalog.list_price),
        },
    )


def key_category_mask(catalog: Catalog) -> np.ndarray:
    keyed = np.array([c.key is not KeyCategory.NONE for c in CATEGORIES])
    mask: np.ndarray = keyed[catalog.category]
    return mask


def _brands(
    rng: np.random.Generator, merchants: int
) -> tuple[pa.Array, np.ndarray, np.ndarray, np.ndarray]:
    """Made-up brand names (two syllables), sorted by category; some well known or foreign."""
    n = max(2 * len(CATEGORIES), merchants)
    tails = len(names.BRAND_TAILS)
    pairs = len(names.BRAND_HEADS) * tails
    combo = rng.permutation(pairs)[np.arange(n) % pairs]
    name = columns.join(
        columns.pick(names.BRAND_HEADS, combo // tails),
        columns.pick(names.BRAND_TAILS, combo % tails),
        columns.pick(names.BRAND_SUFFIXES, np.arange(n) // pairs % len(names.BRAND_SUFFIXES)),
    )
    shares = np.array([c.share for c in CATEGORIES])
    category = np.concatenate(
        [
            np.arange(len(CATEGORIES)).repeat(2),
            rng.choice(len(CATEGORIES), size=n - 2 * len(CATEGORIES), p=shares / shares.sum()),
        ]
    )
    return name, np.sort(category), rng.random(n) < 0.15, rng.random(n) < 0.2


def _brand_of(
    rng: np.random.Generator,
    category: np.ndarray,
    brand_category: np.ndarray,
    *,
    well_known: np.ndarray,
    copied: np.ndarray,
) -> np.ndarray:
    """A brand of the product's category (brands are sorted by category); 10 % unbranded.

    Products marked `copied` (fraudulent merchants) mostly carry a well-known brand.
    """
    first = np.searchsorted(brand_category, np.arange(len(CATEGORIES)))
    count = np.bincount(brand_category, minlength=len(CATEGORIES))
    brand = first[category] + (rng.random(category.size) * count[category]).astype(np.int64)
    famous = np.flatnonzero(well_known)
    slot = np.minimum(np.searchsorted(brand_category[famous], category), max(famous.size - 1, 0))
    famous_in = famous[slot] if famous.size else brand
    copy = copied & (brand_category[famous_in] == category) & (rng.random(category.size) < 0.7)
    brand = np.where(copy, famous_in, brand)
    return np.where(~copy & (rng.random(category.size) < 0.1), -1, brand)


def _list_prices(
    rng: np.random.Generator, category: np.ndarray, product: np.ndarray, first_sku: np.ndarray
) -> np.ndarray:
    """Shelf prices in fen with shop-like endings (2399.00, 58.90); dearer variants cost more."""
    median = np.array([c.median_yuan for c in CATEGORIES])[category]
    spread = np.array([c.spread for c in CATEGORIES])[category]
    base = np.repeat(
        np.exp(rng.standard_normal(first_sku.size)), np.diff(np.append(first_sku, product.size))
    )
    variant = np.arange(product.size) - first_sku[product]
    yuan = np.maximum(1.0, median * base**spread * (1 + 0.12 * variant))
    cheap = np.round(yuan) * 100 - 10
    dear = np.round(yuan / 10) * 1000 - 100
    fen: np.ndarray = np.where(yuan < 100, cheap, dear).astype(np.int64)
    return fen
