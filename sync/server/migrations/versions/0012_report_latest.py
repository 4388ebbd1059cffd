"""report facts keep each case's state and latest assessment after its newest stage change and
assessment (sync.reports.facts.LATEST_COLUMNS): a release ranks only the cases changed after the day
it describes, not every case's history

Revision ID: 0012_report_latest
Revises: 0011_aid_overlaps
Create Date: 2026-12-04 05:00:00

The columns are filled from the fact rows already there (one UPDATE, no record decoded again). A
server created at this version already has them: 0004 creates the fact tables as defined now.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012_report_latest'
down_revision: str | Sequence[str] | None = '0011_aid_overlaps'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from sync.reports.facts import latest_columns
    from sync.reports.factstore import fill_latest_columns

    bind = op.get_bind()
    have = {c["name"] for c in sa.inspect(bind).get_columns("rf_cases")}
    missing = [c for c in latest_columns() if c.name not in have]
    if missing:
        for column in missing:
            op.add_column("rf_cases", column)
        fill_latest_columns(bind)


def downgrade() -> None:
    from sync.reports.facts import latest_columns

    for column in reversed(latest_columns()):
        op.drop_column("rf_cases", column.name)
