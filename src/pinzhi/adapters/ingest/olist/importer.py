"""`import_olist`: map the Olist files and import them like any other import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from pinzhi.adapters.ingest.importer import ImportReport, import_tables
from pinzhi.adapters.ingest.olist.adjustments import Adjustments
from pinzhi.adapters.ingest.olist.mapping import olist_tables
from pinzhi.adapters.ingest.progress import ProgressHook


@dataclass(frozen=True)
class OlistReport:
    imported: ImportReport
    adjustments: Adjustments
    """What the mapping repaired, split or dropped, and how often."""


def import_olist(
    *, engine: Engine, directory: Path, progress: ProgressHook | None = None
) -> OlistReport:
    mapped = olist_tables(directory)
    sources = {name: f"olist → {name}" for name in mapped.tables}
    imported = import_tables(
        engine=engine, tables=mapped.tables, source_names=sources, progress=progress
    )
    return OlistReport(imported=imported, adjustments=mapped.adjustments)
