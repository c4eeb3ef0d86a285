"""Alembic environment: always given a live connection by inspector_app.store.migrate."""

from alembic import context
from sqlmodel import SQLModel

import inspector_app.store.models  # noqa: F401  (registers every table on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through inspector_app.store.migrate, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
