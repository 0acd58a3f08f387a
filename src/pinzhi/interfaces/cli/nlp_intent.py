"""`pinzhi nlp intent` and `pinzhi train intent`: intents, hand-off and facts in batch (issue 6).

`nlp intent` reads one conversation per line on stdin — a single consumer message or a JDDC line
(turns joined by commas, the last being the consumer's latest message) — and writes one JSON
object per line about the consumer's latest need. It streams in fixed-size batches, so memory
stays constant however long the input.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer

from pinzhi.adapters.language import facts, intent_training, jddc
from pinzhi.adapters.language.handoff import DEFAULT_CONFIDENCE_THRESHOLD, should_hand_off
from pinzhi.adapters.language.intents import MODEL_PATH, IntentModel, load_model
from pinzhi.interfaces.cli.common import console, domain_errors

BATCH_LINES = 512


def batches(lines: Iterable[str], size: int = BATCH_LINES) -> Iterator[list[str]]:
    """Consecutive lists of at most `size` lines, read lazily."""
    iterator = iter(lines)
    while batch := list(islice(iterator, size)):
        yield batch


def describe(line: str, model: IntentModel, *, elderly: bool, threshold: float) -> dict[str, Any]:
    """The JSON object written for one input line."""
    conversation = jddc.parse(line)
    result = model.predict(conversation)
    earlier = conversation.consumer_turns()[:-1]
    handoff, reasons = should_hand_off(
        conversation.latest,
        intent=result.intent,
        confidence=result.confidence,
        earlier=earlier,
        elderly=elderly,
        threshold=threshold,
    )
    found = facts.extract(conversation.latest).as_dict()
    if "order_ids" not in found:
        # the order header the shop inserts counts too, so read every earlier turn
        context = conversation.earlier
        context_orders = [o for turn in context for o in facts.order_ids(turn)]
        if context_orders:
            found["order_ids"] = list(dict.fromkeys(context_orders))
    return {
        "intent": result.intent,
        "handoff": handoff,
        "confidence": round(result.confidence, 4),
        "facts": found,
        "reasons": list(reasons),
    }


def intent(
    model_path: Annotated[Path, typer.Option("--model", help="Model file.")] = MODEL_PATH,
    elderly: Annotated[
        bool, typer.Option("--elderly", help="Every consumer is elderly (S1 9.4.3).")
    ] = False,
    threshold: Annotated[
        float, typer.Option(help="Hand off below this confidence.")
    ] = DEFAULT_CONFIDENCE_THRESHOLD,
) -> None:
    """Intent, hand-off and facts of each conversation on stdin, as JSON lines on stdout."""
    with domain_errors():
        model = load_model(model_path)
    out = sys.stdout
    for batch in batches(sys.stdin):
        rendered = (
            json.dumps(describe(line, model, elderly=elderly, threshold=threshold),
                       ensure_ascii=False)
            for line in batch
        )  # fmt: skip
        out.write("\n".join(rendered) + "\n")
        out.flush()


def train_intent(
    labelled: Annotated[
        Path, typer.Option(help="Labelled file (TSV).")
    ] = intent_training.LABELLED_PATH,
    output: Annotated[Path, typer.Option(help="Model file to write.")] = MODEL_PATH,
    relabel_from: Annotated[
        Path | None,
        typer.Option(help="JDDC folder: recompute the weak labels of unchecked rows first."),
    ] = None,
) -> None:
    """Rebuild the intent model from the labelled file and print its held-out evaluation."""
    with domain_errors():
        rows = intent_training.read_labelled(labelled)
        if relabel_from is not None:
            rows = intent_training.relabel(relabel_from, rows)
            header = intent_training.read_header(labelled)
            intent_training.write_labelled(rows, labelled, header)
        started = time.perf_counter()
        arrays = intent_training.train(rows)
        intent_training.save_model(arrays, output)
        elapsed = time.perf_counter() - started
        evaluation = intent_training.evaluate(arrays.model(), rows)
    console.print(f"wrote {output} ({len(arrays.vocab)} features) in {elapsed:.0f} s")
    console.print(intent_training.format_report(evaluation), soft_wrap=True, highlight=False)
