"""Reports count case transfers in and out of each office: the fact table rf_transfers, and every transfer
record already held is queued so that the next report builds its facts.

A store created at this version already has the table (revision 0003 creates the fact tables as they
are defined now), so it is created only where it is missing.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from sync.reports.facts import transfer_facts_table

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if sa.inspect(bind).has_table("rf_transfers"):
        return
    transfer_facts_table(sa.MetaData()).create(bind)
    op.execute("INSERT INTO report_dirty (case_id) SELECT DISTINCT case_id FROM records WHERE type = 'transfer' "
               "ON CONFLICT (case_id) DO NOTHING")


def downgrade() -> None:
    op.drop_table("rf_transfers")
