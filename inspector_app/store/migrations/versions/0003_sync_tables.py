"""sync tables

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 01:59:42.932681
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector_app.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "receivedauditevent",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("device_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "seq"),
    )
    with op.batch_alter_table("receivedauditevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receivedauditevent_device_id"), ["device_id"], unique=False)

    op.create_table(
        "sampling",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("origin_device_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("created_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sector", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("seed", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("exclude_own_township", sa.Boolean(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("drawn_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "syncconflict",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("package_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("local_json", sa.Text(), nullable=False),
        sa.Column("incoming_json", sa.Text(), nullable=False),
        sa.Column("created_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolution", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("syncconflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_syncconflict_package_id"), ["package_id"], unique=False)

    op.create_table(
        "syncmark",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("package_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("acked_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("syncmark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_syncmark_package_id"), ["package_id"], unique=False)
        batch_op.create_index("ix_syncmark_record", ["entity", "record_id"], unique=False)

    op.create_table(
        "syncpackage",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("sender_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("receiver_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("processed_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("acknowledged_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("syncpackage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_syncpackage_sender_id"), ["sender_id"], unique=False)

    op.create_table(
        "task",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("origin_device_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("created_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", inspector_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sampling_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("enterprise_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("inspector_ids", sa.Text(), nullable=False),
        sa.Column("device_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("inspection_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sampling_id"],
            ["sampling.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_enterprise_id"), ["enterprise_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_task_device_id"))

    op.drop_table("task")
    with op.batch_alter_table("syncpackage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_syncpackage_sender_id"))

    op.drop_table("syncpackage")
    with op.batch_alter_table("syncmark", schema=None) as batch_op:
        batch_op.drop_index("ix_syncmark_record")
        batch_op.drop_index(batch_op.f("ix_syncmark_package_id"))

    op.drop_table("syncmark")
    with op.batch_alter_table("syncconflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_syncconflict_package_id"))

    op.drop_table("syncconflict")
    op.drop_table("sampling")
    with op.batch_alter_table("receivedauditevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receivedauditevent_device_id"))

    op.drop_table("receivedauditevent")
