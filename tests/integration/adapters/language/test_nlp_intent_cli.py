"""`pinzhi nlp intent`, `pinzhi nlp screen` and `pinzhi train intent` end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pinzhi.adapters.language import intent_training
from pinzhi.interfaces.cli.main import app

JDDC_LINE = (
    "咨询订单号:[ORDERID_10005859] 订单金额:[金额x] 下单时间:[日期x],"
    "有什么问题我可以帮您处理或解决呢?#E-s[数字x],您好申请退款了什么时间能退回,"
    "小妹为您看看，您稍等哦#E-s[数字x],请问您订单支付的银行卡，是普通储蓄卡，还是信用卡呢?,信用卡,"
)


def run(arguments: list[str], stdin: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, arguments, input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_intent_writes_one_object_per_line_about_the_latest_need() -> None:
    stdin = "\n".join([JDDC_LINE, "转人工！！", "", "订单123456789012退款￥12.5还没到"]) + "\n"
    raw = CliRunner().invoke(app, ["nlp", "intent"], input=stdin)
    assert raw.exit_code == 0, raw.output
    assert "转人工" not in raw.stdout  # the input is not echoed
    out: list[dict[str, Any]] = [json.loads(line) for line in raw.stdout.splitlines()]
    assert len(out) == 4
    for item in out:
        assert {"intent", "handoff", "confidence", "facts"} <= set(item)
        assert 0.0 <= item["confidence"] <= 1.0
    assert out[0]["intent"] == "refund_progress"
    assert out[0]["facts"] == {"order_ids": ["10005859"]}
    assert out[1]["intent"] == "human_agent" and out[1]["handoff"] is True
    assert out[2]["intent"] == "other"
    assert out[3]["facts"]["order_ids"] == ["123456789012"]
    assert out[3]["facts"]["amounts"][0]["fen"] == 1250


def test_intent_keeps_chinese_readable_and_honours_the_elderly_flag() -> None:
    result = CliRunner().invoke(app, ["nlp", "intent", "--elderly"], input="11月11号的快递\n")
    assert "11月11号" in result.stdout
    item = json.loads(result.stdout)
    assert item["handoff"] is True and "elderly" in item["reasons"]


def test_screen_decides_per_line() -> None:
    out = run(["nlp", "screen"], "亲，加我薇 信聊\n最近发货快，请放心\n全网最低价\n")
    assert [o["action"] for o in out] == ["block", "pass", "flag"]
    assert out[0]["reasons"] == ["off_platform"]


def test_training_twice_writes_byte_identical_models(tmp_path: Path) -> None:
    rows = intent_training.read_labelled()
    small = [r for r in rows if r.checked] + [r for r in rows if not r.checked][:400]
    labelled = tmp_path / "small.tsv"
    intent_training.write_labelled(small, labelled, "a small copy for the test")
    outputs = []
    for name in ("first.npz", "second.npz"):
        target = tmp_path / name
        result = CliRunner().invoke(
            app, ["train", "intent", "--labelled", str(labelled), "--output", str(target)]
        )
        assert result.exit_code == 0, result.output
        assert "top-1 accuracy" in result.stdout and "hand-off recall" in result.stdout
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_training_refuses_a_broken_file(tmp_path: Path) -> None:
    labelled = tmp_path / "broken.tsv"
    labelled.write_text("text\tintent\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "intent", "--labelled", str(labelled)])
    assert result.exit_code == 2
