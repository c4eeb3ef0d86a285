"""Findings and documents a legal clerk would sign: 违反/部位/现场处理措施 on hazards, 复查 officers, 拒签,
职务, 拍摄人 and 整改后 photos.

Plain ADD COLUMN with a constant default (no table copy), so a bureau's million hazards upgrade in a moment.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = [
    ("enterprise", "representative_title", sqlmodel.sql.sqltypes.AutoString(length=60)),
    ("hazard", "violates", sa.Text()),
    ("hazard", "location", sqlmodel.sql.sqltypes.AutoString(length=200)),
    ("hazard", "onsite_measures", sa.Text()),
    ("hazardevent", "officers", sa.Text()),
    ("photo", "taken_by", sqlmodel.sql.sqltypes.AutoString(length=60)),
    ("photo", "stage", sqlmodel.sql.sqltypes.AutoString(length=16)),
    ("signature", "signer_title", sqlmodel.sql.sqltypes.AutoString(length=60)),
    ("signature", "refusal", sa.Text()),
]


def upgrade() -> None:
    for table, name, kind in COLUMNS:
        op.add_column(table, sa.Column(name, kind, nullable=False, server_default=""))


def downgrade() -> None:
    for table, name, _kind in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(name)
