"""reports: the national release's counts per month and hromada, kept current as facts are rebuilt
(sync.server.release_counts): a release not cached reads them instead of evaluating every case

Revision ID: 0016_release_counts
Revises: 0015_match_keys
Create Date: 2026-12-04 13:00:00

Both tables start empty: a month is counted the first time a release asks for it.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016_release_counts'
down_revision: str | Sequence[str] | None = '0015_match_keys'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('release_months',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('start_on', sa.String(length=10), nullable=False),
    sa.Column('end_on', sa.String(length=10), nullable=False),
    sa.Column('as_of', sa.String(length=10), nullable=False),
    sa.Column('before_on', sa.String(length=10), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_release_months'))
    )
    op.create_table('release_counts',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('table_id', sa.String(length=40), nullable=False),
    sa.Column('key_office', sa.String(length=64), nullable=False),
    sa.Column('hromada', sa.String(length=19), nullable=False),
    sa.Column('dims', sa.String(length=400), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'table_id', 'key_office', 'hromada', 'dims', name=op.f('pk_release_counts'))
    )


def downgrade() -> None:
    op.drop_table('release_counts')
    op.drop_table('release_months')
