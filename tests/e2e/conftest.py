"""Browser-test plumbing: Debian's chromium driven by Playwright (never a downloaded browser),
and a seeded platform served by uvicorn on a free local port.

Screenshots go to $PINZHI_SCREENSHOT_DIR (default: a temporary directory) for people to look at.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Locator, Page, sync_playwright

import factories as f
from pinzhi import bootstrap
from pinzhi.interfaces.api.app import create_app
from pinzhi.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Site:
    url: str
    shots: Path
    platform: bootstrap.Platform


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(
    root: Path, seed: Callable[[bootstrap.Platform], None], *, secret: str = "e2e-secret"
) -> Iterator[Site]:
    """A migrated SQLite platform under `root`, seeded, served until the block ends."""
    platform = bootstrap.build(
        Settings(data_dir=root / "var", secret_key=secret),
        database_url=f"sqlite:///{root / 'site.db'}",
    )
    bootstrap.migrate_to_head(platform)
    seed(platform)
    port = _free_port()
    config = uvicorn.Config(
        create_app(platform), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    shots = Path(os.environ.get("PINZHI_SCREENSHOT_DIR") or root / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    try:
        yield Site(f"http://127.0.0.1:{port}", shots, platform)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        platform.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} missing: apt-get install chromium fonts-noto-cjk"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield context.new_page()
    context.close()


def open_menu(page: Page, group: str) -> Locator:
    """Open one group of the staff navigation; returns the navigation."""
    nav = page.get_by_role("navigation", name="主导航")
    nav.locator("summary", has_text=group).click()
    return nav


def sign_in(page: Page, site: Site, username: str) -> None:
    page.goto(f"{site.url}/console/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
