"""PDF of the report, printed by the system's Chromium from the very HTML the console shows.

Why the system browser through a subprocess rather than a Python PDF library or Playwright:
the HTML is the report (one layout, one set of charts), and only a browser engine lays out its
CSS, inline SVG and Chinese text (Noto Sans CJK, installed by `scripts/ensure-system.sh`) the
way the console shows them. Debian's `chromium` is already a system dependency of the browser
tests, and `--print-to-pdf` needs no Python browser driver at run time — Playwright stays a
dev-only dependency. The HTML is self-contained (no CDN, no script), so printing it offline
from a temporary file reads nothing else.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_SECONDS = 120


class PdfError(RuntimeError):
    """Chromium did not print the report."""


def html_to_pdf(html: str, *, chromium: str = CHROMIUM) -> bytes:
    """The PDF Chromium prints from `html` (A4, backgrounds kept by the page's CSS)."""
    with tempfile.TemporaryDirectory(prefix="pinzhi-report-") as work:
        source, target = Path(work) / "report.html", Path(work) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"could not run {chromium}: {exc}") from exc
        if done.returncode != 0 or not target.exists():
            said = done.stderr.decode(errors="replace")[-500:]
            raise PdfError(f"{chromium} exited {done.returncode}: {said}")
        return target.read_bytes()
