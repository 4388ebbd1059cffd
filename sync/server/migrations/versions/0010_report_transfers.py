"""report_transfers: the fact table of case transfers (rf_transfers), so that reports count transfers in
and out of each office; filled here from the transfer records already on the server.

A database created at this version already has the table: 0004 creates the fact tables as they are
defined now (sync.reports.facts), so it is created only where it is missing.

Revision ID: 0010_report_transfers
Revises: 0009_partners
Create Date: 2026-12-04 05:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_report_transfers'
down_revision: str | Sequence[str] | None = '0009_partners'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAMING = {"ix": "ix_%(table_name)s_%(column_0_N_name)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
           "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}


def upgrade() -> None:
    from sync.reports.facts import transfer_facts_table
    from sync.reports.factstore import facts_from_rows

    bind = op.get_bind()
    if sa.inspect(bind).has_table("rf_transfers"):
        return
    table = transfer_facts_table(sa.MetaData(naming_convention=_NAMING))
    table.create(bind)
    rows = bind.execute(sa.text("SELECT id, type, case_id, data, hlc FROM records "
                                "WHERE type = 'transfer' AND NOT deleted")).all()
    facts = [row for _, f in facts_from_rows(rows) for row in f.rows["rf_transfers"]]
    if facts:
        bind.execute(table.insert(), facts)


def downgrade() -> None:
    op.drop_table("rf_transfers")
