"""case transfers between offices: one row per transfer beside its two records

Revision ID: 0006_transfers
Revises: 0005_identity_audit_chain
Create Date: 2026-12-04 01:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_transfers'
down_revision: str | Sequence[str] | None = '0005_identity_audit_chain'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('transfers',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('incoming_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('from_office', sa.String(length=36), nullable=False),
    sa.Column('to_office', sa.String(length=36), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('requested_at', sa.BigInteger(), nullable=False),
    sa.Column('expires_at', sa.BigInteger(), nullable=False),
    sa.Column('closed_at', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfers'))
    )
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfers_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfers_state_expires_at'), ['state', 'expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfers_state_expires_at'))
        batch_op.drop_index(batch_op.f('ix_transfers_case_id'))
    op.drop_table('transfers')
