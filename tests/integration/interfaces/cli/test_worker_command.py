"""`pinzhi worker --once`: one pass that flags what is due and says so."""

from __future__ import annotations

from datetime import timedelta

from typer.testing import CliRunner

import factories as f
import sla_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.sla import queries
from pinzhi.interfaces.cli.main import app


def test_one_pass_starts_clocks_for_imported_cases_and_flags_the_overdue(
    sqlite_platform: Platform,
) -> None:
    with sqlite_platform.uow() as uow:
        sf.base(uow.session)
        sf.case(uow.session, "a1", requested_at=f.T0)  # imported: no clock, long overdue
        uow.commit()

    result = CliRunner().invoke(app, ["worker", "--once", "--db", sqlite_platform.database_url])

    assert result.exit_code == 0, result.output
    assert "1 breached, 1 clocks started" in result.output
    assert "a1" in result.output  # the table names the subject
    with sqlite_platform.uow() as uow:
        agent = Actor(user_id="usr_agent", role=Role.SERVICE_AGENT)
        clock = queries.subject_clocks(
            uow=uow, actor=agent, subject_kind="aftersales_case", subject_id="a1"
        )[0]
    assert clock.breached_at == f.T0 + timedelta(hours=1)
    assert clock.escalation_level == 1
