"""An open analytics engine: named lake tables in, Arrow results out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend


@dataclass
class Analytics:
    name: str
    backend: BaseBackend
    tables: dict[str, ir.Table]
    _close: Callable[[], None] = field(repr=False)

    def table(self, name: str) -> ir.Table:
        try:
            return self.tables[name]
        except KeyError:
            raise LookupError(f"table {name!r} is not in the lake; run the lake export") from None

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        return self.backend.to_pyarrow(expr)

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Analytics:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
