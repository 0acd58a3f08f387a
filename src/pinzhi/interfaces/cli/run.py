"""`pinzhi run`: the daily quality run for one as-of day."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from pinzhi.core.clock import local_day, utcnow
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, platform
from pinzhi.interfaces.jobs.daily_run import RunReport, run_daily


class EngineChoice(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of", formats=["%Y-%m-%d"], help="day to run for; default: yesterday (platform zone)"
    ),
]
EngineOption = Annotated[
    EngineChoice | None,
    typer.Option("--engine", help="analytics engine; default: PINZHI_ANALYTICS_ENGINE or duckdb"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print a machine-readable summary")]


def run(
    db: DbOption = None,
    as_of: AsOfOption = None,
    engine: EngineOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export the lake, compute the indicators, and run every later step for one day."""
    wired = platform(db)
    day = as_of.date() if as_of else yesterday(wired.settings.timezone)
    with domain_errors():
        report = run_daily(wired, as_of=day, engine=engine.value if engine else None)
    if as_json:
        typer.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        print_report(report)


def yesterday(timezone: str) -> date:
    return local_day(utcnow(), ZoneInfo(timezone)) - timedelta(days=1)


DETAILED = frozenset({"platform", "per_channel"})
"""Summary keys shown as their own tables in text mode, not squeezed into the step table."""


def report_json(report: RunReport) -> dict[str, Any]:
    indicators = report.steps.get("core_indicators", {}).get("summary", {})
    attainment = report.steps.get("service_attainment", {}).get("summary", {})
    return {
        "run_id": report.run_id,
        "as_of": report.as_of.isoformat(),
        "status": report.status.value,
        "steps": report.steps,
        "platform_indicators": indicators.get("platform", {}),
        "sla_attainment": attainment.get("per_channel", {}),
    }


def print_report(report: RunReport) -> None:
    console.print(f"quality run {report.run_id} for {report.as_of}: {report.status.value}")
    steps = Table("step", "seconds", "summary")
    for name, result in report.steps.items():
        shown = {k: v for k, v in result.get("summary", {}).items() if k not in DETAILED}
        steps.add_row(name, f"{result['seconds']:.2f}", json.dumps(shown, ensure_ascii=False))
    console.print(steps)
    indicators = Table("platform indicator", "value", "numerator", "denominator")
    for metric, found in report_json(report)["platform_indicators"].items():
        value = "—" if found["value"] is None else f"{found['value']:.4g}"
        indicators.add_row(metric, value, str(found["numerator"]), str(found["denominator"]))
    console.print(indicators)
    attainment = Table(
        "channel", "measure", "limit s", "mean s", "p90 s", "within", "breaches", "meets",
        title="SLA attainment (S1 9.2)",
    )  # fmt: skip
    for channel, measures in report_json(report)["sla_attainment"].items():
        for measure, found in measures.items():
            attainment.add_row(
                channel,
                measure,
                _figure(found.get("limit_seconds")),
                _figure(found.get("mean_seconds")),
                _figure(found.get("p90_seconds")),
                _figure(found.get("within_limit")),
                str(found.get("breaches", "—")),
                "yes" if found.get("meets_limit") else "no",
            )
    console.print(attainment)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"
