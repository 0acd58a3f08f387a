"""`pinzhi eval language`: every shipped language model's accuracy on the data held out from it.

Sentiment on the held-out 20 % of the shopping reviews and on the hotel reviews, intent and
hand-off on the hand-checked JD messages held out from training, FAQ matching against plain
TF-IDF cosine on the held-out ATEC pairs and retrieval on the knowledge base's paraphrases.
Nothing is retrained: these are the models in the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pinzhi.adapters.language import faq_training, intent_training, sentiment_training
from pinzhi.adapters.language.faq_matcher import FaqMatcher
from pinzhi.adapters.language.intents import load_model
from pinzhi.adapters.language.sentiment import shipped_model
from pinzhi.interfaces.cli import nlp_faq, nlp_sentiment
from pinzhi.interfaces.cli.common import console, domain_errors

SHARED = Path("../shared/data")


def evaluate_language(
    data: Annotated[
        Path, typer.Option("--data", help="the shared data folder (sentiment/, faq/ …)")
    ] = SHARED,
    snownlp: Annotated[
        bool, typer.Option("--snownlp/--no-snownlp", help="compare sentiment with SnowNLP (slow)")
    ] = False,
) -> None:
    """Print accuracy tables for sentiment, intent and hand-off, and FAQ matching."""
    with domain_errors():
        nlp_sentiment.print_evaluation(
            sentiment_training.evaluate(
                shipped_model(), data_dir=data / "sentiment", snownlp=snownlp
            )
        )
        intents = intent_training.evaluate(load_model(), intent_training.read_labelled())
        console.print(intent_training.format_report(intents), soft_wrap=True, highlight=False)
        pairs = data / "faq" / "atec_pairs.tsv"
        if not pairs.exists():
            raise typer.BadParameter(f"{pairs} does not exist", param_hint="--data")
        train, held = faq_training.split(faq_training.read_pairs(pairs))
        nlp_faq.print_evaluation(FaqMatcher.load(), train, held)
