"""An open analytics engine: named lake tables in, Arrow results out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend


@dataclass
class Analytics:
    """`names` are the lake's tables; each is opened (`_open`) on first use only, so a query
    that reads three tables does not pay for registering all of them."""

    name: str
    backend: BaseBackend
    names: frozenset[str]
    _open: Callable[[str], ir.Table] = field(repr=False)
    _close: Callable[[], None] = field(repr=False)
    _opened: dict[str, ir.Table] = field(default_factory=dict, repr=False)

    def has(self, name: str) -> bool:
        return name in self.names

    def table(self, name: str) -> ir.Table:
        if name not in self.names:
            raise LookupError(f"table {name!r} is not in the lake; run the lake export")
        if name not in self._opened:
            self._opened[name] = self._open(name)
        return self._opened[name]

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        return self.backend.to_pyarrow(expr)

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Analytics:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
