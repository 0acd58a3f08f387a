"""Checks across tables: every foreign key resolves, and time orderings hold.

A referenced row may come from the files being imported (which win, being upserted) or from
the database, read inside the import's own transaction. Database lookups fetch only the keys
the files do not hold, in chunks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, select

from pinzhi.adapters.ingest.coerce import CANONICAL
from pinzhi.adapters.ingest.orderings import Ordering, orderings_of
from pinzhi.adapters.ingest.problems import Problems
from pinzhi.adapters.ingest.schema import ForeignKey, table_specs
from pinzhi.domain.tables import metadata

LOOKUP_CHUNK = 5000


def check_relations(
    *,
    tables: Mapping[str, pa.Table],
    sources: Mapping[str, str],
    connection: Connection,
    problems: Problems,
) -> None:
    rows = ReferencedRows(tables, connection)
    for name, table in tables.items():
        checked = _Checked(table=table, source=sources[name], problems=problems)
        orderings = orderings_of(name)
        for column in table_specs()[name].columns:
            if column.references is not None:
                through = [o for o in orderings if o.via == column.name]
                checked.reference(column.name, column.references, through, rows)
        for ordering in (o for o in orderings if o.via is None):
            checked.order(ordering, table.column(ordering.earlier), ordering.earlier)


@dataclass(frozen=True)
class _Checked:
    """One table under check, and where its problems go."""

    table: pa.Table
    source: str
    problems: Problems

    def reference(
        self, column: str, reference: ForeignKey, through: list[Ordering], rows: ReferencedRows
    ) -> None:
        """`column` must name a `reference` row; orderings `through` it compare with that row."""
        keys = self.table.column(column)
        found = rows.find(reference.table, keys, tuple(o.earlier for o in through))
        position = pc.index_in(keys, value_set=found.column(reference.column))
        unknown = pc.and_(pc.is_valid(keys), pc.is_null(position))
        reason = (
            f"no {reference.table} row has this {reference.column}, in the files or the database"
        )
        self.problems.add_rows(self.source, column, reason, mask=unknown, values=keys)
        for ordering in through:
            earlier = found.column(ordering.earlier).take(position)
            self.order(ordering, earlier, f"{reference.table}.{ordering.earlier}")

    def order(self, ordering: Ordering, earlier: pa.ChunkedArray, earlier_name: str) -> None:
        later = self.table.column(ordering.later)
        reversed_ = pc.less(later, earlier)
        if not pc.any(reversed_).as_py():
            return  # the common case: no need to format a single time
        detail = pc.binary_join_element_wise(
            later.cast(pa.string()), earlier.cast(pa.string()), f" is before {earlier_name} "
        )
        self.problems.add_rows(
            self.source, ordering.later, "out of order", mask=reversed_, values=detail, quote=False
        )


class ReferencedRows:
    """Rows of referenced tables: from the files being imported, else from the database."""

    def __init__(self, tables: Mapping[str, pa.Table], connection: Connection) -> None:
        self._tables = tables
        self._connection = connection

    def find(self, parent: str, keys: pa.ChunkedArray, columns: tuple[str, ...]) -> pa.Table:
        """Key and `columns` of the `parent` rows whose key is among `keys`."""
        key = table_specs()[parent].key
        wanted = pc.unique(keys.drop_null())
        in_files = self._in_files(parent, key, wanted, columns)
        missing = wanted.filter(pc.invert(pc.is_in(wanted, value_set=in_files.column(key))))
        return pa.concat_tables([in_files, self._in_database(parent, key, missing, columns)])

    def _in_files(
        self, parent: str, key: str, wanted: pa.Array, columns: tuple[str, ...]
    ) -> pa.Table:
        if parent not in self._tables:
            return _arrow(parent, (key, *columns), [])
        table = self._tables[parent].select([key, *columns])
        return table.filter(pc.is_in(table.column(key), value_set=wanted))

    def _in_database(
        self, parent: str, key: str, missing: pa.Array, columns: tuple[str, ...]
    ) -> pa.Table:
        sql_table = metadata.tables[parent]
        selected = [sql_table.c[name] for name in (key, *columns)]
        fetched: list[tuple[object, ...]] = []
        for start in range(0, len(missing), LOOKUP_CHUNK):
            chunk = missing.slice(start, LOOKUP_CHUNK).to_pylist()
            query = select(*selected).where(sql_table.c[key].in_(chunk))
            fetched.extend(tuple(row) for row in self._connection.execute(query))
        return _arrow(parent, (key, *columns), fetched)


def _arrow(parent: str, names: tuple[str, ...], rows: list[tuple[object, ...]]) -> pa.Table:
    spec = table_specs()[parent]
    return pa.table(
        {
            name: pa.array([row[i] for row in rows], CANONICAL[spec.column(name).kind])
            for i, name in enumerate(names)
        }
    )
