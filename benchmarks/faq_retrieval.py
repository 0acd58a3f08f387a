"""Knowledge-base retrieval: the FAQ matcher next to plain TF-IDF cosine, in the same run.

On the starter knowledge base (domain/knowledge/seed_entries.toml) and the held-out paraphrases
(adapters/language/data/kb_paraphrases.tsv), both methods answer every paraphrase:
  faq-matcher    normalise, TF-IDF shortlist, pair model rescoring (what `pinzhi nlp answer` does)
  tfidf-cosine   baseline: character 1–3-gram TF-IDF over the variants, best cosine wins

    .venv/bin/python benchmarks/faq_retrieval.py [--rounds 5] [--json PATH]

Prints top-1, top-3 and milliseconds per question (median of the rounds, one question at a
time); writes benchmarks/results/faq_retrieval.json unless --json names another file.
"""

from __future__ import annotations

import argparse
import json
import platform as host
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from pinzhi.adapters.language.faq_matcher import KnowledgeIndex, KnowledgeItem
from pinzhi.adapters.language.faq_training import read_paraphrases
from pinzhi.domain.knowledge.seed import seed_entries

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "faq_retrieval.json"

Ranker = Callable[[str], list[str]]


def matcher_ranker(items: list[KnowledgeItem]) -> Ranker:
    index = KnowledgeIndex(items)
    return lambda question: [m.entry_id for m in index.search(question, limit=3)]


def tfidf_ranker(items: list[KnowledgeItem]) -> Ranker:
    owners = [item.entry_id for item in items for _ in (item.title, *item.questions)]
    texts = [text for item in items for text in (item.title, *item.questions)]
    vectoriser = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    variants = vectoriser.fit_transform(texts)

    def rank(question: str) -> list[str]:
        cosines = (variants @ vectoriser.transform([question]).T).toarray().ravel()
        ranked: list[str] = []
        for i in np.argsort(-cosines, kind="stable"):
            if owners[i] not in ranked:
                ranked.append(owners[i])
            if len(ranked) == 3:
                break
        return ranked

    return rank


def measure(rank: Ranker, paraphrases: list[tuple[str, str]], rounds: int) -> dict[str, float]:
    per_round = []
    found: list[list[str]] = []
    for _ in range(rounds):
        started = time.perf_counter()
        found = [rank(question) for _, question in paraphrases]
        per_round.append((time.perf_counter() - started) / len(paraphrases) * 1000)
    top1 = np.mean([bool(f) and f[0] == e for (e, _), f in zip(paraphrases, found, strict=True)])
    top3 = np.mean([e in f for (e, _), f in zip(paraphrases, found, strict=True)])
    return {"top1": float(top1), "top3": float(top3), "ms_per_query": statistics.median(per_round)}


def knowledge_items() -> list[KnowledgeItem]:
    return [KnowledgeItem(e.id, e.draft.title, e.draft.questions) for e in seed_entries()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args()
    items = knowledge_items()
    paraphrases = read_paraphrases()
    rows = {
        "faq-matcher": measure(matcher_ranker(items), paraphrases, args.rounds),
        "tfidf-cosine": measure(tfidf_ranker(items), paraphrases, args.rounds),
    }
    print(f"{len(items)} entries, {len(paraphrases)} held-out paraphrases, {args.rounds} rounds")
    print(f"{'method':<14} {'top-1':>6} {'top-3':>6} {'ms/query':>9}")
    for name, row in rows.items():
        print(f"{name:<14} {row['top1']:>6.3f} {row['top3']:>6.3f} {row['ms_per_query']:>9.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "entries": len(items),
                "questions": len(paraphrases),
                "faq_retrieval_ms_per_query": rows["faq-matcher"]["ms_per_query"],
                "faq_retrieval_top1": rows["faq-matcher"]["top1"],
                "tfidf_retrieval_top1": rows["tfidf-cosine"]["top1"],
                "methods": rows,
                "host": {"machine": host.machine(), "python": host.python_version()},
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
