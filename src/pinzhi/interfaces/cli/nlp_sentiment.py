"""`pinzhi train sentiment` and `pinzhi nlp sentiment`: rebuild the review-sentiment model, and
score reviews as a stream of JSON lines."""

from __future__ import annotations

import io
import itertools
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pinzhi.adapters.language import aspects, sentiment_training
from pinzhi.adapters.language.sentiment import MODEL_PATH, shipped_model
from pinzhi.interfaces.cli.common import console, domain_errors

BATCH = 2048  # lines held at once: memory stays constant however long the input is
DEFAULT_DATA = Path("../shared/data/sentiment")
DataOption = Annotated[
    Path, typer.Option("--data", help="folder with online_shopping_reviews.csv, hotel_reviews.csv")
]


def train_sentiment(
    data: DataOption = DEFAULT_DATA,
    out: Annotated[Path, typer.Option("--out", help="model file to write")] = MODEL_PATH,
    snownlp: Annotated[
        bool, typer.Option("--snownlp/--no-snownlp", help="compare with SnowNLP (slow)")
    ] = True,
    cross_validate: Annotated[
        bool,
        typer.Option(
            "--cross-validate", help="first print 5-fold CV accuracy on the training split (slow)"
        ),
    ] = False,
) -> None:
    """Train the sentiment model on the shared reviews and print its held-out accuracy.
    用共享评论数据训练情感模型，并输出留出集准确率。"""
    with domain_errors():
        if cross_validate:
            training = sentiment_training.training_reviews(data)
            print_evaluation(
                sentiment_training.Evaluation(sentiment_training.cross_validate(training)),
                title="情感模型交叉验证 Sentiment 5-fold cross-validation (training split only)",
            )
        evaluation = sentiment_training.train(data_dir=data, out=out, snownlp=snownlp)
    print_evaluation(evaluation)
    facts = evaluation.facts
    console.print(
        f"trained on {facts['training_reviews']} reviews in {facts['training_seconds']} s; "
        f"wrote {out} ({facts['model_bytes'] / 1e6:.2f} MB)"
    )


def evaluate_sentiment(
    data: DataOption = DEFAULT_DATA,
    snownlp: Annotated[
        bool, typer.Option("--snownlp/--no-snownlp", help="compare with SnowNLP (slow)")
    ] = False,
) -> None:
    """Print the shipped sentiment model's accuracy on the held-out reviews.
    输出已发布情感模型在留出评论上的准确率。"""
    with domain_errors():
        print_evaluation(
            sentiment_training.evaluate(shipped_model(), data_dir=data, snownlp=snownlp)
        )


def print_evaluation(
    evaluation: sentiment_training.Evaluation,
    *,
    title: str = "情感模型评估 Sentiment model evaluation (held-out 20 %)",
) -> None:
    """The accuracy table, Chinese first with English."""
    table = Table(title=title)
    table.add_column("数据 Data")
    table.add_column("条数 Reviews", justify="right")
    table.add_column("准确率 Accuracy", justify="right")
    for row in evaluation.rows:
        table.add_row(row.name, str(row.rows), f"{row.accuracy:.4f}")
    console.print(table)


def sentiment(
    batch: Annotated[int, typer.Option("--batch", min=1, help="lines scored together")] = BATCH,
) -> None:
    """Read one review per line on stdin; write one JSON object per line on stdout:
    {"label": 1|0, "score": P(positive), "aspects": {"quality": "positive", …}}.
    逐行读取评论，逐行输出情感与方面。"""
    with domain_errors():
        model = shipped_model()
    for stream in (sys.stdin, sys.stdout):  # UTF-8 whatever the locale; a bad byte is not fatal
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="replace")
    lines = (line.rstrip("\r\n") for line in sys.stdin)
    while chunk := list(itertools.islice(lines, batch)):
        predictions = model.predict(chunk)
        found = aspects.aspects_of(chunk, model=model)
        sys.stdout.write(
            "".join(
                json.dumps(
                    {"label": p.label, "score": round(p.score, 6), "aspects": a},
                    ensure_ascii=False,
                )
                + "\n"
                for p, a in zip(predictions, found, strict=True)
            )
        )
        sys.stdout.flush()
