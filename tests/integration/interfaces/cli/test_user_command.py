"""`pinzhi user add`: accounts from the server's shell, with exit codes for refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts import operations
from pinzhi.interfaces.cli.main import app

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PINZHI_DATA_DIR", str(tmp_path / "cli-var"))
    monkeypatch.setenv("PINZHI_SECRET_KEY", "cli-secret")


def add(platform: Platform, *arguments: str) -> object:
    command = ["user", "add", *arguments, "--db", platform.database_url]
    return CliRunner().invoke(app, command)


class TestUserAdd:
    def test_a_staff_user_can_sign_in_afterwards(self, platform: Platform) -> None:
        result = add(platform, "alice", "--role", "quality_analyst", "--password", PASSWORD)

        assert result.exit_code == 0, result.output
        assert "added alice (quality_analyst)" in result.output
        with platform.uow() as uow:
            assert operations.authenticate(uow=uow, username="alice", password=PASSWORD)

    def test_a_merchant_user_is_bound_to_its_merchant(self, platform: Platform) -> None:
        with platform.uow() as uow:
            f.merchant(uow.session, "m1")
            uow.commit()

        result = add(
            platform, "shop", "--role", "merchant", "--merchant", "m1", "--password", PASSWORD
        )

        assert result.exit_code == 0, result.output

    def test_a_merchant_user_without_a_merchant_exits_2(self, platform: Platform) -> None:
        result = add(platform, "shop", "--role", "merchant", "--password", PASSWORD)

        assert result.exit_code == 2
        assert "bound to one merchant" in result.output

    def test_a_taken_username_exits_4(self, platform: Platform) -> None:
        add(platform, "alice", "--role", "assessor", "--password", PASSWORD)

        result = add(platform, "alice", "--role", "assessor", "--password", PASSWORD)

        assert result.exit_code == 4

    def test_the_password_is_asked_for_twice_when_omitted(self, platform: Platform) -> None:
        command = ["user", "add", "bob", "--role", "mediator", "--db", platform.database_url]

        result = CliRunner().invoke(app, command, input=f"{PASSWORD}\n{PASSWORD}\n")

        assert result.exit_code == 0, result.output
