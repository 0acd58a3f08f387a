"""`pinzhi eval language` prints every model's accuracy on the real data held out from it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pinzhi.interfaces.cli.main import app


def test_prints_sentiment_intent_and_faq_tables(shared_data: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "language", "--data", str(shared_data)])

    assert result.exit_code == 0, result.output
    assert "held-out" in result.output and "hotel" in result.output
    assert "top-1 accuracy:" in result.output and "hand-off recall:" in result.output
    assert "TF-IDF cosine, best f1" in result.output and "FAQ matcher, best f1" in result.output


def test_a_missing_data_folder_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "language", "--data", str(tmp_path)])

    assert result.exit_code != 0
    assert str(tmp_path) in result.output
