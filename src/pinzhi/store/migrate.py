"""Run Alembic migrations programmatically against an engine."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(connection: object, metadata: MetaData | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["target_metadata"] = metadata
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(_config(connection, None), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(_config(connection, None), revision)


def revision(engine: Engine, metadata: MetaData, message: str) -> None:
    """Autogenerate a new revision by comparing `metadata` with the database at head."""
    with engine.begin() as connection:
        command.revision(_config(connection, metadata), message=message, autogenerate=True)
