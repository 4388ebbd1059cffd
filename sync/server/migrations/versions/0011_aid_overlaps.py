"""aid overlaps flagged: one row per pair of services of the same kind in overlapping periods

Revision ID: 0011_aid_overlaps
Revises: 0010_report_transfers
Create Date: 2026-12-04 05:15:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_aid_overlaps'
down_revision: str | Sequence[str] | None = '0010_report_transfers'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('aid_overlaps',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('service_a', sa.String(length=64), nullable=False),
    sa.Column('service_b', sa.String(length=64), nullable=False),
    sa.Column('found_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_overlaps'))
    )
    with op.batch_alter_table('aid_overlaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aid_overlaps_service_a'), ['service_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_overlaps_service_b'), ['service_b'], unique=False)


def downgrade() -> None:
    op.drop_table('aid_overlaps')
