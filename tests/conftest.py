"""Shared fixtures: a migrated store on SQLite always and on PostgreSQL when configured.

PostgreSQL runs when PINZHI_TEST_PG_URL is set (`.ci/run` sets it). Under CI=true a missing
server fails the run instead of skipping: the production store must really be tested.
Each PostgreSQL test gets its own schema (via `search_path`), dropped afterwards.

Alembic runs once per backend and test session; each test then gets a copy of that head store
(SQLite: the migrated file; PostgreSQL: the migration's recorded statements replayed into the
test's schema), since running the migrations for every test cost minutes per suite run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.dependencies import models as fastapi_dependency_models
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import ExecutionContext, make_url

from pinzhi import bootstrap
from pinzhi.settings import Settings

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# A fixed field-key ring (C7): every platform, CLI run and served app in a test opens what
# another one sealed. Tests about key handling pass their own `field_keys`.
TEST_FIELD_KEYS = "t1:cGluemhpIHRlc3QgZmllbGQga2V5LCAzMiBieXRlcy4="
os.environ.setdefault("PINZHI_FIELD_KEYS", TEST_FIELD_KEYS)


def pg_base_url() -> str:
    url = os.environ.get("PINZHI_TEST_PG_URL")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but PINZHI_TEST_PG_URL is not set: PostgreSQL tests must run in CI")
    pytest.skip("PostgreSQL tests skipped: set PINZHI_TEST_PG_URL (make test does) to run them")


def _fresh_pg_schema() -> tuple[str, str]:
    base = pg_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    # a test's store is thrown away: its commits need not wait for the disk
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    url = make_url(base).update_query_dict({"options": options})
    return url.render_as_string(hide_password=False), schema


def _drop_pg_schema(schema: str) -> None:
    admin = create_engine(pg_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _head_platform(url: str, data_dir: Path) -> bootstrap.Platform:
    """A platform on the store at `url`, not migrated yet."""
    return bootstrap.build(Settings(data_dir=data_dir, secret_key="test-secret"), database_url=url)


@dataclass(frozen=True)
class _Statement:
    """One statement as the driver received it; parameters None when sent without any."""

    sql: str
    parameters: Any
    many: bool


@pytest.fixture(scope="session")
def sqlite_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head by Alembic once; tests copy it."""
    folder = tmp_path_factory.mktemp("sqlite-head")
    wired = _head_platform(f"sqlite:///{folder / 'head.db'}", folder / "var")
    bootstrap.migrate_to_head(wired)
    wired.engine.dispose()
    assert not (folder / "head.db-wal").exists(), "the head store was not checkpointed"
    return folder / "head.db"


@pytest.fixture(scope="session")
def pg_head(tmp_path_factory: pytest.TempPathFactory) -> list[_Statement]:
    """What Alembic sends to migrate an empty PostgreSQL schema to head, recorded once.

    Every statement is unqualified (the schema comes from `search_path`), so replaying them in
    order into another empty schema builds the same head store."""
    url, schema = _fresh_pg_schema()
    recorded: list[_Statement] = []

    def record(
        _conn: Any, _cursor: Any, sql: str, parameters: Any, context: ExecutionContext, many: bool
    ) -> None:
        bare = not parameters and context.no_parameters  # as SQLAlchemy decides to send it
        recorded.append(_Statement(sql, None if bare else parameters, many))

    wired = _head_platform(url, tmp_path_factory.mktemp("pg-head"))
    event.listen(wired.engine, "before_cursor_execute", record)
    try:
        bootstrap.migrate_to_head(wired)
    finally:
        wired.engine.dispose()
        _drop_pg_schema(schema)
    return recorded


def _replay(url: str, statements: list[_Statement]) -> None:
    engine = create_engine(url)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement in statements:
            if statement.many:
                cursor.executemany(statement.sql, statement.parameters)
            else:
                cursor.execute(statement.sql, statement.parameters)
        cursor.close()
        raw.commit()
    finally:
        raw.close()
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store migrated to head, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "pinzhi.db"
        shutil.copy(request.getfixturevalue("sqlite_head"), path)
        yield f"sqlite:///{path}"
        return
    with _pg_head_copy(request.getfixturevalue("pg_head")) as url:
        yield url


@contextmanager
def _pg_head_copy(statements: list[_Statement]) -> Iterator[str]:
    url, schema = _fresh_pg_schema()
    try:
        _replay(url, statements)
        yield url
    finally:
        _drop_pg_schema(schema)


@pytest.fixture
def platform(store_url: str, tmp_path: Path) -> Iterator[bootstrap.Platform]:
    """A wired platform on a migrated, empty store (both backends)."""
    settings = Settings(data_dir=tmp_path / "var", secret_key="test-secret")
    wired = bootstrap.build(settings, database_url=store_url)
    yield wired
    wired.engine.dispose()


@pytest.fixture
def sqlite_platform(tmp_path: Path, sqlite_head: Path) -> Iterator[bootstrap.Platform]:
    """A wired platform on SQLite only, for tests that are not about the store."""
    shutil.copy(sqlite_head, tmp_path / "p.db")
    settings = Settings(data_dir=tmp_path / "var", secret_key="test-secret")
    wired = bootstrap.build(settings, database_url=f"sqlite:///{tmp_path / 'p.db'}")
    yield wired
    wired.engine.dispose()


@pytest.fixture
def pg_platform(tmp_path: Path, pg_head: list[_Statement]) -> Iterator[bootstrap.Platform]:
    """A wired platform on PostgreSQL only: for races that only a multi-writer store has."""
    with _pg_head_copy(pg_head) as url:
        settings = Settings(data_dir=tmp_path / "var", secret_key="test-secret")
        wired = bootstrap.build(settings, database_url=url)
        try:
            yield wired
        finally:
            wired.engine.dispose()


@pytest.fixture(autouse=True)
def _forget_classified_endpoints() -> Iterator[None]:
    """FastAPI remembers every endpoint and dependency it has classified in module-level LRU
    caches of 4,096 entries. Ours are closures over their app and platform, so each test's
    app, engine and rows stayed alive: gigabytes by the end of the API tests, and the garbage
    collector walking them all made every later test slower. Production builds one app."""
    yield
    for cached in vars(fastapi_dependency_models).values():
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.fail(f"shared data folder missing: {SHARED_DATA}")
    return SHARED_DATA
