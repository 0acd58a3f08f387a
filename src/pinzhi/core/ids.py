"""Identifiers for rows created inside pinzhi (imported rows keep their source keys)."""

from __future__ import annotations

import secrets
import time


def new_id(prefix: str) -> str:
    """A sortable, collision-resistant id: prefix, millisecond time, random tail."""
    return f"{prefix}_{int(time.time() * 1000):013x}{secrets.token_hex(5)}"
