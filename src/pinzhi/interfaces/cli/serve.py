"""`pinzhi serve`: the API, the console and the API docs on one port."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from pinzhi.bootstrap import Platform
from pinzhi.interfaces.api.app import create_app
from pinzhi.interfaces.cli.common import DbOption, console, platform


def serve(
    *,
    db: DbOption = None,
    host: Annotated[str | None, typer.Option(help="default: PINZHI_HOST or 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="default: PINZHI_PORT or 8000")] = None,
) -> None:
    """Serve the console (/console), the API (/api/v1) and its docs (/docs)."""
    serve_platform(platform(db), host=host, port=port)


def serve_platform(wired: Platform, *, host: str | None = None, port: int | None = None) -> None:
    host = host or wired.settings.host
    port = port or wired.settings.port
    console.print(f"console:  http://{host}:{port}/console/")
    console.print(f"API docs: http://{host}:{port}/docs")
    uvicorn.run(create_app(wired), host=host, port=port, log_level="info")
