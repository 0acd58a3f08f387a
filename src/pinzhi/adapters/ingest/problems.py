"""Bad rows found by an import: where (file, row, column) and why, capped but fully counted.

Rows are numbered as a person counts them in the file: the first data row is row 1 (a CSV
header is not counted, so in a CSV without line breaks inside cells row N is line N + 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.core.errors import ValidationFailed

MAX_REPORTED = 1000


@dataclass(frozen=True)
class Problem:
    source: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"


class Problems:
    """Collects problems; keeps the first `cap` in detail and counts all of them."""

    def __init__(self, *, cap: int = MAX_REPORTED) -> None:
        self._cap = cap
        self._kept: list[Problem] = []
        self.total = 0

    def add(
        self, source: str, reason: str, *, column: str | None = None, row: int | None = None
    ) -> None:
        """One problem: of the whole file or column, or of one (1-based) row."""
        self.total += 1
        if len(self._kept) < self._cap:
            self._kept.append(Problem(source, row, column, reason))

    def add_rows(
        self,
        source: str,
        column: str | None,
        reason: str,
        *,
        mask: pa.ChunkedArray | pa.Array,
        values: pa.ChunkedArray | pa.Array | None = None,
        quote: bool = True,
    ) -> None:
        """Every row where `mask` is true has the problem; its `values` follow the reason."""
        rows = np.flatnonzero(mask.fill_null(False).to_numpy(zero_copy_only=False))
        self.total += rows.size
        room = self._cap - len(self._kept)
        if room <= 0 or rows.size == 0:
            return
        shown = rows[:room]
        quoted = _shown(values, shown, quote=quote) if values is not None else [""] * shown.size
        self._kept.extend(
            Problem(source, int(row) + 1, column, reason + suffix)
            for row, suffix in zip(shown, quoted, strict=True)
        )

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self, *, sources: Sequence[str]) -> None:
        if not self:
            return
        order = {source: position for position, source in enumerate(sources)}
        kept = sorted(self._kept, key=lambda p: (order.get(p.source, -1), p.row or 0))
        shown = f" (the first {len(kept)} are listed)" if len(kept) < self.total else ""
        raise ValidationFailed(
            f"import refused, nothing was written: {self.total} problem(s){shown}",
            details=[str(problem) for problem in kept],
        )


def _shown(values: pa.ChunkedArray | pa.Array, rows: np.ndarray, *, quote: bool) -> list[str]:
    taken = values.take(pa.array(rows)).to_pylist()
    return [f": {value!r}" if quote and isinstance(value, str) else f": {value}" for value in taken]
