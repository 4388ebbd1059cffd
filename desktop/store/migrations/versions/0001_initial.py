"""Initial local store: records, outbox, projections, attachments.

Revision ID: 0001
Revises:
"""

from alembic import op

from desktop.store.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The first revision creates the tables as declared; later revisions must use explicit ops so
    # that upgrading an old database does not depend on today's table definitions.
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
