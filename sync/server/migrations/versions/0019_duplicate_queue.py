"""the duplicate check's queue: the cases a push touched, checked once the pushes pause

Revision ID: 0019_duplicate_queue
Revises: 0018_epoch_began_at
Create Date: 2026-12-04 23:00:00

A push no longer looks for possible duplicates itself: it queues the cases it touched here, in its own
transaction, and the server checks them right after (sync.server.checks_later). Every person already on
the server was checked by the push that brought it: the queue starts empty.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0019_duplicate_queue'
down_revision: str | Sequence[str] | None = '0018_epoch_began_at'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('duplicate_queue',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_queue'))
    )


def downgrade() -> None:
    op.drop_table('duplicate_queue')
