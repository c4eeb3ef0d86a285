"""Persistence: SQLModel tables, the SQLite/PostgreSQL engine, Alembic migrations, data-folder layout."""
