"""report_aid_overlaps: the fact table of aid overlaps (rf_aid_overlaps), so that reports count them;
filled here from the aid_overlap records already on the server.

A database created at this version already has the table: 0004 creates the fact tables as they are
defined now (sync.reports.facts), so it is created only where it is missing.

Revision ID: 0013_report_aid_overlaps
Revises: 0012_report_latest
Create Date: 2026-12-04 05:40:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013_report_aid_overlaps'
down_revision: str | Sequence[str] | None = '0012_report_latest'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAMING = {"ix": "ix_%(table_name)s_%(column_0_N_name)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
           "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}


def upgrade() -> None:
    from sync.reports.facts import FACT_TYPES, aid_overlap_facts_table
    from sync.reports.factstore import facts_from_rows

    bind = op.get_bind()
    if sa.inspect(bind).has_table("rf_aid_overlaps"):
        return
    table = aid_overlap_facts_table(sa.MetaData(naming_convention=_NAMING))
    table.create(bind)
    # The whole records of the cases concerned: an overlap's office is its case's.
    rows = bind.execute(sa.text(
        "SELECT id, type, case_id, data, hlc FROM records WHERE NOT deleted AND type IN :types AND case_id IN "
        "(SELECT case_id FROM records WHERE type = 'aid_overlap')").bindparams(
            sa.bindparam("types", expanding=True)), {"types": list(FACT_TYPES)}).all()
    facts = [row for _, f in facts_from_rows(rows) for row in f.rows["rf_aid_overlaps"]]
    if facts:
        bind.execute(table.insert(), facts)


def downgrade() -> None:
    op.drop_table("rf_aid_overlaps")
