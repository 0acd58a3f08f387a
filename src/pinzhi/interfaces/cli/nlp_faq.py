"""`pinzhi train faq` (rebuild and evaluate the FAQ matcher) and `pinzhi nlp answer`.

`nlp answer` reads one question per line on stdin and writes one JSON object per line, as it
goes: the best knowledge-base entry, its score, whether the matcher is confident, and the
answer. Without `--db` it answers from the starter knowledge base shipped with pinzhi; with
`--db` from the store's active entries (general answers: there is no consumer to personalise for).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from pinzhi.adapters.language import faq_training
from pinzhi.adapters.language.faq_matcher import (
    MODEL_PATH,
    FaqMatcher,
    KnowledgeIndex,
    KnowledgeItem,
)
from pinzhi.adapters.language.knowledge_answers import index_of
from pinzhi.domain.knowledge import queries
from pinzhi.domain.knowledge.seed import seed_entries
from pinzhi.interfaces.cli.common import DbOption, console, platform

DEFAULT_PAIRS = Path("../shared/data/faq/atec_pairs.tsv")


def train_faq(
    pairs: Annotated[
        Path, typer.Option("--pairs", help="ATEC question pairs (id, question_a, question_b, same)")
    ] = DEFAULT_PAIRS,
    output: Annotated[Path, typer.Option("--output", help="where to write the weights")] = (
        MODEL_PATH
    ),
) -> None:
    """Train the FAQ matcher on the ATEC pairs and print its held-out evaluation."""
    if not pairs.exists():
        raise typer.BadParameter(f"{pairs} does not exist", param_hint="--pairs")
    started = time.perf_counter()
    train, held = faq_training.split(faq_training.read_pairs(pairs))
    arrays, _ = faq_training.train(train)
    saved = faq_training.save(arrays, output)
    console.print(f"trained on {len(train):,} pairs in {time.perf_counter() - started:.0f} s")
    console.print(f"wrote {saved} ({saved.stat().st_size / 1024:.0f} KiB)")
    matcher = FaqMatcher.load(saved)
    print_evaluation(matcher, train, held)


def print_evaluation(
    matcher: FaqMatcher,
    train: list[faq_training.Pair],
    held: list[faq_training.Pair],
) -> None:
    console.print(f"held-out pairs: {len(held):,} (id % {faq_training.HELD_OUT_MODULUS} == 0)")
    console.print(
        f"{'method':<30} {'threshold':>9} {'accuracy':>8} {'precision':>9} {'recall':>6} {'F1':>6}"
    )
    for scores in (
        faq_training.tfidf_baseline(train, held),
        faq_training.evaluate_matcher(matcher, held),
        faq_training.tfidf_baseline(train, held, by="accuracy"),
        faq_training.evaluate_matcher(matcher, held, by="accuracy"),
    ):
        console.print(
            f"{scores.method:<30} {scores.threshold:>9.3f} {scores.accuracy:>8.3f} "
            f"{scores.precision:>9.3f} {scores.recall:>6.3f} {scores.f1:>6.3f}"
        )
    index = KnowledgeIndex(_seed_items(), matcher)
    retrieval = faq_training.evaluate_retrieval(index, faq_training.read_paraphrases())
    console.print(
        f"knowledge base: {len(index)} entries; {retrieval.questions} held-out paraphrases: "
        f"top-1 {retrieval.top1:.3f}, top-3 {retrieval.top3:.3f}, "
        f"{retrieval.ms_per_query:.2f} ms per query"
    )


def answer(db: DbOption = None) -> None:
    """Answer questions from stdin, one per line, as JSON lines on stdout."""
    if db is None:
        index = KnowledgeIndex(_seed_items())
        answers = {e.id: e.draft.answer for e in seed_entries()}
    else:
        with platform(db).uow() as uow:
            entries = queries.active_entries(uow=uow)
        index = index_of(entries)
        answers = {e.id: e.answer for e in entries}
    for line in sys.stdin:
        question = line.strip()
        best = index.best(question)
        record: dict[str, object] = {"question": question, "entry_id": None}
        if best is not None:
            record |= {
                "entry_id": best.entry_id,
                "title": best.title,
                "score": best.score,
                "confident": best.confident,
                "answer": answers[best.entry_id],
            }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _seed_items() -> list[KnowledgeItem]:
    return [KnowledgeItem(e.id, e.draft.title, e.draft.questions) for e in seed_entries()]
