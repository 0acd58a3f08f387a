"""Bulk import of CSV and Parquet files (and the Olist marketplace) into the store.

The format is derived from the table metadata (`schema`) and documented in
docs/import-format.md (`format_doc`). Entry points: `importer.import_tables` for in-memory
Arrow tables, `importer.import_directory` for a directory of files, `olist.import_olist`.
"""
