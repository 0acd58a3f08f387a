"""All configuration in one object, from environment variables (PINZHI_*) or a `pinzhi.env` file.

Every setting has a safe default: with nothing set, pinzhi keeps an SQLite file under `var/`,
serves on localhost only, and generates its session secret on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PINZHI_", env_file="pinzhi.env", extra="ignore")

    data_dir: Path = Path("var")
    database_url: str | None = None
    """SQLAlchemy URL; unset means an SQLite file in `data_dir`."""
    lake_dir: Path | None = None
    """Parquet snapshot for analytics; unset means `data_dir/lake/<store key>`."""
    analytics_engine: Literal["duckdb", "spark"] = "duckdb"
    spark_master: str = "local[2]"
    secret_key: str | None = None
    """Signs session cookies; unset means a random key kept in `data_dir/secret.key`."""
    field_keys: str | None = None
    """Key ring sealing personal fields at rest (AES-256-GCM, C7): `id:base64key,id2:base64key`,
    the first sealing and all opening (rotation: docs/privacy.md). Unset means a ring generated
    once into `data_dir/field.keys` (mode 0600): back that file up with the database."""
    host: str = "127.0.0.1"
    port: int = 8000
    timezone: str = "Asia/Shanghai"
    service_hours_file: Path | None = None
    """Holidays and peak periods with extended service hours (S3 5.3.3), in the format of the
    shipped `domain/sla/service_hours.toml`; unset means that shipped file."""
    price_protection_automatic: bool = True
    """价保 mode (S3 6.8): True pays every price drop found by the daily run without a claim;
    False waits for the consumer to claim. Claims are accepted in both modes."""
