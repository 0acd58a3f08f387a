"""How fast are intent recognition, hand-off and facts, and the merchant-message screening?

Reads real JD conversations (JDDC layout: one conversation per line, the consumer's latest message
last) and real agent replies as stand-ins for merchant messages, and times, per message:

  intent        the linear intent model alone (`IntentModel.predict`)
  describe      what `pinzhi nlp intent` does per line: intent, hand-off decision and facts
  screen        `screening.screen` on the replies
  rules         the baseline: the weak-labelling pattern rules alone (`intent_rules.weak_label`)

The issue's budget is 2 ms per message for intents. Best of `--repeat` runs, one core.

    .venv/bin/python benchmarks/intent.py --jddc ../shared/data/jddc --limit 5000

Writes benchmarks/results/intent.json.
"""

from __future__ import annotations

import argparse
import json
import platform as host
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pinzhi.adapters.language import jddc
from pinzhi.adapters.language.intent_rules import weak_label
from pinzhi.adapters.language.intents import load_model
from pinzhi.adapters.language.screening import screen
from pinzhi.interfaces.cli.nlp_intent import describe

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "intent.json"
BUDGET_MS = 2.0


def best_ms(run: Callable[[str], object], items: Sequence[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for item in items:
            run(item)
        best = min(best, (time.perf_counter() - started) / len(items))
    return best * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jddc", type=Path, default=HERE.parent.parent / "shared/data/jddc")
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    conversations = (args.jddc / "train.enc").read_text(encoding="utf-8").splitlines()
    replies = (args.jddc / "train.dec").read_text(encoding="utf-8").splitlines()
    conversations, replies = conversations[: args.limit], replies[: args.limit]
    model = load_model()
    timings = {
        "intent": best_ms(lambda line: model.predict(jddc.parse(line)), conversations, args.repeat),
        "describe": best_ms(
            lambda line: describe(line, model, elderly=False, threshold=0.3),
            conversations,
            args.repeat,
        ),
        "screen": best_ms(screen, replies, args.repeat),
        "rules": best_ms(lambda line: weak_label(jddc.parse(line)), conversations, args.repeat),
    }
    print(f"{'step':<10}{'ms/message':>12}{'messages/s':>12}")
    for step, ms in timings.items():
        print(f"{step:<10}{ms:>12.3f}{1000.0 / ms:>12.0f}")
    verdict = "within" if timings["intent"] <= BUDGET_MS else "OVER"
    print(f"intent: {verdict} the {BUDGET_MS} ms/message budget")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "messages": len(conversations),
                "repeat": args.repeat,
                "machine": host.platform(),
                "intent_ms_per_message": round(timings["intent"], 4),
                "describe_ms_per_message": round(timings["describe"], 4),
                "screen_ms_per_message": round(timings["screen"], 4),
                "rules_ms_per_message": round(timings["rules"], 4),
                "budget_ms": BUDGET_MS,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
