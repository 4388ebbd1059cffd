"""server state: when the current epoch began (`poruch-server restored`, or a restore noticed at start), so
that the devices list can say which laptops have not been in touch since (docs/server.md, Backups)

Revision ID: 0018_epoch_began_at
Revises: 0017_server_epoch
Create Date: 2026-12-04 18:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0018_epoch_began_at'
down_revision: str | Sequence[str] | None = '0017_server_epoch'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('server_state') as batch:
        batch.add_column(sa.Column('epoch_began_at', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('server_state') as batch:
        batch.drop_column('epoch_began_at')
