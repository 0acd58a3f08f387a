"""How fast and how accurate are pinzhi's language models, side by side with the baselines?

Sections (each a function returning table rows and JSON fields):
  sentiment   shipped review-sentiment model vs SnowNLP's built-in one, in the same run:
              throughput in batch (1 and 2 threads) and accuracy on the held-out shopping split,
              on the categories SnowNLP was not trained on, and on the hotel reviews.
  intent      ms per consumer message (with its conversation) on real JD conversations.
  retrieval   knowledge-base top-1 on held-out paraphrases, FAQ matcher vs TF-IDF cosine.

Data: `../shared/data/sentiment/` (real reviews; see its README).

    .venv/bin/python benchmarks/language.py [--data ../shared/data] [--snownlp-sample 1000]
        [--json benchmarks/results/language.json]

Prints a table and writes the JSON (default benchmarks/results/language.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform as host
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from pinzhi.adapters.language import aspects, sentiment_training
from pinzhi.adapters.language.sentiment import MODEL_PATH, SentimentModel, shipped_model
from pinzhi.core.clock import utcnow

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "language.json"
BATCH = 4096


@dataclass(slots=True)
class Section:
    """One part of the report: rows for the table (what, pinzhi, baseline, unit) and JSON."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)


def best_rate(items: int, run: Callable[[], object], repeats: int) -> float:
    """Items per second of the fastest of `repeats` runs."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return items / best


def score_batches(model: SentimentModel, texts: Sequence[str], *, threads: int) -> None:
    """Score `texts` in batches of BATCH, on `threads` threads (numpy releases the GIL)."""
    chunks = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]
    if threads == 1:
        for chunk in chunks:
            model.probabilities(chunk)
        return
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(model.probabilities, chunks))


def sentiment_section(args: argparse.Namespace) -> Section:
    data = args.data / "sentiment"
    shopping = sentiment_training.read_reviews(data / sentiment_training.SHOPPING_FILE)
    hotels = sentiment_training.read_reviews(data / sentiment_training.HOTEL_FILE)
    testing = [r for r in shopping if sentiment_training.held_out(r.text)]
    seen = {r.text for r in shopping if not sentiment_training.held_out(r.text)}
    fair = sentiment_training.evenly(
        [r for r in testing if r.category not in sentiment_training.SNOWNLP_TRAINED_ON],
        args.snownlp_sample,
    )
    model = shipped_model()
    texts = [r.text for r in shopping + hotels]
    one = best_rate(len(texts), lambda: score_batches(model, texts, threads=1), args.repeats)
    two = best_rate(len(texts), lambda: score_batches(model, texts, threads=2), args.repeats)
    with_aspects = best_rate(
        len(texts[:20_000]), lambda: aspects.aspects_of(texts[:20_000], model=model), 1
    )
    sample = [r.text for r in fair][: args.snownlp_speed_sample]
    unseen_hotels = [r for r in hotels if r.text not in seen]
    sentiment_training.snownlp_labels(sample[:1])  # SnowNLP loads its models on first use
    snow_rate = best_rate(len(sample), lambda: sentiment_training.snownlp_labels(sample), 1)
    ours = sentiment_training.model_labels(model)
    accuracy = {
        "held_out": sentiment_training.accuracy("", testing, ours).accuracy,
        "fair": sentiment_training.accuracy("", fair, ours).accuracy,
        "fair_snownlp": sentiment_training.accuracy(
            "", fair, sentiment_training.snownlp_labels
        ).accuracy,
        "hotel": sentiment_training.accuracy("", unseen_hotels, ours).accuracy,
    }
    section = Section()
    section.rows = [
        ("sentiment, batch, 1 thread", f"{one:,.0f}", f"{snow_rate:,.0f}", "reviews/s"),
        ("sentiment, batch, 2 threads", f"{two:,.0f}", "—", "reviews/s"),
        ("sentiment + aspects, 1 thread", f"{with_aspects:,.0f}", "—", "reviews/s"),
        ("accuracy, held-out shopping", f"{accuracy['held_out']:.4f}", "—", f"{len(testing)} rows"),
        (
            "accuracy, held-out excl. SnowNLP's training categories",
            f"{accuracy['fair']:.4f}",
            f"{accuracy['fair_snownlp']:.4f}",
            f"{len(fair)} rows",
        ),
        (
            "accuracy, hotel reviews not trained on",
            f"{accuracy['hotel']:.4f}",
            "—",
            f"{len(unseen_hotels)} rows",
        ),
    ]
    section.fields = {
        "sentiment_reviews_per_s": round(max(one, two)),  # the better use of the 2 cores
        "sentiment_reviews_per_s_two_threads": round(two),
        "sentiment_reviews_per_s_one_thread": round(one),
        "sentiment_with_aspects_reviews_per_s": round(with_aspects),
        "snownlp_reviews_per_s": round(snow_rate, 1),
        "sentiment_accuracy": {k: round(v, 4) for k, v in accuracy.items()},
        "sentiment_accuracy_note": (
            "fair = held-out rows outside books, computers and hotels (SnowNLP trained on those)"
        ),
        "sentiment_model_bytes": MODEL_PATH.stat().st_size,
        "sentiment_reviews_timed": len(texts),
    }
    return section


def intent_section(args: argparse.Namespace) -> Section:
    """Intent per message on real JD conversations (`intent.py` does the timing)."""
    import intent  # the sibling script: one timing loop, two reports

    lines = (args.data / "jddc" / "train.enc").read_text(encoding="utf-8").splitlines()[:3000]
    model = intent.load_model()
    ms = intent.best_ms(lambda line: model.predict(intent.jddc.parse(line)), lines, args.repeats)
    section = Section()
    section.rows = [("intent, one message in context", f"{ms:.3f}", "—", "ms/message")]
    section.fields = {"intent_ms_per_message": round(ms, 4), "intent_messages_timed": len(lines)}
    return section


def retrieval_section(args: argparse.Namespace) -> Section:
    """Knowledge-base retrieval: the FAQ matcher against TF-IDF cosine on held-out paraphrases."""
    import faq_retrieval  # the sibling script

    items = faq_retrieval.knowledge_items()
    paraphrases = faq_retrieval.read_paraphrases()
    ours = faq_retrieval.measure(faq_retrieval.matcher_ranker(items), paraphrases, args.repeats)
    tfidf = faq_retrieval.measure(faq_retrieval.tfidf_ranker(items), paraphrases, args.repeats)
    section = Section()
    section.rows = [
        ("retrieval top-1 (baseline: TF-IDF)", f"{ours['top1']:.3f}", f"{tfidf['top1']:.3f}",
         f"{len(paraphrases)} questions"),
        ("retrieval time", f"{ours['ms_per_query']:.2f}", f"{tfidf['ms_per_query']:.2f}",
         "ms/query"),
    ]  # fmt: skip
    section.fields = {
        "faq_retrieval_top1": round(ours["top1"], 4),
        "tfidf_retrieval_top1": round(tfidf["top1"], 4),
        "faq_retrieval_ms_per_query": round(ours["ms_per_query"], 3),
    }
    return section


SECTIONS: dict[str, Callable[[argparse.Namespace], Section]] = {
    "sentiment": sentiment_section,
    "intent": intent_section,
    "retrieval": retrieval_section,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--snownlp-sample", type=int, default=1000, help="rows SnowNLP scores")
    parser.add_argument("--snownlp-speed-sample", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    args = parser.parse_args()

    table = Table(title="pinzhi language benchmark 语言模型基准")
    for column in ("measure", "pinzhi", "baseline (SnowNLP)", "unit"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    report: dict[str, Any] = {
        "benchmark": "language models: throughput and accuracy against baselines",
        "measured_at": utcnow().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": host.python_version()},
    }
    for name in args.only or SECTIONS:
        section = SECTIONS[name](args)
        for row in section.rows:
            table.add_row(*row)
        report.update(section.fields)
    Console().print(table)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    recorded = json.loads(args.json.read_text()) if args.json.exists() else {}
    recorded.update(report)
    args.json.write_text(json.dumps(recorded, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
