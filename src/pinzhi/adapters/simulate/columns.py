"""Arrow column builders: fixed-width ids, UTC timestamps, dates, picks from phrase pools.

Everything is vectorised: ids are written digit by digit into one byte buffer, text is taken
from small pools by index and joined in Arrow's C++ kernels, never in a Python loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

UTC_MICROS = pa.timestamp("us", tz="UTC")


def numbered(prefix: str, numbers: np.ndarray, *, width: int) -> pa.Array:
    """`prefix` followed by each number zero-padded to `width` digits, e.g. MER00000042."""
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    size = head.size + width
    buf = np.empty((numbers.size, size), dtype=np.uint8)
    buf[:, : head.size] = head
    rest = numbers.astype(np.int64)
    for pos in range(size - 1, head.size - 1, -1):
        buf[:, pos] = 48 + rest % 10
        rest = rest // 10
    offsets = np.arange(numbers.size + 1, dtype=np.int32) * size
    return pa.StringArray.from_buffers(numbers.size, pa.py_buffer(offsets), pa.py_buffer(buf))


def static_ids(prefix: str, index: np.ndarray) -> pa.Array:
    """Ids of world rows (merchants, products, consumers …) from their 0-based index."""
    return numbered(prefix, index + 1, width=8)


def utc(seconds: np.ndarray, *, horizon: int, known: np.ndarray | None = None) -> pa.Array:
    """Epoch seconds as aware UTC timestamps; instants after `horizon` have not happened: null.

    Promises (ship-by, estimated delivery) may lie after the horizon: `known` says which exist.
    """
    future = seconds > horizon if known is None else ~known
    micros = np.where(future, 0, seconds) * 1_000_000
    return pa.array(micros, type=UTC_MICROS, mask=future)


def dates(days: np.ndarray, *, mask: np.ndarray | None = None) -> pa.Array:
    """Days since 1970-01-01 as date32."""
    return pa.array(days.astype(np.int32), type=pa.date32(), mask=mask)


def pick(pool: Sequence[str], index: np.ndarray, *, mask: np.ndarray | None = None) -> pa.Array:
    """Strings from a pool by index; masked positions are null."""
    return pa.array(pool, type=pa.string()).take(pa.array(index, type=pa.int64(), mask=mask))


def choose(
    rng: np.random.Generator, pool: Sequence[str], size: int, *, p: Sequence[float] | None = None
) -> pa.Array:
    """`size` strings drawn from a pool (uniformly, or with weights `p`)."""
    weights = None if p is None else np.asarray(p) / np.sum(p)
    return pick(pool, rng.choice(len(pool), size=size, p=weights))


def code(member: StrEnum) -> int:
    """A member's position in its enum: the integer code arrays carry before `enum_values`."""
    return list(type(member)).index(member)


def enum_values(enum: type[StrEnum], index: np.ndarray) -> pa.Array:
    """Enum values from member codes (see `code`)."""
    return pick([member.value for member in enum], index)


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation; plain strings are repeated for every row."""
    return pc.binary_join_element_wise(*parts, "")


def where(condition: np.ndarray, when_true: pa.Array | str, when_false: pa.Array | str) -> pa.Array:
    return pc.if_else(pa.array(condition, type=pa.bool_()), when_true, when_false)


def replace_where(values: pa.Array, mask: np.ndarray, replacements: pa.Array) -> pa.Array:
    """`values` with the masked rows replaced, in order, by `replacements` (one per true)."""
    return pc.replace_with_mask(values, pa.array(mask, type=pa.bool_()), replacements)


def nulls_where(mask: np.ndarray, values: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(mask, type=pa.bool_()), pa.scalar(None, values.type), values)


@dataclass(frozen=True)
class Pools:
    """Several phrase pools in one Arrow array; rows pick from the pool of their group."""

    words: pa.Array
    first: np.ndarray
    count: np.ndarray

    @classmethod
    def of(cls, groups: Sequence[Sequence[str]]) -> Pools:
        count = np.array([len(g) for g in groups])
        if not count.all():
            raise ValueError("every pool needs at least one phrase")
        first = np.concatenate([[0], np.cumsum(count)[:-1]])
        return cls(pa.array([w for g in groups for w in g], type=pa.string()), first, count)

    def nth(self, group: np.ndarray, k: np.ndarray) -> pa.Array:
        """The k-th phrase (modulo pool size) of each row's group."""
        return self.words.take(pa.array(self.first[group] + k % self.count[group]))

    def draw(self, rng: np.random.Generator, group: np.ndarray) -> pa.Array:
        """A random phrase from each row's group."""
        return self.nth(group, rng.integers(0, 1 << 30, group.size))
