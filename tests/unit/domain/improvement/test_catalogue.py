"""The indicator catalogue: every indicator names a registered source; satisfaction reads the
consumer surveys, and the review score it read before is kept as an indicator of its own."""

from __future__ import annotations

import pytest

from pinzhi.core.errors import NotFound
from pinzhi.domain.improvement import sources
from pinzhi.domain.improvement.catalogue import DEFAULT_CATALOGUE, Unit, find_indicator


class TestCatalogue:
    def test_every_indicator_reads_a_registered_source(self) -> None:
        unknown = [i.id for i in DEFAULT_CATALOGUE if i.source not in sources.SOURCES]

        assert unknown == []

    def test_indicator_ids_are_unique(self) -> None:
        ids = [i.id for i in DEFAULT_CATALOGUE]

        assert len(ids) == len(set(ids))

    def test_satisfaction_is_the_survey_share_satisfied(self) -> None:
        satisfaction = find_indicator("satisfaction")

        assert satisfaction.source == "satisfaction:survey"
        assert satisfaction.unit is Unit.RATE and 0 < satisfaction.target <= 1

    def test_the_review_score_stays_watched(self) -> None:
        review = find_indicator("review_score")

        assert (review.source, review.unit) == ("indicators:avg_review_score", Unit.SCORE)

    def test_an_unknown_source_is_not_found(self) -> None:
        with pytest.raises(NotFound, match="no indicator source"):
            sources.read("nowhere", None, None, None)  # type: ignore[arg-type]
