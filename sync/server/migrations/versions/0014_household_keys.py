"""household members' identifiers, for aid overlap across households

Revision ID: 0014_household_keys
Revises: 0013_report_aid_overlaps
Create Date: 2026-12-04 10:00:00

One row per household member with a valid RNOKPP: the key ("rnokpp:" and the ten digits), the
member's record and its case. Only the identifier: names and birth dates of members stay in their
records. Members already on the server are indexed here, from their records.
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014_household_keys'
down_revision: str | Sequence[str] | None = '0013_report_aid_overlaps'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    keys = op.create_table('household_keys',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('member_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('key', 'member_id', name=op.f('pk_household_keys'))
    )
    with op.batch_alter_table('household_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_keys_case_id'), ['case_id'], unique=False)
    records = sa.table('records', sa.column('id', sa.String), sa.column('case_id', sa.String),
                       sa.column('type', sa.String), sa.column('data', sa.Text), sa.column('deleted', sa.Boolean))
    conn = op.get_bind()
    rows = []
    query = sa.select(records.c.id, records.c.case_id, records.c.data).where(
        records.c.type == 'household_member', records.c.deleted.is_(False))
    for member_id, case_id, data in conn.execute(query):
        number = "".join((json.loads(data).get("rnokpp") or "").split())
        if len(number) == 10 and number.isascii() and number.isdigit():
            rows.append({"key": "rnokpp:" + number, "member_id": member_id, "case_id": case_id})
    if rows:
        op.bulk_insert(keys, rows)


def downgrade() -> None:
    op.drop_table('household_keys')
