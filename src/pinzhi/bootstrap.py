"""The one place that turns settings into live objects: engine, units of work, lake, secrets."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from pinzhi.domain import tables
from pinzhi.domain.sla import service_hours
from pinzhi.settings import Settings
from pinzhi.store import migrate, personal
from pinzhi.store.database import default_sqlite_url, make_engine
from pinzhi.store.field_cipher import AesGcmCipher, KeyRing, new_key_ring
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class Platform:
    """Everything an interface needs, wired once."""

    settings: Settings
    database_url: str
    engine: Engine
    lake_dir: Path
    secret_key: str

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    @property
    def uow_factory(self) -> Callable[[], UnitOfWork]:
        return self.uow


def load_settings() -> Settings:
    """Settings from the environment and `pinzhi.env` (the only place they are read)."""
    return Settings()


def build(settings: Settings | None = None, *, database_url: str | None = None) -> Platform:
    """Wire a platform; `database_url` overrides the settings (the CLI's `--db`)."""
    settings = settings or load_settings()
    data_dir = settings.data_dir
    if settings.service_hours_file:
        service_hours.install(service_hours.load(settings.service_hours_file))
    personal.install_cipher(AesGcmCipher(field_key_ring(settings)))
    url = database_url or settings.database_url or default_sqlite_url(data_dir)
    return Platform(
        settings=settings,
        database_url=url,
        engine=make_engine(url),
        lake_dir=settings.lake_dir or data_dir / "lake" / _store_key(url),
        secret_key=settings.secret_key or _stored_secret(data_dir),
    )


def migrate_to_head(platform: Platform) -> None:
    migrate.upgrade(platform.engine)


def new_revision(platform: Platform, message: str) -> None:
    migrate.revision(platform.engine, tables.metadata, message)


def _store_key(url: str) -> str:
    """A lake per store: two databases never share (and corrupt) one snapshot."""
    rendered = make_url(url).render_as_string(hide_password=True)
    return hashlib.sha256(rendered.encode()).hexdigest()[:12]


def field_key_ring(settings: Settings) -> KeyRing:
    """The configured ring, or one generated once into `data_dir/field.keys` (mode 0600)."""
    if settings.field_keys:
        return KeyRing.parse(settings.field_keys)
    path = settings.data_dir / "field.keys"
    if path.exists():
        return KeyRing.parse(path.read_text().strip())
    ring = new_key_ring()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(ring.render())
    return ring


def _stored_secret(data_dir: Path) -> str:
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
