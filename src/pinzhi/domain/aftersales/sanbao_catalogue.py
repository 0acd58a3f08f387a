"""The platform's default 三包 catalogue: warranty terms per product category (S3 6.5.2).

Configuration, not law: a platform replaces or extends these entries for its own categories.
The defaults follow the usual national 三包 terms for the repairable categories the demo sells:
one year on the whole unit, longer on main parts, and a small daily depreciation when a unit is
returned after the first 7 days. Categories not listed have no 三包 terms; their faults go to
review under the general return and quality rules.
"""

from __future__ import annotations

from collections.abc import Mapping

from pinzhi.domain.aftersales.sanbao import SanbaoCatalogueEntry

DEFAULT_CATALOGUE: Mapping[str, SanbaoCatalogueEntry] = {
    entry.category: entry
    for entry in (
        SanbaoCatalogueEntry(
            category="手机",
            whole_unit_warranty_days=365,
            main_part_warranty_days=365,
            daily_depreciation_bp=8,
            special_cases=("battery: 6-month warranty as a consumable part",),
        ),
        SanbaoCatalogueEntry(
            category="家电",
            whole_unit_warranty_days=365,
            main_part_warranty_days=3 * 365,
            daily_depreciation_bp=5,
            special_cases=("compressor or motor: main part",),
        ),
        SanbaoCatalogueEntry(
            category="电脑办公",
            whole_unit_warranty_days=365,
            main_part_warranty_days=2 * 365,
            daily_depreciation_bp=10,
            special_cases=("mainboard, CPU, memory, disk, display: main parts",),
        ),
    )
}
