"""Report facts: flat per-case rows for reports, and triggers that queue the cases to rebuild.

The fact tables are defined once for both ends (sync/reports/facts.py). Every insert, update or
delete of a record of a type the facts are built from queues its case in `report_dirty`, inside the
writer's own transaction, whoever writes (a save, a pulled page, an eviction); the queue is worked
off before a report is computed (desktop/store/report_facts.py). Existing cases are queued here.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from sync.reports.facts import FACT_TYPES, define_fact_tables

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TYPES = ", ".join(f"'{t}'" for t in FACT_TYPES)


def _queue(row: str) -> str:
    # Not INSERT OR IGNORE: inside a trigger the outer statement's conflict clause wins, and the
    # store's upserts (ON CONFLICT DO UPDATE) would turn a second queueing into a constraint error.
    return (f"INSERT INTO report_dirty (case_id) SELECT {row}.case_id "
            f"WHERE NOT EXISTS (SELECT 1 FROM report_dirty WHERE case_id = {row}.case_id); END")


TRIGGERS = {
    "rf_dirty_insert": f"AFTER INSERT ON records WHEN NEW.type IN ({_TYPES}) BEGIN {_queue('NEW')}",
    "rf_dirty_update": f"AFTER UPDATE OF data, deleted, updated_at ON records WHEN NEW.type IN ({_TYPES}) "
                       f"BEGIN {_queue('NEW')}",
    "rf_dirty_delete": f"AFTER DELETE ON records WHEN OLD.type IN ({_TYPES}) BEGIN {_queue('OLD')}",
}


def upgrade() -> None:
    op.create_table("report_dirty", sa.Column("case_id", sa.String(), primary_key=True))
    frozen = sa.MetaData()
    for table in define_fact_tables(frozen).values():
        table.create(op.get_bind())
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(f"INSERT OR IGNORE INTO report_dirty (case_id) SELECT DISTINCT case_id FROM records "
               f"WHERE type IN ({_TYPES})")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    for name in reversed(list(define_fact_tables(sa.MetaData()))):
        op.drop_table(name)
    op.drop_table("report_dirty")
