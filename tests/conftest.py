"""Shared fixtures: a migrated store on SQLite always and on PostgreSQL when configured.

PostgreSQL runs when PINZHI_TEST_PG_URL is set (`.ci/run` sets it). Under CI=true a missing
server fails the run instead of skipping: the production store must really be tested.
Each PostgreSQL test gets its own schema (via `search_path`), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def _drop_pg_schema(schema: str) -> None:
    admin = create_engine(pg_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated store URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pinzhi.db'}"
        return
    url, schema = _fresh_pg_schema()
    try:
        yield url
    finally:
        _drop_pg_schema(schema)


@pytest.fixture
def platform(store_url: str, tmp_path: Path) -> Iterator[bootstrap.Platform]:
    """A wired platform on a migrated, empty store (both backends)."""
    settings = Settings(data_dir=tmp_path / "var", secret_key="test-secret")
    wired = bootstrap.build(settings, database_url=store_url)
    bootstrap.migrate_to_head(wired)
    yield wired
    wired.engine.dispose()


@pytest.fixture
def sqlite_platform(tmp_path: Path) -> Iterator[bootstrap.Platform]:
    """A wired platform on SQLite only, for tests that are not about the store."""
    settings = Settings(data_dir=tmp_path / "var", secret_key="test-secret")
    wired = bootstrap.build(settings, database_url=f"sqlite:///{tmp_path / 'p.db'}")
    bootstrap.migrate_to_head(wired)
    yield wired
    wired.engine.dispose()


@pytest.fixture
def pg_platform(tmp_path: Path) -> Iterator[bootstrap.Platform]:
    """A wired platform on PostgreSQL only: for races that only a multi-writer store has."""
    url, schema = _fresh_pg_schema()
    settings = Settings(data_dir=tmp_path / "var", secret_key="test-secret")
    wired = bootstrap.build(settings, database_url=url)
    bootstrap.migrate_to_head(wired)
    try:
        yield wired
    finally:
        wired.engine.dispose()
        _drop_pg_schema(schema)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.fail(f"shared data folder missing: {SHARED_DATA}")
    return SHARED_DATA
