"""Report facts keep each case's state and latest assessment as they stand after its newest stage
change and assessment (sync.reports.facts.LATEST_COLUMNS), so that a report ranks only the cases changed
after the day it describes instead of every case's history.

The columns are filled from the fact rows already there (one UPDATE, no record decoded again). A store
created at this version already has them: revision 0003 creates the fact tables as they are defined now.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from sync.reports.facts import latest_columns
from sync.reports.factstore import fill_latest_columns

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    have = {c["name"] for c in sa.inspect(bind).get_columns("rf_cases")}
    missing = [c for c in latest_columns() if c.name not in have]
    if missing:
        for column in missing:
            op.add_column("rf_cases", column)
        fill_latest_columns(bind)


def downgrade() -> None:
    for column in reversed(latest_columns()):
        op.drop_column("rf_cases", column.name)
