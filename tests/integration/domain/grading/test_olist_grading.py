"""Grading the real Olist sellers: late deliveries and poor reviews land in the lower tiers.

Olist's public sample spans two years and 15 000 orders, so the window covers all of it; the
minimum volume stays at the default 30 orders.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from pinzhi.adapters.analytics import connect
from pinzhi.adapters.ingest.olist.importer import import_olist
from pinzhi.bootstrap import Platform
from pinzhi.core.clock import utcnow
from pinzhi.domain import tables
from pinzhi.domain.grading.grade_records import grade_records
from pinzhi.domain.grading.grading_config import TIER_ORDER
from pinzhi.domain.grading.measurements import Window, measurement_table
from pinzhi.domain.indicators.lake_tables import LAKE_TABLES
from pinzhi.interfaces.jobs.grading_steps import grading_sources
from pinzhi.store.lake import export_lake

TZ = ZoneInfo("America/Sao_Paulo")
AS_OF = date(2018, 10, 31)  # after Olist's last order
WHOLE_HISTORY = Window(AS_OF, TZ, days=800, odr_days=800)


@pytest.fixture(scope="module")
def olist_grades(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """Per graded seller: tier rank (0 = D), dimension scores, late-delivery rate, mean review."""
    from pinzhi import bootstrap
    from pinzhi.settings import Settings

    work = tmp_path_factory.mktemp("olist-grading")
    settings = Settings(data_dir=work / "var", secret_key="test-secret")
    platform: Platform = bootstrap.build(settings, database_url=f"sqlite:///{work / 'olist.db'}")
    bootstrap.migrate_to_head(platform)
    import_olist(engine=platform.engine, directory=shared_data / "olist")
    export_lake(
        engine=platform.engine, metadata=tables.metadata, layout=LAKE_TABLES,
        lake_dir=platform.lake_dir, as_of=AS_OF, now=utcnow(), tz=TZ, look_back_days=800,
    )  # fmt: skip
    with connect("duckdb", lake_dir=platform.lake_dir) as analytics:
        sources = grading_sources(analytics, platform.engine)
        counts = analytics.to_arrow(measurement_table(sources, WHOLE_HISTORY))
    platform.engine.dispose()
    records = grade_records(counts)
    frame = counts.to_pandas().set_index("merchant_id")
    graded = pd.DataFrame(
        [
            {
                "merchant_id": r.merchant_id,
                "rank": TIER_ORDER.index(r.tier),
                "operations": float(r.dimensions["operations"]),
                "service": float(r.dimensions["service_level"]),
            }
            for r in records
            if r.tier is not None
        ]
    ).set_index("merchant_id")
    graded = graded.join(frame)
    graded["late_rate"] = graded.delivered_late / graded.delivery_due.clip(lower=1)
    graded["mean_review"] = graded.rating_sum / graded.reviews
    return graded[graded.reviews > 0]


def spearman(a: pd.Series, b: pd.Series) -> float:
    return float(a.rank().corr(b.rank()))


@pytest.mark.slow
class TestOlistGrading:
    def test_enough_sellers_are_graded_over_several_tiers(self, olist_grades: pd.DataFrame) -> None:
        assert len(olist_grades) >= 50
        # Olist records no licences, brands or deposits: those dimensions hold every seller down,
        # so the spread comes from operations and service alone
        assert olist_grades["rank"].nunique() >= 2

    def test_late_deliveries_and_poor_reviews_mean_lower_tiers(
        self, olist_grades: pd.DataFrame
    ) -> None:
        g = olist_grades
        worse = g[(g.late_rate > g.late_rate.median()) & (g.mean_review < g.mean_review.median())]
        better = g[(g.late_rate < g.late_rate.median()) & (g.mean_review > g.mean_review.median())]
        assert len(worse) >= 5 and len(better) >= 5
        assert worse["rank"].mean() < better["rank"].mean()
        assert worse["rank"].max() <= better["rank"].max()
        assert spearman(g["rank"], g.late_rate) < 0
        assert spearman(g["rank"], g.mean_review) > 0

    def test_operations_and_service_rank_like_the_reviews(self, olist_grades: pd.DataFrame) -> None:
        g = olist_grades
        combined = (0.35 * g.operations + 0.20 * g.service) / 0.55
        rho = spearman(combined, g.mean_review)
        rho_operations = spearman(g.operations, g.mean_review)
        print(f"Spearman ρ(operations+service, mean review) = {rho:.3f} over {len(g)} sellers")
        print(f"Spearman ρ(operations, mean review) = {rho_operations:.3f}")
        assert rho > 0.4
        assert rho_operations > 0.2
