"""Reports count aid overlaps: the fact table rf_aid_overlaps, and every case holding an aid_overlap record
is queued so that the next report builds its facts.

A store created at this version already has the table (revision 0003 creates the fact tables as they
are defined now), so it is created only where it is missing.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from sync.reports.facts import aid_overlap_facts_table

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if sa.inspect(bind).has_table("rf_aid_overlaps"):
        return
    aid_overlap_facts_table(sa.MetaData()).create(bind)
    op.execute("INSERT INTO report_dirty (case_id) SELECT DISTINCT case_id FROM records WHERE type = 'aid_overlap' "
               "ON CONFLICT (case_id) DO NOTHING")


def downgrade() -> None:
    op.drop_table("rf_aid_overlaps")
