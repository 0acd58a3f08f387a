"""What the Olist mapping changed or dropped, counted per reason, for the import report."""

from __future__ import annotations

from collections import Counter


class Adjustments(Counter[str]):
    def note(self, reason: str, count: int) -> None:
        """Count `count` rows adjusted for `reason`; nothing is recorded for zero."""
        if count:
            self[reason] += count
