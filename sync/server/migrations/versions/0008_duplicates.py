"""possible duplicates across offices: match profiles, lookup keys and flagged pairs

Revision ID: 0008_duplicates
Revises: 0007_attachment_cases
Create Date: 2026-12-04 02:05:00

Persons already on the server are indexed when a push next touches them: the
check covers new and changed persons, as the issue asks.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_duplicates'
down_revision: str | Sequence[str] | None = '0007_attachment_cases'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('person_match',
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('profile', sa.Text(), nullable=False),
    sa.Column('display', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_person_match'))
    )
    op.create_table('person_match_keys',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('key', 'case_id', name=op.f('pk_person_match_keys'))
    )
    with op.batch_alter_table('person_match_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_match_keys_case_id'), ['case_id'], unique=False)
    op.create_table('duplicate_pairs',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('case_a', sa.String(length=64), nullable=False),
    sa.Column('case_b', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('found_at', sa.BigInteger(), nullable=False),
    sa.Column('decided_at', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_pairs'))
    )
    with op.batch_alter_table('duplicate_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_pairs_case_a'), ['case_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_duplicate_pairs_case_b'), ['case_b'], unique=False)


def downgrade() -> None:
    op.drop_table('duplicate_pairs')
    op.drop_table('person_match_keys')
    op.drop_table('person_match')
