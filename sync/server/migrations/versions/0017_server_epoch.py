"""server state: the epoch, changed by `poruch-server restored` after the database is restored from a backup,
and the counter it began at (docs/sync-protocol.md, Verification)

Revision ID: 0017_server_epoch
Revises: 0016_release_counts
Create Date: 2026-12-04 15:10:00
"""
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017_server_epoch'
down_revision: str | Sequence[str] | None = '0016_release_counts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('server_state') as batch:
        batch.add_column(sa.Column('epoch', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('epoch_seq', sa.BigInteger(), server_default='0', nullable=False))
    op.execute(sa.text("UPDATE server_state SET epoch = :epoch").bindparams(epoch=secrets.token_hex(8)))


def downgrade() -> None:
    with op.batch_alter_table('server_state') as batch:
        batch.drop_column('epoch_seq')
        batch.drop_column('epoch')
