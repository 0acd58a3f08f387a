"""`pinzhi nlp answer` and `pinzhi seed-knowledge` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pinzhi.domain.knowledge.seed import seed_entries
from pinzhi.interfaces.cli.main import app


class TestAnswerCommand:
    def test_one_json_line_per_question_from_the_starter_base(self) -> None:
        result = CliRunner().invoke(app, ["nlp", "answer"], input="发票抬头写错了\n\n转人工\n")

        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert result.exit_code == 0, result.output
        assert [line["entry_id"] for line in lines] == ["invoice-change", None, "human-agent"]
        assert lines[0]["answer"].startswith("发票抬头")
        assert 0.0 < lines[2]["score"] <= 1.0

    def test_seeding_then_answering_from_the_store(self, tmp_path: Path) -> None:
        db = f"sqlite:///{tmp_path / 'kb.db'}"

        seeded = CliRunner().invoke(app, ["seed-knowledge", "--db", db])
        again = CliRunner().invoke(app, ["seed-knowledge", "--db", db])
        answered = CliRunner().invoke(app, ["nlp", "answer", "--db", db], input="怎么开发票\n")

        assert seeded.exit_code == 0, seeded.output
        assert f"{len(seed_entries())} of {len(seed_entries())}" in seeded.stdout
        assert "0 of" in again.stdout
        assert json.loads(answered.stdout)["entry_id"] == "invoice-issue"
