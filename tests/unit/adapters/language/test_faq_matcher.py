"""The FAQ matcher: folding, the pair model against plain TF-IDF, retrieval over the starter KB."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pinzhi.adapters.language import faq_training
from pinzhi.adapters.language.faq_matcher import (
    FaqMatcher,
    KnowledgeIndex,
    KnowledgeItem,
    normalise,
    shipped_matcher,
)
from pinzhi.domain.knowledge.seed import seed_entries


@pytest.fixture(scope="module")
def atec(shared_data: Path) -> tuple[list[faq_training.Pair], list[faq_training.Pair]]:
    return faq_training.split(faq_training.read_pairs(shared_data / "faq" / "atec_pairs.tsv"))


@pytest.fixture(scope="module")
def seed_index() -> KnowledgeIndex:
    items = [KnowledgeItem(e.id, e.draft.title, e.draft.questions) for e in seed_entries()]
    return KnowledgeIndex(items)


class TestNormalise:
    def test_full_width_punctuation_particles_and_synonyms_fold_to_one_form(self) -> None:
        assert normalise("蚂蚁花呗如何还款？") == normalise("花呗怎么还款吗") == "花呗怎么还款"

    def test_synonyms_replace_the_longest_variant_first(self) -> None:
        assert normalise("人工客服在吗") == "人工在"


class TestSplit:
    def test_held_out_pairs_are_fixed_by_id_and_never_trained_on(
        self, atec: tuple[list[faq_training.Pair], list[faq_training.Pair]]
    ) -> None:
        train, held = atec

        assert {p.id % faq_training.HELD_OUT_MODULUS for p in held} == {0}
        assert not {p.id for p in train} & {p.id for p in held}
        assert 0.19 < len(held) / (len(train) + len(held)) < 0.21


class TestPairClassification:
    def test_the_matcher_beats_tfidf_cosine_on_held_out_pairs(
        self, atec: tuple[list[faq_training.Pair], list[faq_training.Pair]]
    ) -> None:
        train, held = atec

        baseline = faq_training.tfidf_baseline(train, held)
        ours = faq_training.evaluate_matcher(shipped_matcher(), held)

        assert ours.f1 > baseline.f1 + 0.08
        assert ours.accuracy > baseline.accuracy + 0.10

    def test_at_the_accuracy_threshold_the_matcher_still_wins_on_both_counts(
        self, atec: tuple[list[faq_training.Pair], list[faq_training.Pair]]
    ) -> None:
        train, held = atec
        majority = 1 - sum(p.same for p in held) / len(held)

        baseline = faq_training.tfidf_baseline(train, held, by="accuracy")
        ours = faq_training.evaluate_matcher(shipped_matcher(), held, by="accuracy")

        assert ours.accuracy > max(baseline.accuracy, majority) + 0.02
        assert ours.f1 > baseline.f1 + 0.15

    def test_a_paraphrase_outscores_questions_about_something_else(self) -> None:
        matcher = shipped_matcher()

        same = matcher.compare("花呗怎么还款", "蚂蚁花呗如何还钱")
        other_action = matcher.compare("花呗怎么还款", "花呗怎么开通")
        other_product = matcher.compare("花呗怎么还款", "借呗怎么还款")

        assert same > matcher.threshold > other_action
        assert same > 2 * other_product


class TestRetrieval:
    def test_held_out_paraphrases_find_their_entry(self, seed_index: KnowledgeIndex) -> None:
        paraphrases = faq_training.read_paraphrases()
        variants = {q for e in seed_entries() for q in e.draft.questions}

        score = faq_training.evaluate_retrieval(seed_index, paraphrases)

        assert not variants & {q for _, q in paraphrases}
        assert {entry_id for entry_id, _ in paraphrases} <= {e.id for e in seed_entries()}
        assert score.questions >= 90
        assert score.top1 >= 0.78
        assert score.top3 >= 0.90

    def test_a_refund_question_finds_the_refund_timing_entry(
        self, seed_index: KnowledgeIndex
    ) -> None:
        best = seed_index.best("我的退款怎么还没到账啊，都好几天了")

        assert best is not None
        assert best.entry_id in {"refund-timing", "refund-progress"}
        assert best.confident

    def test_one_match_per_entry_best_first(self, seed_index: KnowledgeIndex) -> None:
        found = seed_index.search("发票抬头开错了", limit=3)

        assert len({m.entry_id for m in found}) == len(found) == 3
        assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
        assert found[0].entry_id == "invoice-change"

    def test_an_empty_question_matches_nothing(self, seed_index: KnowledgeIndex) -> None:
        assert seed_index.search("   ") == []


class TestTraining:
    def test_weights_round_trip_through_npz_without_pickle(
        self, atec: tuple[list[faq_training.Pair], list[faq_training.Pair]], tmp_path: Path
    ) -> None:
        train, held = atec

        arrays, threshold = faq_training.train(train[:1500])
        path = faq_training.save(arrays, tmp_path / "faq.npz")
        matcher = FaqMatcher.load(path)

        with np.load(path, allow_pickle=False) as stored:
            assert {stored[name].dtype.kind for name in stored.files} <= {"U", "f"}
        assert matcher.threshold == pytest.approx(threshold)
        assert 0.0 < threshold < 1.0
        assert faq_training.evaluate_matcher(matcher, held[:2000]).f1 > 0.3
