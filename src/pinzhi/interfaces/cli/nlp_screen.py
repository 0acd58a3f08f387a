"""`pinzhi nlp screen`: screen merchants' messages to consumers in batch (S3 6.7.2–6.7.3)."""

from __future__ import annotations

import json
import sys

from pinzhi.adapters.language.screening import screen as screen_message
from pinzhi.interfaces.cli.nlp_intent import batches


def screen() -> None:
    """Read one merchant message per line on stdin; write {"action", "reasons", "spans"} lines."""
    out = sys.stdout
    for batch in batches(sys.stdin):
        rendered = (
            json.dumps(screen_message(line.rstrip("\r\n")).as_dict(), ensure_ascii=False)
            for line in batch
        )
        out.write("\n".join(rendered) + "\n")
        out.flush()
