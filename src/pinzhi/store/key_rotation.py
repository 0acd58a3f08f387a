"""Re-seal every personal column with the ring's current key (C7; docs/privacy.md).

Rows are walked in primary-key order, a batch per transaction, so a rotation stopped half-way
resumes where it was: values already under the current key are skipped and nothing else is
touched. Values stored before encryption was on (plain text) are sealed on the way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Column, Engine, MetaData, String, Table, func, select, type_coerce, update

from pinzhi.store.field_cipher import VERSION, AesGcmCipher
from pinzhi.store.personal import PersonalText

BATCH = 500
Progress = Callable[[str, int, int], None]
"""(table, rows done, rows in table)."""


@dataclass(frozen=True)
class RotationReport:
    rows: dict[str, int]
    """Rows looked at per table."""
    resealed: dict[str, int]
    """Values re-sealed per table."""


def personal_tables(metadata: MetaData) -> Iterator[tuple[Table, list[Column[str]]]]:
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, PersonalText)]
        if columns:
            yield table, columns


def rotate(
    *,
    engine: Engine,
    metadata: MetaData,
    cipher: AesGcmCipher,
    progress: Progress,
    batch: int = BATCH,
) -> RotationReport:
    rows: dict[str, int] = {}
    resealed: dict[str, int] = {}
    for table, columns in personal_tables(metadata):
        rows[table.name], resealed[table.name] = _rotate_table(
            engine, table, columns=columns, cipher=cipher, progress=progress, batch=batch
        )
    return RotationReport(rows, resealed)


def _rotate_table(
    engine: Engine,
    table: Table,
    *,
    columns: list[Column[str]],
    cipher: AesGcmCipher,
    progress: Progress,
    batch: int,
) -> tuple[int, int]:
    (key,) = table.primary_key.columns
    raw = [type_coerce(c, String).label(c.name) for c in columns]
    with engine.connect() as connection:
        total = int(connection.scalar(select(func.count()).select_from(table)) or 0)
    done = changed = 0
    last: object = None
    progress(table.name, 0, total)
    while True:
        query = select(key, *raw).order_by(key).limit(batch)
        if last is not None:
            query = query.where(key > last)
        with engine.begin() as connection:
            found = connection.execute(query).all()
            for row in found:
                values = _resealed(cipher, table, columns, row[1:])
                if values:
                    connection.execute(update(table).where(key == row[0]).values(values))
                    changed += len(values)
        if not found:
            return done, changed
        done += len(found)
        last = found[-1][0]
        progress(table.name, done, total)


def _resealed(
    cipher: AesGcmCipher, table: Table, columns: list[Column[str]], stored: tuple[object, ...]
) -> dict[str, object]:
    values: dict[str, object] = {}
    for column, value in zip(columns, stored, strict=True):
        if not isinstance(value, str) or cipher.is_current(value):
            continue
        name = f"{table.name}.{column.name}"
        plain = cipher.open(value, name) if value.startswith(f"{VERSION}:") else value
        values[column.name] = type_coerce(cipher.seal(plain, name), String)
    return values
