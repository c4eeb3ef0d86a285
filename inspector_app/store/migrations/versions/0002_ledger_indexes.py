"""Indexes for the hazard ledger at a million rows.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_status_deadline")
        batch_op.create_index("ix_hazard_status_deadline", ["status", "deadline", "found_at"], unique=False)
        batch_op.create_index("ix_hazard_found_at", ["found_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_found_at")
        batch_op.drop_index("ix_hazard_status_deadline")
        batch_op.create_index("ix_hazard_status_deadline", ["status", "deadline"], unique=False)
