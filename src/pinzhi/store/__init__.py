"""Persistence: SQLAlchemy base and column types, engines, unit of work, migrations, lake export."""
